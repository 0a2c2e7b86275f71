package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// offBy lists the entries where est differs from want by more than k standard errors
// (|est − want| ≤ k·se, NaN-safe: a NaN anywhere is listed).
func offBy(name string, est, se, want mat.Matrix, k float64) []string {
	var bad []string
	m, _ := want.Dims()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			d, s := math.Abs(est.At(i, j)-want.At(i, j)), se.At(i, j)
			if !(d <= k*s) {
				bad = append(bad, fmt.Sprintf("%s[%d][%d] = %.6g, want %.6g ± %g·%.3g (%.1f SE)", name, i, j, est.At(i, j), want.At(i, j), k, s, d/s))
			}
		}
	}
	return bad
}

func dirichletSpace(t testing.TB, m int, kappa float64, seed uint64) *feature.Space {
	rng := rand.New(rand.NewPCG(seed, 0))
	aug, err := markov.RandomDirichlet(m, kappa, rng)
	if err != nil {
		t.Fatal(err)
	}
	pi, err := markov.RandomDist(m, kappa, rng)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(pi.Values(nil), aug)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestC9_PairFrequenciesMatchJoints: Monte Carlo pair frequencies agree with c1
// (PositiveJoint), c2 (NegativeJoint), q (ViewMarginal) and T1 (InfoNCETarget) within
// 4 standard errors for every entry. A two-sided 4-SE check of an (asymptotically)
// normal estimate fails by chance with probability 6.3e-5; the m² entries of each
// matrix (symmetric, so m(m+1)/2 distinct) of c1, c2 and T1 plus m of q give a
// family-wise false-alarm rate ≤ (3m² + m)·6.3e-5: 1.9e-3 on the toy (m = 3), 7.2e-3
// for m = 6. The seed is fixed, so the outcome is reproducible.
func TestC9_PairFrequenciesMatchJoints(t *testing.T) {
	const draws = 200000
	tests := []struct {
		name   string
		space  *feature.Space
		reason string
	}{
		{"toy", feature.Toy(), "the paper's toy (docs/theory.md §7)"},
		{"dirichlet m=6", dirichletSpace(t, 6, 2, 42), "a random space: non-uniform π, asymmetric A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c1, c2 := tc.space.PositiveJoint(), tc.space.NegativeJoint()
			m := tc.space.Len()
			// The normal approximation behind "4 SE" needs every expected count to be
			// large; 200 000 draws with c ≥ 1e-3 give ≥ 200 per entry.
			for i := 0; i < m; i++ {
				for j := 0; j < m; j++ {
					if c := math.Min(c1.At(i, j), c2.At(i, j)); c < 1e-3 {
						t.Fatalf("test precondition: c[%d][%d] = %g < 1e-3; pick another space", i, j, c)
					}
				}
			}
			e := EstimatePairs(NewSampler(tc.space), draws, Stream(2025, 0))
			if e.Draws != draws {
				t.Errorf("Draws = %d, want %d", e.Draws, draws)
			}
			var bad []string
			bad = append(bad, offBy("c1", e.C1, e.C1SE, c1, 4)...)
			bad = append(bad, offBy("c2", e.C2, e.C2SE, c2, 4)...)
			q := tc.space.ViewMarginal()
			bad = append(bad, offBy("q", mat.NewDiagDense(m, e.Q), mat.NewDiagDense(m, e.QSE), mat.NewDiagDense(m, q), 4)...)
			const n = 1000
			t1, t1se := e.InfoNCETarget(n)
			bad = append(bad, offBy("T1", t1, t1se, tc.space.InfoNCETarget(n), 4)...)
			for _, b := range bad {
				t.Errorf("%s (%s)", b, tc.reason)
			}

			// Test of the test: the same check against c1 shifted by ±10 SE (sign
			// alternating by entry, kept symmetric) must flag every entry, since an
			// estimate within 4 SE of c1 is then at least 6 SE from the shifted matrix.
			shifted := mat.NewSymDense(m, nil)
			for i := 0; i < m; i++ {
				for j := i; j < m; j++ {
					sign := float64(1 - 2*((i+j)%2))
					shifted.SetSym(i, j, c1.At(i, j)+sign*10*e.C1SE.At(i, j))
				}
			}
			if got := offBy("c1", e.C1, e.C1SE, shifted, 4); len(got) != m*m {
				t.Errorf("the 4-SE check flags %d of %d entries of c1 shifted by 10 SE, want all", len(got), m*m)
			}
		})
	}
}

