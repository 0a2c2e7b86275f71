package proofs

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// CheckC6MutualInformation checks C6 (docs/theory.md §2): Σ_ij c1_ij log ρ_ij equals feature's
// MutualInformation I(V1;V2), I ≥ 0, and I = 0 iff the rows of A are equal on the support
// of π, in both directions:
//
//   - rows equal on supp π (bitwise): I = 0 and ρ ≡ 1;
//   - rows differ: ½D² ≤ I ≤ χ², with D = Σ_k π_k ‖A_k − q‖² = tr(c1 − c2) > 0 and
//     χ² = Σ_ij c1_ij ρ_ij − 1. The lower bound is Pinsker's inequality
//     I = KL(c1‖c2) ≥ ½‖c1 − c2‖₁² with ‖c1 − c2‖₁ ≥ Σ_i |(c1 − c2)_ii| = D; the upper is
//     KL ≤ log(1 + χ²) ≤ χ². So I > 0 is demonstrated whenever ½D² exceeds the tolerance
//     (InformationBounds reports both).
//
// The sum is recomputed from explicit c1 and q (terms with c1_ij = 0 are 0).
//
// Tolerance: informationTol = (2·relTol + m²u + 4d)(1 + Σ c1|log ρ|): each log ρ_ij
// carries an absolute error ≤ relTol (the relative error of ρ) + u|log ρ|, weighted by
// c1 (itself accurate to relTol), the m²-term sum adds m²u·Σ|c1 log ρ|, and the
// stochasticity defect d of π and A enters the normalisations at most 4 times.
func CheckC6MutualInformation(s *feature.Space) error {
	return checkMutualInformation(s, s.MutualInformation(), s.DensityRatio())
}

// InformationBounds returns the bounds of C6 for s: lower = ½D² (Pinsker), upper = χ²,
// and tol, the rounding allowance on I. A space whose rows differ on supp π has I > 0
// demonstrably when lower > tol.
func InformationBounds(s *feature.Space) (lower, upper, tol float64) {
	st := explicitStats(s)
	sums := informationSums(st)
	d := st.rowSpread()
	return d * d / 2, sums.s1 - 1, sums.tol
}

type infoSums struct {
	i   float64 // Σ c1 log ρ
	s1  float64 // Σ c1 ρ = 1 + χ²
	s2  float64 // Σ c1 ρ²
	abs float64 // Σ c1 |log ρ|
	tol float64 // informationTol
}

func informationSums(st *stats) infoSums {
	var r infoSums
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			c := st.c1[i][j]
			if c == 0 {
				continue
			}
			rho := st.rho(i, j)
			l := fplog.Log(rho)
			r.i += c * l
			r.abs += c * math.Abs(l)
			r.s1 += c * rho
			r.s2 += c * rho * rho
		}
	}
	r.tol = (2*relTol(st.m) + float64(st.m*st.m)*unitRoundoff + 4*st.defect) * (1 + r.abs)
	return r
}

func checkMutualInformation(s *feature.Space, mi float64, rho mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	sums := informationSums(st)
	tol := sums.tol
	if !equalAbs(mi, sums.i, tol) {
		return &Violation{Claim: "C6", Quantity: "MutualInformation vs Σ c1 log ρ", Got: mi, Relation: "=", Want: sums.i, Tol: tol}
	}
	if !(mi >= -tol) {
		return &Violation{Claim: "C6", Quantity: "I(V1;V2)", Got: mi, Relation: "≥", Want: 0, Tol: tol}
	}
	if st.rowsEqualOnSupport() {
		if !equalAbs(mi, 0, tol) {
			return &Violation{Claim: "C6", Quantity: "I(V1;V2)", Got: mi, Relation: "=", Want: 0, Tol: tol, Detail: "A is uninformative on supp π"}
		}
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				if got := rho.At(i, j); !equalRel(got, 1, rt) {
					return &Violation{Claim: "C6", Quantity: "ρ", Entry: at(i, j), Got: got, Relation: "=", Want: 1, Tol: rt, Detail: "A is uninformative on supp π"}
				}
			}
		}
		return nil
	}
	d := st.rowSpread()
	if lower := d * d / 2; !(mi >= lower-tol) {
		return &Violation{Claim: "C6", Quantity: "I(V1;V2)", Got: mi, Relation: "≥", Want: lower, Tol: tol, Detail: "Pinsker bound ½D², D = Σ_k π_k‖A_k − q‖²: A is informative on supp π"}
	}
	chi2 := sums.s1 - 1
	if tolUp := tol + rt*sums.s1; !(mi <= chi2+tolUp) {
		return &Violation{Claim: "C6", Quantity: "I(V1;V2)", Got: mi, Relation: "≤", Want: chi2, Tol: tolUp, Detail: "χ² bound Σ c1 ρ − 1"}
	}
	return nil
}
