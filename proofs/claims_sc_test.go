package proofs

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestC24DriftTransientClosedForm: η·E[P]/(m(m+1)/2) on the toy (m = 3, k = 6, c1 =
// Aᵀ diag(1/3) A, docs/theory.md §7) at η = 1/2 for two probability matrices whose E[P] =
// Σ_ij c1_ij P_ij is known by hand: P ≡ 1 gives Σ c1 = 1, so 1/12; P = e_1 e_2ᵀ gives
// c1_12 = (.3·.2 + .5·.3 + .3·.5)/3 = 0.12, so 0.01.
//
// Tolerance: each c1 entry is accurate to relTol(3) relative (tolerance.go), their weighted
// sum of 9 non-negative terms adds ≤ 9u, the products and the division ≤ 3u, and the test's
// own constants ≤ 4u: ≤ relTol(3) + 16u ≤ 2·relTol(3).
func TestC24DriftTransientClosedForm(t *testing.T) {
	s := feature.Toy()
	if m := s.Len(); m != 3 {
		t.Fatalf("toy has %d states, want 3", m)
	}
	ones := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	e12 := mat.NewDense(3, 3, nil)
	e12.Set(1, 2, 1)
	for _, tc := range []struct {
		name string
		prob mat.Matrix
		want float64
	}{
		{"P ≡ 1", ones, 1.0 / 12},
		{"P = e_1 e_2ᵀ", e12, 0.5 * 0.12 / 6},
	} {
		if got, tol := c24DriftTransient(0.5, s, tc.prob), 2*relTol(3); !equalRel(got, tc.want, tol) {
			t.Errorf("%s: c24DriftTransient(1/2) = %.17g, want %.17g within %.3g relative", tc.name, got, tc.want, tol)
		}
	}
}

// TestC24DriftCheckHandNumbers: c24DriftCheck on two hand-made replicate slopes 2 ∓ d,
// d = 2⁻¹⁰ (mean 2 and SE = √(2d²/1)/√2 = d, all exact in float64), prediction 0, the toy at
// η = 1/2 and P ≡ 1: Err = |2 − 0| = 2 and Tol = k·SE + η·Σc1/6 = cot(π·α/2)·d + 1/12, since
// the Student t with R − 1 = 1 degree of freedom is the Cauchy law, whose two-sided
// quantile at α = FamilyAlpha is tan(π(1/2 − α/2)) = cot(πα/2) ≈ 636.6 (so k·SE ≈ 0.62).
//
// Tolerance on Tol: gonum's Student t quantile inverts the regularised incomplete beta
// numerically (mathext.InvRegIncBeta), measured 1e-13 relative from the closed form here;
// 1e-10 relative allows for other platforms' libm and is far below the 24 % by which Tol
// (≈ 0.705) moves if the transient term 1/12 is dropped, negated or scaled.
func TestC24DriftCheckHandNumbers(t *testing.T) {
	s := feature.Toy()
	ones := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	const d = 0x1p-10
	c := c24DriftCheck("hand: ", 0, []float64{2 - d, 2 + d}, 0.5, s, ones)
	if c.Predicted != 0 || c.Measured != 2 || c.Err != 2 {
		t.Errorf("c24DriftCheck: predicted %v, measured %v, error %v; want 0, 2, 2", c.Predicted, c.Measured, c.Err)
	}
	if want := d/math.Tan(math.Pi*FamilyAlpha/2) + 1.0/12; !equalRel(c.Tol, want, 1e-10) {
		t.Errorf("c24DriftCheck: Tol = %.17g, want cot(πα/2)·2⁻¹⁰ + 1/12 = %.17g within 1e-10 relative", c.Tol, want)
	}
	if c.Pass() {
		t.Errorf("c24DriftCheck passes with Err = %v > Tol = %v", c.Err, c.Tol)
	}
}

// TestC24DriftCheckRejectsAFivePercentShift: C24's training check of the logit drift, on
// the ledger's own runs, passes at the exact prediction −η·μ and rejects it scaled by 0.95
// or 1.05. The runs' drift agrees with −η·μ to ≤ 2e-9 per step (k·SE ≤ 4e-8), the
// allowance for the transient, η·E[P](θ*)/6 ≈ 8e-5, is ten times smaller than 5 % of
// the drifts (≈ 0.017 and 0.058 per step), so a correct check must tell them apart.
func TestC24DriftCheckRejectsAFivePercentShift(t *testing.T) {
	t.Parallel()
	rc := testRunConfig()
	s := feature.Toy()
	for _, ab := range offLine {
		runs, fp, err := sharedSCRuns(rc, ab[0], ab[1])
		if err != nil {
			t.Fatal(err)
		}
		eta := runs.Config.Opt.LR
		pred := -eta * fp.Drift
		slopes := runs.DriftRate(FreeLogitAverageFrom)
		tag := fmt.Sprintf("C24 (α, β) = (%g, %g): ", ab[0], ab[1])
		wantPass(t, tag, c24DriftCheck(tag, pred, slopes, eta, s, fp.Prob))
		for _, f := range []float64{0.95, 1.05} {
			wantFail(t, fmt.Sprintf("%s against −η·μ × %g", tag, f), c24DriftCheck(tag, f*pred, slopes, eta, s, fp.Prob))
		}
	}
}
