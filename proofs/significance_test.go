package proofs

import (
	"math"
	"testing"
)

// binomialTails returns Pr[X ≤ x] and Pr[X ≥ x] for X ~ Binomial(n, p) by summing the
// probability mass function term by term (exact enumeration, independent of the
// incomplete beta function binomialTwoSided uses).
func binomialTails(x, n int, p float64) (lower, upper float64) {
	for k := 0; k <= n; k++ {
		lc, _ := math.Lgamma(float64(n + 1))
		l1, _ := math.Lgamma(float64(k + 1))
		l2, _ := math.Lgamma(float64(n - k + 1))
		pmf := math.Exp(lc - l1 - l2 + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
		if k <= x {
			lower += pmf
		}
		if k >= x {
			upper += pmf
		}
	}
	return lower, upper
}

// TestBinomialTwoSided: min(1, 2·min(Pr[X ≤ x], Pr[X ≥ x])) against the enumerated tails,
// including both ends (x = 0, where Pr[X ≥ 0] = 1, and x = n), and the degenerate cases.
func TestBinomialTwoSided(t *testing.T) {
	// Tolerance 1e-12 relative: the pmf sums carry ≤ 2(n+1) roundings of terms built from
	// Lgamma and Exp (each accurate to a few u, so with n ≤ 40 ≲ 1e-13), and gonum's
	// RegIncBeta (Cephes incbet) is accurate to about 1e-14 relative.
	const tol = 1e-12
	for _, c := range []struct {
		x, n int
		p    float64
	}{
		{0, 10, 0.1}, {10, 10, 0.9}, {3, 10, 0.1}, {1, 2, 0.5}, {0, 40, 0.01}, {40, 40, 0.99}, {7, 40, 0.3}, {25, 40, 0.3},
	} {
		lower, upper := binomialTails(c.x, c.n, c.p)
		want := math.Min(1, 2*math.Min(lower, upper))
		if got := binomialTwoSided(c.x, c.n, c.p); !equalRel(got, want, tol) {
			t.Errorf("binomialTwoSided(%d, %d, %g) = %v, want %v", c.x, c.n, c.p, got, want)
		}
	}
	// Closed forms: x = 0 gives 2(1 − p)ⁿ, x = n gives 2pⁿ (when below 1).
	if got, want := binomialTwoSided(0, 10, 0.3), 2*math.Pow(0.7, 10); !equalRel(got, want, tol) {
		t.Errorf("binomialTwoSided(0, 10, 0.3) = %v, want 2·0.7¹⁰ = %v", got, want)
	}
	if got, want := binomialTwoSided(10, 10, 0.7), 2*math.Pow(0.7, 10); !equalRel(got, want, tol) {
		t.Errorf("binomialTwoSided(10, 10, 0.7) = %v, want 2·0.7¹⁰ = %v", got, want)
	}
	// Outside the support, and p at 0 or 1 (a point mass).
	for _, c := range []struct {
		x, n int
		p    float64
		want float64
	}{
		{-1, 5, 0.5, 0}, {6, 5, 0.5, 0},
		{0, 5, 0, 1}, {1, 5, 0, 0}, {0, 5, -0.1, 1},
		{5, 5, 1, 1}, {4, 5, 1, 0}, {5, 5, 1.2, 1},
	} {
		if got := binomialTwoSided(c.x, c.n, c.p); got != c.want {
			t.Errorf("binomialTwoSided(%d, %d, %g) = %v, want %v", c.x, c.n, c.p, got, c.want)
		}
	}
}

// TestMeanSE: xs = 1, 2, 3, 4 has mean 5/2, sample variance 5/3 and so standard error
// √(5/3/4) = √(5/12).
func TestMeanSE(t *testing.T) {
	mean, se := meanSE([]float64{1, 2, 3, 4})
	// 4u relative: a handful of exactly representable sums, one division and a square root.
	if !equalRel(mean, 2.5, 4*unitRoundoff) || !equalRel(se, math.Sqrt(5.0/12), 4*unitRoundoff) {
		t.Errorf("meanSE(1, 2, 3, 4) = %v, %v, want 2.5, %v", mean, se, math.Sqrt(5.0/12))
	}
}
