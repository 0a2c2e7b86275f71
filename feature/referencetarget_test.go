package feature

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

func randomSpace(t *testing.T, m int, rng *rand.Rand) *Space {
	t.Helper()
	a, err := markov.RandomDirichlet(m, 2, rng)
	if err != nil {
		t.Fatal(err)
	}
	p, err := markov.RandomDist(m, 3, rng)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSpace(p.Values(nil), a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReferenceMonitorTargetProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		m := 2 + trial%4
		s := randomSpace(t, m, rng)
		n := 2 + rng.IntN(2000)
		r := s.ReferenceMonitorTarget(n)
		pi := s.Source()
		for a := range m {
			// Every softmax row sums to 1: R_aa + (N−1) Σ_b π_b R_ab = 1.
			sum := r.At(a, a)
			for b := range m {
				sum += float64(n-1) * pi[b] * r.At(a, b)
				if !(r.At(a, b) > 0) {
					t.Fatalf("R[%d][%d] = %v, want > 0", a, b, r.At(a, b))
				}
			}
			if !(math.Abs(sum-1) <= 1e-12) { // m + 2 rounded terms
				t.Errorf("trial %d row %d: R_aa + (N−1)Σ π R = %v, want 1", trial, a, sum)
			}
		}
	}
	// π stationary for A (lazy chain, uniform π = q): the diagonal is T1's.
	a, _ := markov.Lazy(4, 0.6)
	s, err := NewSpace([]float64{0.25, 0.25, 0.25, 0.25}, a)
	if err != nil {
		t.Fatal(err)
	}
	r, t1 := s.ReferenceMonitorTarget(100), s.InfoNCETarget(100)
	for i := range 4 {
		if !(math.Abs(r.At(i, i)-t1.At(i, i)) <= 1e-15) { // one division each
			t.Errorf("π = q: R_%d%d = %v, T1 = %v", i, i, r.At(i, i), t1.At(i, i))
		}
	}
}

func TestReferenceMonitorExpectationMonteCarlo(t *testing.T) {
	// The monitor's procedure itself: batches of N iid π states, a batch kept only if it
	// holds every state; the row of its first source (state a) has, in every column of
	// class b, the softmax entry w_ab / Z with Z = Σ_j w_{a,s_j} over all N columns (self
	// included). One row per batch keeps the samples iid.
	rng := rand.New(rand.NewPCG(3, 4))
	s := randomSpace(t, 3, rng)
	w := mat.NewDense(3, 3, nil)
	for i := range 3 {
		for j := i; j < 3; j++ {
			v := math.Exp(rng.NormFloat64())
			w.Set(i, j, v)
			w.Set(j, i, v)
		}
	}
	const n = 6
	exact, err := s.ReferenceMonitorExpectation(w, n)
	if err != nil {
		t.Fatal(err)
	}
	pi := s.Source()
	var sum, sum2 [3][3]float64
	var cnt [3]float64
	states := make([]int, n)
	for range 200_000 {
		seen := [3]bool{}
		for k := range states {
			u, c := rng.Float64(), 0
			for c < 2 && u >= pi[c] {
				u -= pi[c]
				c++
			}
			states[k] = c
			seen[c] = true
		}
		if !seen[0] || !seen[1] || !seen[2] {
			continue
		}
		a := states[0]
		z := 0.0
		for _, c := range states {
			z += w.At(a, c)
		}
		for b := range 3 {
			v := w.At(a, b) / z
			sum[a][b] += v
			sum2[a][b] += v * v
		}
		cnt[a]++
	}
	for a := range 3 {
		for b := range 3 {
			mean := sum[a][b] / cnt[a]
			se := math.Sqrt((sum2[a][b]/cnt[a] - mean*mean) / cnt[a])
			if !(math.Abs(mean-exact.At(a, b)) <= 5*se) { // 5 standard errors
				t.Errorf("E[%d][%d]: Monte Carlo %v ± %v, enumeration %v", a, b, mean, se, exact.At(a, b))
			}
		}
	}
}

func TestReferenceMonitorMeanFieldGap(t *testing.T) {
	// At T1's logits (w = ρ) the exact expectation exceeds the mean field by the Jensen
	// gap of E[1/Z]: relative Var(Z)/E[Z]² ≈ CV_a²/(N−1), CV_a the coefficient of
	// variation of ρ_ak under k ~ π (second-order expansion; the next term is O(1/N²)).
	s := Toy()
	for _, n := range []int{300, 1000} {
		exact, err := s.ReferenceMonitorExpectation(s.DensityRatio(), n)
		if err != nil {
			t.Fatal(err)
		}
		mf := s.ReferenceMonitorTarget(n)
		pi := s.Source()
		for a := range 3 {
			var m1, m2 float64
			for k := range 3 {
				m1 += pi[k] * s.rho(a, k)
				m2 += pi[k] * s.rho(a, k) * s.rho(a, k)
			}
			pred := (m2/(m1*m1) - 1) / float64(n-1)
			for b := range 3 {
				gap := exact.At(a, b)/mf.At(a, b) - 1
				// Leading order within 20 %: the O(1/N²) remainder and the 1/N shift
				// of the self term in the denominator.
				if !(math.Abs(gap-pred) <= 0.2*pred) {
					t.Errorf("N=%d E/R−1 at %d,%d = %v, predicted %v", n, a, b, gap, pred)
				}
			}
		}
	}
}

func TestReferenceMonitorExpectationErrors(t *testing.T) {
	s := Toy()
	ok := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	bad := mat.NewDense(3, 3, []float64{1, 1, 1, 1, math.NaN(), 1, 1, 1, 1})
	for _, tc := range []struct {
		w    mat.Matrix
		n    int
		want string
	}{
		{ok, 1, "n = 1"},
		{ok, 2, "n = 2 < m = 3"},
		{mat.NewDense(2, 2, []float64{1, 1, 1, 1}), 5, "2×2"},
		{bad, 5, "w[1][1] = NaN"},
		{ok, 100_000, "compositions"},
	} {
		if _, err := s.ReferenceMonitorExpectation(tc.w, tc.n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("n=%d: error %v, want one naming %q", tc.n, err, tc.want)
		}
	}
	// Uniform weights: every row value is 1/N exactly.
	e, err := s.ReferenceMonitorExpectation(ok, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range e.RawMatrix().Data {
		if !(math.Abs(v-1.0/7) <= 1e-15) { // normalised weighted mean of the constant 1/7
			t.Errorf("uniform weights: %v, want 1/7", v)
		}
	}
}
