package proofs

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// CheckC7ClosedForms checks C7 (docs/theory.md §2) on a space whose TPM is one of the special
// ones: A = I gives c1 = diag(π), ρ_ii = 1/π_i, ρ_ij = 0 off the diagonal (π > 0, or
// NewSpace would have refused the space); A with rows equal on the support of π gives
// c1 = c2 and ρ ≡ 1. It returns a plain error (not a *Violation) for any other TPM.
func CheckC7ClosedForms(s *feature.Space) error {
	st := explicitStats(s)
	switch {
	case isIdentity(st.a):
		return CheckC7Identity(s)
	case st.rowsEqualOnSupport():
		return CheckC7Uninformative(s)
	}
	return fmt.Errorf("C7: the TPM is neither the identity nor uninformative on supp π; no closed form applies")
}

// CheckC7Identity checks C7 for A = I: c1 = diag(π) and ρ = diag(1/π).
//
// Tolerances: diagonals to relTol relative (c1_ii = (√π_i)² or π_i·1·1 in float64);
// off-diagonal entries exactly 0 (every product has a factor A_ki A_kj = 0).
func CheckC7Identity(s *feature.Space) error {
	return checkIdentityClosedForm(s, s.PositiveJoint(), s.DensityRatio())
}

func checkIdentityClosedForm(s *feature.Space, c1, rho mat.Matrix) error {
	st := explicitStats(s)
	if !isIdentity(st.a) {
		return fmt.Errorf("C7: the TPM is not the identity")
	}
	rt := relTol(st.m)
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			wantC, wantR := 0.0, 0.0
			tolC, tolR := 0.0, 0.0
			if i == j {
				wantC, wantR = st.pi[i], 1/st.pi[i]
				tolC, tolR = rt*wantC, rt*wantR
			}
			if got := c1.At(i, j); !equalAbs(got, wantC, tolC) {
				return &Violation{Claim: "C7", Quantity: "c1 vs diag(π) (A = I)", Entry: at(i, j), Got: got, Relation: "=", Want: wantC, Tol: tolC}
			}
			if got := rho.At(i, j); !equalAbs(got, wantR, tolR) {
				return &Violation{Claim: "C7", Quantity: "ρ vs diag(1/π) (A = I)", Entry: at(i, j), Got: got, Relation: "=", Want: wantR, Tol: tolR}
			}
		}
	}
	return nil
}

// CheckC7Uninformative checks C7 for A with rows equal on the support of π: c1 = c2 and
// ρ ≡ 1, with c2 = q qᵀ from explicit q.
//
// Tolerance: relTol relative (c1_ij = Σ_k π_k p_i p_j and q_i q_j = (Σ_k π_k p_i)(Σ_k π_k p_j)
// are sums of m non-negative terms equal in exact arithmetic up to Σπ = 1 ± d, so d is
// added).
func CheckC7Uninformative(s *feature.Space) error {
	return checkUninformativeClosedForm(s, s.PositiveJoint(), s.DensityRatio())
}

func checkUninformativeClosedForm(s *feature.Space, c1, rho mat.Matrix) error {
	st := explicitStats(s)
	if !st.rowsEqualOnSupport() {
		return fmt.Errorf("C7: the TPM's rows differ on supp π")
	}
	tol := relTol(st.m) + st.defect
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			if got, want := c1.At(i, j), st.c2(i, j); !equalRel(got, want, tol) {
				return &Violation{Claim: "C7", Quantity: "c1 vs c2 = q qᵀ (uninformative A)", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: tol * want}
			}
			if got := rho.At(i, j); !equalRel(got, 1, tol) {
				return &Violation{Claim: "C7", Quantity: "ρ (uninformative A)", Entry: at(i, j), Got: got, Relation: "=", Want: 1, Tol: tol}
			}
		}
	}
	return nil
}

func isIdentity(a [][]float64) bool {
	for k, row := range a {
		for i, v := range row {
			want := 0.0
			if i == k {
				want = 1
			}
			if v != want {
				return false
			}
		}
	}
	return true
}
