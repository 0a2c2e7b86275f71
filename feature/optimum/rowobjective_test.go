package optimum

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/blasimpl"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/markov"
)

// sparseRows returns an m-state TPM whose row k puts random mass on `width` states
// from k on (cyclically), so that c1 has zeros off a band, as rows of triplets and as a
// dense TPM.
func sparseRows(t *testing.T, m, width int, rng *rand.Rand) ([]markov.Triplet, *markov.TPM) {
	t.Helper()
	trip := bandTriplets(m, width, rng)
	rows := make([][]float64, m)
	for k := range rows {
		rows[k] = make([]float64, m)
	}
	for _, e := range trip {
		rows[e.Row][e.Col] = e.Value
	}
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	return trip, a
}

// bandTriplets returns sparseRows' TPM as triplets: row k puts random mass on the
// `width` states k, k+1, … (cyclically).
func bandTriplets(m, width int, rng *rand.Rand) []markov.Triplet {
	var trip []markov.Triplet
	w := make([]float64, width)
	for k := 0; k < m; k++ {
		var sum float64
		for p := range w {
			w[p] = 0.1 + rng.Float64()
			sum += w[p]
		}
		for p, v := range w {
			trip = append(trip, markov.Triplet{Row: k, Col: (k + p) % m, Value: v / sum})
		}
	}
	return trip
}

// TestRowObjectiveExact: the row-blocked objective reproduces the dense one (feature's
// m×m InfoNCEPopulationLoss and SCPopulationPotential, SYRK logits, the gradient by a
// GEMM) bit for bit: objective, ∂f/∂u and the probabilities, at random points, with one
// and with two workers, on a full and on a banded c1, for m past two row blocks (130:
// three blocks, the last partial; GEMM's parallel path) and d below, at and above
// GEMM's 64-column block. Exact equality with gonum's BLAS, no tolerance: the blocked code
// performs the same floating-point operations in the same order (rowObjective's doc),
// which is what keeps the committed notebook numbers of notebooks/mnist valid; with
// OpenBLAS, the rounding bound of denseAgreement.
func TestRowObjectiveExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 10))
	for _, tc := range []struct {
		m, width, d int
		sc          bool
	}{
		{130, 0, 3, false}, {130, 9, 64, false}, {70, 5, 70, false},
		{130, 0, 5, true}, {70, 5, 70, true},
	} {
		t.Run(fmt.Sprintf("m=%d,width=%d,d=%d,sc=%t", tc.m, tc.width, tc.d, tc.sc), func(t *testing.T) {
			var s *feature.Space
			if tc.width == 0 {
				s = randomSpace(t, tc.m, rng)
			} else {
				_, a := sparseRows(t, tc.m, tc.width, rng)
				var err error
				if s, err = feature.NewSpace(uniformLaw(tc.m), a); err != nil {
					t.Fatal(err)
				}
			}
			const tau, n, alpha, beta = 0.4, 64, 2.0, 0.7
			f := infoNCEObjective(s, n)
			if tc.sc {
				f = scObjective(s, n, alpha, beta)
			}
			dense := newDenseObjective(tc.m, tau, f)
			x := make([]float64, tc.m*tc.d)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			u := mat.NewDense(tc.m, tc.d, normalizeRows(x, tc.m, tc.d))
			wantGU := mat.NewDense(tc.m, tc.d, nil)
			wantF := dense.eval(wantGU, u)
			wantP := mat.NewDense(tc.m, tc.m, nil)
			if g := dense.probTo(wantP, u); g != wantF {
				t.Fatalf("dense objective %v from probTo, %v from eval", g, wantF)
			}
			for _, workers := range []int{1, 2} {
				ro := newRowObjective(s.Support(), tau, n, tc.sc, alpha, beta)
				ro.workers = workers
				if f := ro.eval(nil, u); !closeToDense(f, wantF) {
					t.Errorf("workers %d: f = %.17g, dense %.17g", workers, f, wantF)
				}
				gu := mat.NewDense(tc.m, tc.d, nil)
				if f := ro.eval(gu, u); !closeToDense(f, wantF) || !matCloseToDense(gu, wantGU) {
					t.Errorf("workers %d: f = %.17g (dense %.17g); ∂f/∂u agree: %t", workers, f, wantF, matCloseToDense(gu, wantGU))
				}
				p := mat.NewDense(tc.m, tc.m, nil)
				if f := ro.probTo(p, u); !closeToDense(f, wantF) || !matCloseToDense(p, wantP) {
					t.Errorf("workers %d: probTo f = %.17g (dense %.17g); P agree: %t", workers, f, wantF, matCloseToDense(p, wantP))
				}
			}
		})
	}
}

