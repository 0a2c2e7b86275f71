package feature

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

// randomSpaceInput returns a random π with exact zeros at every fifth state (the rows
// that the build skips) and a Dirichlet(κ=1) TPM, m states.
func randomSpaceInput(t *testing.T, m int, seed uint64) (*markov.Dist, *markov.TPM) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, uint64(m)))
	p := make([]float64, m)
	var sum float64
	for k := range p {
		if k%5 != 3 {
			p[k] = rng.ExpFloat64()
			sum += p[k]
		}
	}
	for k := range p {
		p[k] /= sum
	}
	src, err := markov.NewDist(p)
	if err != nil {
		t.Fatal(err)
	}
	aug, err := markov.RandomDirichlet(m, 1, rng)
	if err != nil {
		t.Fatal(err)
	}
	return src, aug
}

// naiveC1 returns c1_ij = Σ_k π_k A_ki A_kj by the triple loop of the definition
// (docs/theory.md §1) and the matching error scale Σ_k |π_k A_ki A_kj| = c1_ij.
func naiveC1(src *markov.Dist, aug *markov.TPM) [][]float64 {
	m := aug.Len()
	c := make([][]float64, m)
	for i := range c {
		c[i] = make([]float64, m)
		for j := range c[i] {
			for k := 0; k < m; k++ {
				c[i][j] += src.At(k) * aug.At(k, i) * aug.At(k, j)
			}
		}
	}
	return c
}

// checkAgainstNaive compares the space's q (bit for bit with markov's Apply, which adds
// the same products in the same order), c1 and c2 with the definitions, and T1 with
// its closed form on the naive c1.
func checkAgainstNaive(t *testing.T, what string, s *Space, src *markov.Dist, aug *markov.TPM) {
	t.Helper()
	m := aug.Len()
	wantQ := aug.Apply(src).Values(nil)
	gotQ := s.ViewMarginal()
	for i := range wantQ {
		if math.Float64bits(gotQ[i]) != math.Float64bits(wantQ[i]) {
			t.Fatalf("%s: q_%d = %v, πA = %v (same sum in the same order, so bit-identical)", what, i, gotQ[i], wantQ[i])
		}
	}
	c1 := naiveC1(src, aug)
	// Both c1 routes sum m non-negative products in some order: each errs by at most
	// m·ε·c1_ij (dot-product bound), so they differ by at most 2mε·c1_ij.
	tol := func(c float64) float64 { return 2 * float64(m) * 0x1p-52 * c }
	pj, nj := s.PositiveJoint(), s.NegativeJoint()
	const n = 1000 // the batch size of docs/theory.md §7's golden T1
	t1 := s.InfoNCETarget(n)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if got := pj.At(i, j); !scalar.EqualWithinAbs(got, c1[i][j], tol(c1[i][j])) {
				t.Fatalf("%s: c1[%d,%d] = %v, triple loop %v", what, i, j, got, c1[i][j])
			}
			if got, want := nj.At(i, j), wantQ[i]*wantQ[j]; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%s: c2[%d,%d] = %v, q_i q_j = %v", what, i, j, got, want)
			}
			// T1 = c/(c + b) with b = (n−1)q_i q_j > 0 exact to a few ε and c off by δ:
			// |∂T1/∂c| = b/(c+b)² ≤ 1/(c+b), so T1 moves by at most δ/(c+b) ≤ 2mε·T1,
			// plus a few ε·T1 for the division and the products: 4mε·T1 covers both.
			c := c1[i][j]
			want := c / (c + float64(n-1)*wantQ[i]*wantQ[j])
			if got := t1.At(i, j); !scalar.EqualWithinAbs(got, want, 4*float64(m)*0x1p-52*want) {
				t.Fatalf("%s: T1[%d,%d] = %v, closed form on the triple-loop c1 %v", what, i, j, got, want)
			}
		}
	}
}

