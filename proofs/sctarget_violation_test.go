package proofs

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestC25BetaStepMagnitude: T2 = (αρ − β)/(N−1) falls by exactly δ/(N−1) when β grows by δ
// (docs/theory.md §8, C25). A target that uses 2β falls with β, as C25's sign check wants,
// but twice as fast; checkSCMonotone must report the magnitude: a *Violation of
// "T2(β+δ) − T2(β)" = −δ/(N−1), got −2δ/(N−1). Tolerances: Want is −δ/(N−1) computed
// the same way in float64 (rel 1e-15, a few roundings); Got is a difference of two
// targets of size ≤ (α·max ρ + 2|β|)/(N−1) ≈ 0.1 each, so it is −2δ/(N−1) within 1e-12
// absolute (≈ 10⁴ roundings of 1e-17, far below the factor-2 miss of 5e-3).
func TestC25BetaStepMagnitude(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const n, alpha, beta, delta = 40, 1.4, 0.3, 0.2
	k := float64(n - 1)
	doubleBeta := func(n int, a, b float64) mat.Matrix { return s.SCTarget(n, a, 2*b) }
	wantNil(t, "C25", checkSCMonotone(s, n, alpha, beta, delta, s.SCTarget))
	err := checkSCMonotone(s, n, alpha, beta, delta, doubleBeta)
	var v *Violation
	if !errors.As(err, &v) {
		t.Fatalf("a target falling by 2δ/(N−1) in β: %v, want a *Violation", err)
	}
	if v.Quantity != "T2(β+0.2) − T2(β)" || v.Relation != "=" ||
		!scalar.EqualWithinRel(v.Want, -delta/k, 1e-15) || !scalar.EqualWithinAbs(v.Got, -2*delta/k, 1e-12) {
		t.Errorf("a target falling by 2δ/(N−1) in β: %v, want T2(β+0.2) − T2(β) = %v, got %v", err, -delta/k, -2*delta/k)
	}
}

// TestC20PotentialOffTheLineReport: off the line α − β = 1 (here α = 2, β = 0.5) the
// potential form of C20 never applies (docs/theory.md §4, feature.Attainable), so an answer
// "applies" is reported as Got 1 (true) = Want 0 (false), both exact.
func TestC20PotentialOffTheLineReport(t *testing.T) {
	s := feature.Toy()
	err := checkPotentialApplies(s, feature.ToyBatchSize, 2, 0.5, true)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "C20PotentialApplies off the line α − β = 1" || v.Got != 1 || v.Want != 0 {
		t.Errorf("\"applies\" off the line: %v, want a violation got 1 = want 0", err)
	}
}

// TestC25StrictIncreaseInAlpha: where ρ > 0, T2 grows by δρ/(N−1) > 0 when α grows by δ
// (docs/theory.md §8, C25). A target that ignores α does not move at all (dA = 0 exactly,
// the same matrix twice), which passes "≥ −tol" but must be reported as a failure of the
// strict increase, relation ">", before its magnitude is compared: every pair of
// informativeSpec has ρ > 0, so δρ/(N−1) ≈ 5e-3·ρ is far above twice the rounding
// tolerance (≈ 2e-15) at the first pair checked.
func TestC25StrictIncreaseInAlpha(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const n, alpha, beta, delta = 40, 1.4, 0.3, 0.2
	ignoreAlpha := func(n int, _, b float64) mat.Matrix { return s.SCTarget(n, alpha, b) }
	err := checkSCMonotone(s, n, alpha, beta, delta, ignoreAlpha)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "T2(α+0.2) − T2(α)" || v.Relation != ">" || v.Got != 0 || v.Want != 0 {
		t.Errorf("a target that ignores α: %v, want a violation of T2(α+δ) − T2(α) = 0 > 0", err)
	}
}