// TestRowObjectiveCache: a second point must not reuse the first point's normalisers.
func TestRowObjectiveCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 11))
	s := randomSpace(t, 20, rng)
	ro := newRowObjective(s.Support(), 0.5, 8, false, 0, 0)
	dense := newDenseObjective(20, 0.5, infoNCEObjective(s, 8))
	for trial := 0; trial < 3; trial++ {
		x := make([]float64, 20*4)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		u := mat.NewDense(20, 4, normalizeRows(x, 20, 4))
		if f, want := ro.eval(nil, u), dense.eval(nil, u); !closeToDense(f, want) {
			t.Errorf("trial %d: f = %.17g, dense %.17g", trial, f, want)
		}
	}
}

// TestInfoNCESparseMatchesDense: on a banded 12-state TPM (c1 zero off the band), the
// sparse search and the dense one find the same optimum. c1 differs between the two
// spaces in its last bits (SYRK against a sparse product), so the optima agree to the
// search's resolution: GradTol = 1e-10 fixes the logits, hence log P, to about 1e-7
// (Options.GradTol's doc); 1e-6 relative leaves a factor 10.
func TestInfoNCESparseMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 12))
	const m = 12
	trip, a := sparseRows(t, m, 3, rng)
	ds, err := feature.NewSpace(uniformLaw(m), a)
	if err != nil {
		t.Fatal(err)
	}
	sa, err := markov.NewSparse(m, trip)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := feature.NewSparseSpace(uniformLaw(m), sa)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Dim: 4, Tau: 0.5, N: 16, Seed: 2, Restarts: 1}
	want, err := InfoNCE(ds, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := InfoNCESparse(ss, o)
	if err != nil {
		t.Fatal(err)
	}
	if got.Prob != nil || got.Cosine != nil {
		t.Error("sparse result carries m×m matrices")
	}
	sup := ss.Support()
	if len(got.SupportProb) != sup.NNZ() || len(want.SupportProb) != sup.NNZ() || sup.NNZ() >= m*m {
		t.Fatalf("support sizes: sparse %d, dense %d, support %d of %d pairs", len(got.SupportProb), len(want.SupportProb), sup.NNZ(), m*m)
	}
	if !floats.EqualApprox(got.SupportProb, want.SupportProb, 1e-6) || !(math.Abs(got.Objective-want.Objective) <= 1e-9*math.Abs(want.Objective)) {
		t.Errorf("sparse optimum: objective %.12g, P %v\ndense: objective %.12g, P %v", got.Objective, got.SupportProb, want.Objective, want.SupportProb)
	}
	// The dense SupportProb is Prob read on the support.
	for i := 0; i < m; i++ {
		cols, _, off := sup.Row(i)
		for p, j := range cols {
			if want.SupportProb[off+p] != want.Prob.At(i, int(j)) {
				t.Fatalf("dense SupportProb[%d] = %v, Prob(%d, %d) = %v", off+p, want.SupportProb[off+p], i, j, want.Prob.At(i, int(j)))
			}
		}
	}
	// T1 = 0 off the support while P > 0 there: the gap over all pairs is +Inf.
	if !math.IsInf(got.MaxRelGap, 1) || !math.IsInf(want.MaxRelGap, 1) {
		t.Errorf("MaxRelGap sparse %v, dense %v; want +Inf (T1 = 0 off the support)", got.MaxRelGap, want.MaxRelGap)
	}
	if _, err := InfoNCESparse(nil, o); err == nil {
		t.Error("InfoNCESparse(nil) returned no error")
	}
	if _, err := InfoNCESparse(ss, Options{Tau: -1, N: 16}); err == nil {
		t.Error("InfoNCESparse with τ = −1 returned no error")
	}
}

