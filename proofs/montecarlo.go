package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// CheckC9PairFrequencies checks C9 (docs/theory.md §8) on one Monte Carlo estimate e of the
// pair statistics of s (sample.EstimatePairs): every distinct entry of q̂, Ĉ1 and Ĉ2 is
// consistent with q, c1, c2 (explicit loops) by an exact two-sided binomial test.
//
// The counts behind the estimate are binomial (simulate/sample doc): n·q̂_i ~ Bin(n, q_i);
// on the diagonal n·ĉ_ii ~ Bin(n, c_ii); off it the symmetrised 2n·ĉ_ij = n_ij + n_ji ~
// Bin(n, 2c_ij) (the two orders are disjoint events). Each of the K = m + m(m+1) distinct
// entries is tested at level alpha/(K·family), so a correct sampler fails the whole
// family of `family` estimates with probability ≤ alpha (Bonferroni). The exact tails
// hold at any count, including the tiny ones of sparse TPMs, where "k standard errors"
// would not; an entry whose probability is 0 must have count 0.
func CheckC9PairFrequencies(s *feature.Space, e *sample.PairEstimate, alpha float64, family int) error {
	if !(alpha > 0 && alpha < 1) || family < 1 {
		return fmt.Errorf("C9: level α = %v over %d estimates: need 0 < α < 1 and ≥ 1 estimate", alpha, family)
	}
	st := explicitStats(s)
	return checkPairCounts(st.m, e, st.q, func(i, j int) float64 { return st.c1[i][j] }, st.c2, alpha, family)
}

func checkPairCounts(m int, e *sample.PairEstimate, q []float64, c1, c2 func(i, j int) float64, alpha float64, family int) error {
	if e == nil {
		return fmt.Errorf("C9: nil Monte Carlo estimate")
	}
	if len(e.Q) != m {
		return fmt.Errorf("C9: estimate over %d states for a %d-state space", len(e.Q), m)
	}
	n := e.Draws
	level := alpha / float64((m+m*(m+1))*family)
	test := func(name, entry string, est, factor, p float64) error {
		x := est * factor * float64(n)
		k := math.Round(x)
		if !(math.Abs(x-k) <= 1e-6*math.Max(1, k)) {
			return fmt.Errorf("C9: %s%s = %v is not a count over %d draws", name, entry, est, n)
		}
		pv := binomialTwoSided(int(k), n, math.Min(1, factor*p))
		if !(pv >= level) {
			return &Violation{Claim: "C9", Quantity: name + " (exact binomial tail)", Entry: entry, Got: est, Relation: "=", Want: p, Tol: level,
				Detail: fmt.Sprintf("two-sided tail probability %.3g < %.3g (α = %g over %d entries × %d estimates), n = %d", pv, level, alpha, m+m*(m+1), family, n)}
		}
		return nil
	}
	for i := 0; i < m; i++ {
		if err := test("q̂", atRow(i), e.Q[i], 1, q[i]); err != nil {
			return err
		}
		for j := i; j < m; j++ {
			f := 2.0 // off the diagonal 2n·ĉ_ij counts both orders, probability 2c_ij
			if i == j {
				f = 1
			}
			if err := test("ĉ1", at(i, j), e.C1.At(i, j), f, c1(i, j)); err != nil {
				return err
			}
			if err := test("ĉ2", at(i, j), e.C2.At(i, j), f, c2(i, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

// MonteCarloC9 draws `draws` Monte Carlo pairs from s on the stream (seed, 0) and
// returns the C9 check of the estimate in units of standard errors: the largest
// |estimate − value|/SE over the distinct entries of q, c1, c2 and of the plug-in T1
// for n sources per batch, with SE evaluated at the true values (sqrt(v/draws), v the
// variance of one draw, simulate/sample doc; the delta method for T1). Tolerance
// k = Φ⁻¹(1 − α/(2K)), K the number of entries: Bonferroni with α = FamilyAlpha. The
// normal approximation needs every expected count ≥ 100; smaller ones are refused.
func MonteCarloC9(s *feature.Space, n, draws int, seed uint64) (Check, error) {
	c1, c2, q := s.PositiveJoint(), s.NegativeJoint(), s.ViewMarginal()
	return monteCarloC9(s, n, draws, seed, c1, c2, q, s.InfoNCETarget(n))
}

func monteCarloC9(s *feature.Space, n, draws int, seed uint64, c1, c2 mat.Matrix, q []float64, t1 mat.Matrix) (Check, error) {
	m := s.Len()
	if err := feature.CheckBatchSize(n); err != nil {
		return Check{}, err
	}
	df := float64(draws)
	minCount := math.Inf(1)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			for _, c := range []float64{c1.At(i, j), c2.At(i, j)} {
				minCount = math.Min(minCount, df*math.Min(c, 1-c))
			}
		}
	}
	if !(minCount >= 100) {
		return Check{}, fmt.Errorf("C9: %d draws give an expected count of %.3g < 100 for some pair: the normal approximation behind k standard errors needs more draws (or use CheckC9PairFrequencies)", draws, minCount)
	}
	e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(seed, 0))
	type cmp struct {
		name, entry   string
		est, want, se float64
	}
	var all []cmp
	sd := func(c float64, diag bool) float64 {
		v := c/2 - c*c
		if diag {
			v = c * (1 - c)
		}
		return math.Sqrt(v / df)
	}
	k1 := float64(n - 1)
	for i := 0; i < m; i++ {
		all = append(all, cmp{"q", atRow(i), e.Q[i], q[i], math.Sqrt(q[i] * (1 - q[i]) / df)})
		for j := 0; j < m; j++ {
			a, b := c1.At(i, j), c2.At(i, j)
			if j >= i {
				all = append(all, cmp{"c1", at(i, j), e.C1.At(i, j), a, sd(a, i == j)},
					cmp{"c2", at(i, j), e.C2.At(i, j), b, sd(b, i == j)})
			}
			// Delta method at the true values: T = c1/(c1 + k c2).
			d := a + k1*b
			g1, g2 := k1*b/(d*d), -k1*a/(d*d)
			s1, s2 := sd(a, i == j), sd(b, i == j)
			est := e.C1.At(i, j) / (e.C1.At(i, j) + k1*e.C2.At(i, j))
			all = append(all, cmp{"T1", at(i, j), est, t1.At(i, j), math.Sqrt(g1*g1*s1*s1 + g2*g2*s2*s2)})
		}
	}
	k := normalK(FamilyAlpha, len(all))
	worst := cmp{}
	wz := math.Inf(-1)
	for _, c := range all {
		z := math.Abs(c.est-c.want) / c.se
		if math.IsNaN(z) {
			z = math.Inf(1)
		}
		if z > wz {
			wz, worst = z, c
		}
	}
	return Check{
		Route:     RouteMonteCarlo,
		Quantity:  "max |estimate − value|/SE over q, c1, c2, T1(N=" + fmt.Sprint(n) + ")",
		Entry:     worst.name + worst.entry,
		Predicted: worst.want,
		Measured:  worst.est,
		Err:       wz,
		Tol:       k,
		Unit:      "SE",
		Origin:    fmt.Sprintf("k = Φ⁻¹(1 − α/2K), Bonferroni α = %g over K = %d entries; SE at the true values, %d draws", FamilyAlpha, len(all), draws),
	}, nil
}