// TestC9_StandardErrorMatchesSpread: over R = 200 independent replicates, the sample
// variance s² of each estimate agrees with the mean squared reported standard error
// σ̂². For a normal estimate (R−1)s²/σ² ~ χ²(R−1), so the ratio s²/σ² lies between the
// χ²(199) quantiles at 5e-5 and 1 − 5e-5, divided by 199 (about 0.66 and 1.44): a
// two-sided 1e-4 false alarm per entry, 1.5e-3 for the 15 distinct entries (6 of c1,
// 6 of c2, 3 of q). The estimates are binomial frequencies with ≥ 100 expected counts,
// whose excess kurtosis (≤ 0.01) widens the spread of s² by under 1 %.
//
// Test of the test: the unsymmetrised variance c(1−c) is about twice the true
// c/2 − c² off the diagonal, so its ratio (≈ 0.45) falls below the band.
func TestC9_StandardErrorMatchesSpread(t *testing.T) {
	const (
		reps  = 200
		draws = 2000
	)
	sp := NewSampler(feature.Toy())
	ests := Replicates(77, reps, 2, func(_ int, rng *rand.Rand) *PairEstimate {
		return EstimatePairs(sp, draws, rng)
	})
	chi := distuv.ChiSquared{K: reps - 1}
	lo, hi := chi.Quantile(5e-5)/(reps-1), chi.Quantile(1-5e-5)/(reps-1)
	type entry struct {
		name     string
		value    func(e *PairEstimate) float64
		se       func(e *PairEstimate) float64
		diagonal bool
	}
	var entries []entry
	m := sp.Len()
	for i := 0; i < m; i++ {
		entries = append(entries, entry{
			name:     fmt.Sprintf("q[%d]", i),
			value:    func(e *PairEstimate) float64 { return e.Q[i] },
			se:       func(e *PairEstimate) float64 { return e.QSE[i] },
			diagonal: true,
		})
		for j := i; j < m; j++ {
			entries = append(entries,
				entry{fmt.Sprintf("c1[%d][%d]", i, j), func(e *PairEstimate) float64 { return e.C1.At(i, j) }, func(e *PairEstimate) float64 { return e.C1SE.At(i, j) }, i == j},
				entry{fmt.Sprintf("c2[%d][%d]", i, j), func(e *PairEstimate) float64 { return e.C2.At(i, j) }, func(e *PairEstimate) float64 { return e.C2SE.At(i, j) }, i == j},
			)
		}
	}
	naiveOutside := 0
	naiveChecked := 0
	for _, en := range entries {
		var mean, meanSE2 float64
		for _, e := range ests {
			mean += en.value(e)
			s := en.se(e)
			meanSE2 += s * s
		}
		mean /= reps
		meanSE2 /= reps
		var s2 float64
		for _, e := range ests {
			d := en.value(e) - mean
			s2 += d * d
		}
		s2 /= reps - 1
		if r := s2 / meanSE2; !(r >= lo && r <= hi) {
			t.Errorf("%s: sample variance / mean SE² = %.3f, want within [%.3f, %.3f]", en.name, r, lo, hi)
		}
		if !en.diagonal {
			naiveChecked++
			naive := mean * (1 - mean) / draws
			if r := s2 / naive; !(r >= lo && r <= hi) {
				naiveOutside++
			}
		}
	}
	if naiveOutside != naiveChecked {
		t.Errorf("test of the test: the unsymmetrised variance passes on %d of %d off-diagonal entries, want 0", naiveChecked-naiveOutside, naiveChecked)
	}
}

// TestPairCounterStreaming: counting batch by batch equals EstimatePairs on the same
// stream (same draws, same order), Reset empties the counter, and an empty counter
// estimates NaN.
func TestPairCounterStreaming(t *testing.T) {
	sp := NewSampler(feature.Toy())
	want := EstimatePairs(sp, 3000, Stream(5, 0))
	c := NewPairCounter(sp.Len())
	rng := Stream(5, 0)
	var b Batch
	for _, n := range []int{1, 999, 2000} { // draws per batch: uneven on purpose
		sp.Batch(&b, 3*n, rng)
		c.Add(&b)
	}
	got := c.Estimate()
	if !cmp.Equal(got, want, cmp.Comparer(func(a, b *mat.SymDense) bool { return mat.Equal(a, b) })) {
		t.Errorf("streamed estimate differs from EstimatePairs on the same stream")
	}
	c.Reset()
	if c.Draws() != 0 {
		t.Errorf("after Reset, Draws = %d", c.Draws())
	}
	if e := c.Estimate(); !math.IsNaN(e.Q[0]) || !math.IsNaN(e.C1.At(0, 1)) {
		t.Errorf("empty counter: q̂[0] = %v, ĉ1[0][1] = %v, want NaN", e.Q[0], e.C1.At(0, 1))
	}
}