// TestSupportMaxRelGap on a full support by hand: |0.3 − 0.2|/0.2 = 0.5 is the worst;
// NaN wins; a zero target under a non-zero probability is +Inf.
func TestSupportMaxRelGap(t *testing.T) {
	s := feature.Toy()
	sup := s.Support()
	target := mat.NewDense(3, 3, []float64{0.2, 1, 1, 1, 1, 1, 1, 1, 1})
	prob := []float64{0.3, 1, 1, 1, 1.1, 1, 1, 1, 1}
	if sup.NNZ() != 9 {
		t.Fatalf("toy support has %d entries, want 9", sup.NNZ())
	}
	if g := supportMaxRelGap(sup, prob, target); !(math.Abs(g-0.5) <= 1e-15) {
		t.Errorf("gap %v, want 0.5", g)
	}
	prob[8] = math.NaN()
	if g := supportMaxRelGap(sup, prob, target); !math.IsNaN(g) {
		t.Errorf("gap with a NaN %v, want NaN", g)
	}
	prob[8] = 1
	target.Set(2, 2, 0)
	if g := supportMaxRelGap(sup, prob, target); !math.IsInf(g, 1) {
		t.Errorf("gap with T = 0 < P %v, want +Inf", g)
	}
}

// randomUnitRows returns m unit rows of length d, uniform on the sphere.
func randomUnitRows(m, d int, rng *rand.Rand) *mat.Dense {
	return mat.NewDense(m, d, start(m, d, rng))
}

func uniformLaw(m int) []float64 {
	p := make([]float64, m)
	for i := range p {
		p[i] = 1 / float64(m)
	}
	return p
}

