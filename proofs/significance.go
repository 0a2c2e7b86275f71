package proofs

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// FamilyAlpha is the false-alarm probability allowed to one statistical check of the
// ledger (Monte Carlo, training replicates), shared among the entries it compares by
// Bonferroni's inequality: a correct claim fails such a check with probability ≤ 1e-3.
const FamilyAlpha = 1e-3

// normalK returns k = Φ⁻¹(1 − α/(2K)): a two-sided |z| ≤ k test of each of K
// asymptotically normal estimates fails by chance with probability ≤ α in all (Bonferroni).
func normalK(alpha float64, k int) float64 {
	return distuv.UnitNormal.Quantile(1 - alpha/(2*float64(k)))
}

// studentK is normalK for means of R replicates whose standard error is estimated from
// their spread: the Student t quantile with R − 1 degrees of freedom.
func studentK(alpha float64, k, replicates int) float64 {
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(replicates - 1)}
	return t.Quantile(1 - alpha/(2*float64(k)))
}

// binomialTwoSided returns the exact two-sided tail probability of x successes in n
// Bernoulli(p) trials, min(1, 2·min(Pr[X ≤ x], Pr[X ≥ x])), with the tails from the
// regularised incomplete beta function (no cancellation in small tails).
func binomialTwoSided(x, n int, p float64) float64 {
	switch {
	case x < 0 || x > n:
		return 0
	case p <= 0:
		if x == 0 {
			return 1
		}
		return 0
	case p >= 1:
		if x == n {
			return 1
		}
		return 0
	}
	nf, xf := float64(n), float64(x)
	lower := 1.0 // Pr[X ≤ x] = I_{1−p}(n − x, x + 1)
	if x < n {
		lower = mathext.RegIncBeta(nf-xf, xf+1, 1-p)
	}
	upper := 1.0 // Pr[X ≥ x] = I_p(x, n − x + 1)
	if x > 0 {
		upper = mathext.RegIncBeta(xf, nf-xf+1, p)
	}
	return math.Min(1, 2*math.Min(lower, upper))
}

// meanSE returns the mean of xs and its standard error s/√R (s the sample standard
// deviation, R = len(xs) ≥ 2).
func meanSE(xs []float64) (mean, se float64) {
	r := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= r
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / (r - 1) / r)
}