// TestPairEstimateHandCounted checks the estimators and standard errors against counts
// worked by hand: two draws over m = 2 with positive pairs (0,1), (1,1) and negative
// pairs (1,0), (0,0).
func TestPairEstimateHandCounted(t *testing.T) {
	c := NewPairCounter(2)
	c.Add(&Batch{
		Source: make([]int, 6),
		View1:  []int{0, 1, 9, 1, 0, 9}, // 9: never read (view 1 of a third source)
		View2:  []int{1, 9, 0, 1, 9, 0}, // 9: never read (view 2 of a second source)
	})
	e := c.Estimate()
	// q̂ = (1/2, 1/2), se = sqrt(¼/2); ĉ1 = [[0, ¼], [¼, ½]], ĉ2 = [[½, ¼], [¼, 0]].
	// Off-diagonal se = sqrt((¼/2 − 1/16)/2) = sqrt(1/32); diagonal ½: sqrt(¼/2).
	se := math.Sqrt(1.0 / 8)
	wantC1 := mat.NewSymDense(2, []float64{0, 0.25, 0.25, 0.5})
	wantC1SE := mat.NewSymDense(2, []float64{0, math.Sqrt(1.0 / 32), math.Sqrt(1.0 / 32), se})
	wantC2 := mat.NewSymDense(2, []float64{0.5, 0.25, 0.25, 0})
	wantC2SE := mat.NewSymDense(2, []float64{se, math.Sqrt(1.0 / 32), math.Sqrt(1.0 / 32), 0})
	const tol = 1e-15 // a few roundings of numbers of order 1
	for _, tc := range []struct {
		name      string
		got, want mat.Matrix
	}{{"C1", e.C1, wantC1}, {"C1SE", e.C1SE, wantC1SE}, {"C2", e.C2, wantC2}, {"C2SE", e.C2SE, wantC2SE}} {
		if !mat.EqualApprox(tc.got, tc.want, tol) {
			t.Errorf("%s = %v, want %v", tc.name, mat.Formatted(tc.got), mat.Formatted(tc.want))
		}
	}
	if !cmp.Equal(e.Q, []float64{0.5, 0.5}) || !cmp.Equal(e.QSE, []float64{se, se}) {
		t.Errorf("q̂ = %v ± %v, want [0.5 0.5] ± %v", e.Q, e.QSE, se)
	}
	// T1 at n = 3 for the off-diagonal entry: c1 = c2 = ¼, T = ¼/(¼ + 2·¼) = 1/3;
	// ∂T/∂c1 = 2·¼/(¾)² = 8/9, ∂T/∂c2 = −8/9, se² = (8/9)²·(1/32 + 1/32).
	tt, tse := e.InfoNCETarget(3)
	if got, want := tt.At(0, 1), 1.0/3; !(math.Abs(got-want) <= tol) {
		t.Errorf("T̂1[0][1] = %v, want %v", got, want)
	}
	if got, want := tse.At(0, 1), 8.0/9*math.Sqrt(1.0/16); !(math.Abs(got-want) <= tol) {
		t.Errorf("se(T̂1[0][1]) = %v, want %v", got, want)
	}
}

// TestDeltaMethodSE checks InfoNCETarget's standard error against the gradient of
// T(c1, c2) = c1/(c1 + (n−1)c2) by central finite differences (gonum diff/fd): the
// delta method is se² = ∇Tᵀ diag(se(Ĉ1)², se(Ĉ2)²) ∇T.
func TestDeltaMethodSE(t *testing.T) {
	e := EstimatePairs(NewSampler(feature.Toy()), 5000, Stream(3, 0))
	const n = 10
	tf := func(x []float64) float64 { return x[0] / (x[0] + (n-1)*x[1]) }
	_, se := e.InfoNCETarget(n)
	grad := make([]float64, 2)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			fd.Gradient(grad, tf, []float64{e.C1.At(i, j), e.C2.At(i, j)}, &fd.Settings{Formula: fd.Central})
			s1, s2 := e.C1SE.At(i, j), e.C2SE.At(i, j)
			want := math.Sqrt(grad[0]*grad[0]*s1*s1 + grad[1]*grad[1]*s2*s2)
			// Central differences with fd's default step h = 6e-6 on c ≈ 0.1: the
			// truncation error (h/c)²/6 ≈ 1e-9 relative to the gradient (T‴/T′ ~ 1/c²),
			// the rounding error ε·T/(h·T′) ≈ 1e-11; 1e-6 relative covers both.
			if got := se.At(i, j); !scalar.EqualWithinRel(got, want, 1e-6) {
				t.Errorf("se(T̂1[%d][%d]) = %v, want %v from finite differences", i, j, got, want)
			}
		}
	}
}

func TestPairCounterPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"no states", func() { NewPairCounter(0) }},
		{"not a multiple of 3", func() {
			NewPairCounter(2).Add(&Batch{Source: make([]int, 4), View1: make([]int, 4), View2: make([]int, 4)})
		}},
		{"short views", func() {
			NewPairCounter(2).Add(&Batch{Source: make([]int, 3), View1: make([]int, 2), View2: make([]int, 3)})
		}},
		{"no draws", func() { EstimatePairs(NewSampler(feature.Toy()), 0, Stream(1, 0)) }},
		{"batch size 1", func() { EstimatePairs(NewSampler(feature.Toy()), 10, Stream(1, 0)).InfoNCETarget(1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tc.f()
		})
	}
}