// TestRowObjectiveMemory: one objective-and-gradient evaluation at m = 2000 (banded c1)
// allocates O(m·d + nnz + workers·m) bytes, far below one m×m matrix (32 MB): the
// bound, a tenth of it, is 3.2 MB against about 0.3 MB expected (the cached point
// m·d, the normalisers m, scratch 3m per worker and the support terms of a block).
func TestRowObjectiveMemory(t *testing.T) {
	const m, d = 2000, 4
	rng := rand.New(rand.NewPCG(13, 13))
	trip := bandTriplets(m, 3, rng)
	a, err := markov.NewSparse(m, trip)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSparseSpace(uniformLaw(m), a)
	if err != nil {
		t.Fatal(err)
	}
	u := randomUnitRows(m, d, rng)
	gu := mat.NewDense(m, d, nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ro := newRowObjective(s.Support(), 0.5, 16, false, 0, 0)
	f := ro.eval(gu, u)
	runtime.ReadMemStats(&after)
	bytes := after.TotalAlloc - before.TotalAlloc
	t.Logf("m = %d: %d bytes allocated", m, bytes)
	if !(bytes <= m*m*8/10) || math.IsNaN(f) {
		t.Errorf("one evaluation at m = %d allocated %d bytes (f = %v), want ≤ %d (a tenth of one m×m matrix)", m, bytes, f, m*m*8/10)
	}
}

// BenchmarkObjectiveGrad times one objective and one gradient evaluation at a point
// (L-BFGS's Func then Grad) at m = 1000, d = 64 (the notebook's study c) on the m×m
// route and on the row-blocked one. At a load average of 28 on 2 cores: 2.16 s and
// 1.73 s per op.
func BenchmarkObjectiveGrad(b *testing.B) {
	const m, d, tau, n = 1000, 64, 0.5, 256
	rng := rand.New(rand.NewPCG(13, 14))
	a, err := markov.RandomDirichlet(m, 1, rng)
	if err != nil {
		b.Fatal(err)
	}
	s, err := feature.NewSpace(uniformLaw(m), a)
	if err != nil {
		b.Fatal(err)
	}
	u := randomUnitRows(m, d, rng)
	gu := mat.NewDense(m, d, nil)
	for _, bc := range []struct {
		name string
		obj  func() objective
	}{
		{"dense", func() objective { return newDenseObjective(m, tau, infoNCEObjective(s, n)) }},
		{"rows", func() objective { return newRowObjective(s.Support(), tau, n, false, 0, 0) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			obj := bc.obj()
			for b.Loop() {
				if ro, ok := obj.(*rowObjective); ok {
					ro.cached = nil // a new point, as at each L-BFGS step (Func, then Grad)
				}
				obj.eval(nil, u)
				obj.eval(gu, u)
			}
		})
	}
}

// TestSupportProbPanics: programmer errors name the value; a valid call on the toy
// returns one probability per pair of its full support, each row summing with its
// negatives' weights to 1 (Σ_j (c1_ij/q_i + (n−1) q_j) P_ij = D_i/D_i).
func TestSupportProbPanics(t *testing.T) {
	s := feature.Toy()
	sup := s.Support()
	u := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 0.6, 0.8})
	testutil.MustPanic(t, "n = 1", "N = 1", func() { SupportProb(sup, u, 0.5, 1) })
	testutil.MustPanic(t, "τ = 0", "τ = 0", func() { SupportProb(sup, u, 0, 4) })
	testutil.MustPanic(t, "τ = +Inf", "τ = +Inf", func() { SupportProb(sup, u, math.Inf(1), 4) })
	testutil.MustPanic(t, "2 rows", "2 embeddings for 3 states", func() { SupportProb(sup, mat.NewDense(2, 2, nil), 0.5, 4) })
	const n = 4
	p, _ := SupportProb(sup, u, 0.5, n)
	q := sup.ViewMarginal()
	for i := 0; i < 3; i++ {
		cols, c1, off := sup.Row(i)
		var sum float64
		for k, j := range cols {
			sum += (c1[k]/q[i] + (n-1)*q[j]) * p[off+k]
		}
		// Three terms of size ≤ 1 each: a few ulps.
		if !(math.Abs(sum-1) <= 1e-15) {
			t.Errorf("row %d: Σ_j (c1_ij/q_i + (n−1)q_j) P_ij = %v, want 1", i, sum)
		}
	}
}

// denseAgreement is the largest relative difference allowed between the row-blocked and
// the m×m evaluation. With gonum's BLAS it is 0: its GEMM sums each dot product in the
// same order whatever the block (rowObjective's doc). OpenBLAS orders a cosine's d ≤ 70
// products by its own blocking, so each s_ij = cos/τ may differ between the two by
// γ_70/τ = 70u/(1 − 70u)/0.4 ≈ 3.9e-14 (unit rows: Σ_k |u_ik u_jk| ≤ 1); f (Σ c1 = 1,
// |Δ log D_i| ≤ max |Δs|), P (relative change ≤ 2 max |Δs|) and ∂f/∂u move by a few
// times that relative to their size, so 1e-12 leaves a factor of 25.
func denseAgreement() float64 {
	if blasimpl.Name() == "gonum" {
		return 0
	}
	return 1e-12
}

// closeToDense reports whether got equals want within denseAgreement, relative.
func closeToDense(got, want float64) bool {
	return got == want || math.Abs(got-want) <= denseAgreement()*math.Abs(want)
}

// matCloseToDense reports whether got equals want within denseAgreement relative to
// want's largest entry.
func matCloseToDense(got, want *mat.Dense) bool {
	tol := denseAgreement()
	if tol == 0 {
		return mat.Equal(got, want)
	}
	return mat.EqualApprox(got, want, tol*mat.Norm(want, math.Inf(1)))
}