// TestBuildMatchesDefinitions checks the fused build (q, B, SYRK) against the triple
// loop on sizes below one SYRK tile, at a tile edge plus one, and ragged over several
// tiles, with zero source masses (skipped rows).
func TestBuildMatchesDefinitions(t *testing.T) {
	for _, m := range []int{5, 65, 150} {
		src, aug := randomSpaceInput(t, m, 11)
		s, err := NewSpace(src.Values(nil), aug)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstNaive(t, "NewSpace", s, src, aug)
	}
}

// equalSym reports whether a and b hold the same bits on and above the diagonal.
func equalSym(a, b mat.Matrix) bool {
	m, _ := a.Dims()
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			if math.Float64bits(a.At(i, j)) != math.Float64bits(b.At(i, j)) {
				return false
			}
		}
	}
	return true
}

// TestSetReusesStorage builds a sequence of spaces (same size, a smaller one, the same
// again) into one Space with one workspace and target matrices, and checks every step
// against a fresh NewSpace (bit for bit: same code, so a leftover from the previous
// space would show) and against the definitions.
func TestSetReusesStorage(t *testing.T) {
	var (
		s      Space
		work   SpaceWorkspace
		t1, t2 mat.SymDense
	)
	const n, alpha, beta = 7, 1.5, 0.25
	for step, in := range []struct{ m, seed int }{{150, 1}, {150, 2}, {70, 3}, {150, 4}} {
		src, aug := randomSpaceInput(t, in.m, uint64(in.seed))
		if err := s.Set(src, aug, &work); err != nil {
			t.Fatal(err)
		}
		fresh, err := NewSpace(src.Values(nil), aug)
		if err != nil {
			t.Fatal(err)
		}
		if in.m != t1.SymmetricDim() {
			t1.Reset()
			t2.Reset()
		}
		s.InfoNCETargetTo(&t1, n)
		s.SCTargetTo(&t2, n, alpha, beta)
		for _, c := range []struct {
			name      string
			got, want mat.Matrix
		}{
			{"c1", s.PositiveJoint(), fresh.PositiveJoint()},
			{"T1", &t1, fresh.InfoNCETarget(n)},
			{"T2", &t2, fresh.SCTarget(n, alpha, beta)},
		} {
			if !equalSym(c.got, c.want) {
				t.Fatalf("step %d (m=%d): reused %s differs from a fresh space's", step, in.m, c.name)
			}
		}
		if step == 1 {
			checkAgainstNaive(t, "Set, reused storage", &s, src, aug)
		}
		// R1 (docs/theory.md §4): Σ_j q_j T2_ij = (α−β)/(n−1) exactly in exact
		// arithmetic; the m-term sum of terms ≤ α ρ q_j errs by a few mε relative.
		r := s.WeightedRowSums(&t2)
		for i, ri := range r {
			if want := (alpha - beta) / (n - 1); !scalar.EqualWithinAbsOrRel(ri, want, 1e-12, 1e-12) {
				t.Fatalf("step %d: Σ_j q_j T2_%dj = %v, want (α−β)/(n−1) = %v", step, i, ri, want)
			}
		}
	}
}

// TestSetErrorLeavesSpace checks that a failed Set names the unreachable state and
// leaves the receiver as it was.
func TestSetErrorLeavesSpace(t *testing.T) {
	var s Space
	src, aug := randomSpaceInput(t, 3, 5)
	if err := s.Set(src, aug, nil); err != nil {
		t.Fatal(err)
	}
	before := s.PositiveJoint()
	qBefore := s.ViewMarginal()
	id, _ := markov.Identity(3)
	half, _ := markov.NewDist([]float64{0.5, 0, 0.5})
	var ue *UnreachableError
	if err := s.Set(half, id, nil); !errors.As(err, &ue) || ue.State != 1 {
		t.Fatalf("Set with q_1 = 0: error %v, want an UnreachableError for state 1", err)
	}
	short, _ := markov.NewDist([]float64{0.5, 0.5})
	if err := s.Set(short, aug, nil); err == nil {
		t.Fatal("Set with 2 source states for a 3-state TPM: no error")
	}
	if err := s.Set(nil, aug, nil); err == nil {
		t.Fatal("Set with a nil source: no error")
	}
	if !equalSym(s.PositiveJoint(), before) || s.Augmentation() != aug {
		t.Fatal("failed Set changed c1 or A")
	}
	for i, q := range s.ViewMarginal() {
		if q != qBefore[i] {
			t.Fatalf("failed Set changed q_%d from %v to %v", i, qBefore[i], q)
		}
	}
}

// TestTargetToDestinations checks the dst rules: a view into a larger matrix (stride
// > m) receives the same numbers, and a wrong size panics.
func TestTargetToDestinations(t *testing.T) {
	src, aug := randomSpaceInput(t, 9, 6)
	s, err := NewSpace(src.Values(nil), aug)
	if err != nil {
		t.Fatal(err)
	}
	big := mat.NewSymDense(12, nil)
	view := big.SliceSym(2, 11).(*mat.SymDense)
	s.InfoNCETargetTo(view, 4)
	if !equalSym(view, s.InfoNCETarget(4)) {
		t.Error("T1 written through a strided view differs")
	}
	if big.At(0, 0) != 0 || big.At(11, 11) != 0 {
		t.Error("T1 written outside the view")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("InfoNCETargetTo into an 8×8 matrix for 9 states did not panic")
			}
		}()
		s.InfoNCETargetTo(mat.NewSymDense(8, nil), 4)
	}()
}

// TestSetAllocatesNothing checks the steady state of the reusing form: Set with one
// workspace, and both targets into reused matrices, allocate nothing — on a size that
// takes the tiled parallel path of the pure-Go SYRK.
func TestSetAllocatesNothing(t *testing.T) {
	src, aug := randomSpaceInput(t, 150, 8)
	var (
		s      Space
		work   SpaceWorkspace
		t1, t2 mat.SymDense
	)
	step := func() {
		if err := s.Set(src, aug, &work); err != nil {
			t.Fatal(err)
		}
		s.InfoNCETargetTo(&t1, 1000)
		s.SCTargetTo(&t2, 1000, 2, 1)
	}
	step()
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("Set + InfoNCETargetTo + SCTargetTo: %v allocations per run, want 0", a)
	}
}

// TestSetToyGolden builds a 150-state space first, so that the workspace and the Space
// hold more storage than needed, then the toy of docs/theory.md §7 into the same
// Space, and checks the toy's exact c1 and its golden T1 and T2(1, 0).
func TestSetToyGolden(t *testing.T) {
	var (
		s      Space
		work   SpaceWorkspace
		t1, t2 mat.SymDense
	)
	src, aug := randomSpaceInput(t, 150, 9)
	if err := s.Set(src, aug, &work); err != nil {
		t.Fatal(err)
	}
	uniform, _ := markov.Uniform(3)
	if err := s.Set(uniform, toyTPM(t), &work); err != nil {
		t.Fatal(err)
	}
	s.InfoNCETargetTo(&t1, ToyBatchSize)
	s.SCTargetTo(&t2, ToyBatchSize, 1, 0)
	c1 := s.PositiveJoint()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			// float64 rounding of sums of three products of order 0.1 (as TestToyGolden).
			if got := c1.At(i, j); !scalar.EqualWithinAbsOrRel(got, toyC1[i][j], 1e-15, 1e-15) {
				t.Errorf("c1[%d][%d] = %.17g, want %.17g", i, j, got, toyC1[i][j])
			}
			// Golden T1, T2 printed with 9 decimals: within half a unit of the 9th.
			const tol = 0.5e-9 * (1 + 1e-9)
			if got := t1.At(i, j); !scalar.EqualWithinAbs(got, goldenT1[i][j], tol) {
				t.Errorf("T1[%d][%d] = %.12g, golden %v", i, j, got, goldenT1[i][j])
			}
			if got := t2.At(i, j); !scalar.EqualWithinAbs(got, goldenT2[i][j], tol) {
				t.Errorf("T2[%d][%d] = %.12g, golden %v", i, j, got, goldenT2[i][j])
			}
		}
	}
}
