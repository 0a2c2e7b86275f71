package proofs

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestC10TargetBelowOne: T1 = ρ/(ρ + N − 1) < 1 wherever c1 > 0, since N − 1 ≥ 1
// (docs/theory.md §4, C10). A target equal to 1 at its largest entry (every other entry
// right) must be reported there as a *Violation of "T1" < 1, got 1 (both exact).
func TestC10TargetBelowOne(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const n = 40
	t1 := s.InfoNCETarget(n)
	i, j := argmax(t1)
	one := dense(t1)
	one.Set(i, j, 1)
	err := checkInfoNCETargetShape(s, n, func(int) mat.Matrix { return one })
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "T1" || v.Entry != at(i, j) || v.Relation != "<" || v.Got != 1 || v.Want != 1 {
		t.Errorf("T1_%d%d = 1: %v, want a violation of T1 < 1 at (%d, %d)", i, j, err, i, j)
	}
}

// TestC11ProbViolationReportsItsTolerance: when InfoNCEPopulationLoss's prob misses the fed
// target, C11's *Violation reports the absolute tolerance relP·T1 it applied, with relP =
// relTol + 2d + 4u(|s_ij| + max_l|s_il| + 1) (the docs of CheckC11GradientVanishesAtT1),
// and a miss larger than it. Space and target as in TestC11ProbToleranceIsTheDocumentedOne
// (dyadic, d = 0, N = 2, T1 = [[5/9, 3/7], [3/7, 5/9]]): T1_00 raised by δ = 160u makes
// row 0's probs miss by ≈ (5/8)δ = 100u relative, above relP = 56u + 4u(0.59 + 0.85 + 1)
// ≈ 66u, while the residual of (0, 0), (5/16)δ = 50u, stays inside its (5/4)·relTol =
// 70u; so the first violation is the prob of (0, 0). Tol is compared with relP·T1_00 to
// 1e-12 relative (both are a handful of roundings of the same terms).
func TestC11ProbViolationReportsItsTolerance(t *testing.T) {
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{0.75, 0.25}, {0.25, 0.75}})
	const u = 0x1p-53
	bad := mat.NewDense(2, 2, []float64{5.0 / 9 * (1 + 160*u), 3.0 / 7, 3.0 / 7, 5.0 / 9})
	err := checkT1Stationary(s, 2, bad, 0)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "InfoNCEPopulationLoss prob vs T1" || v.Entry != at(0, 0) {
		t.Fatalf("T1_00 raised by 160u: %v, want a prob violation at (0, 0)", err)
	}
	s00, s01 := math.Log(bad.At(0, 0)), math.Log(bad.At(0, 1))
	relP := relTolFormula(2) + 4*u*(math.Abs(s00)+math.Max(math.Abs(s00), math.Abs(s01))+1)
	if v.Want != bad.At(0, 0) || !scalar.EqualWithinRel(v.Tol, relP*v.Want, 1e-12) || !(math.Abs(v.Got-v.Want) > v.Tol) {
		t.Errorf("prob violation %v: want T1_00 = %v within relP·T1_00 = %v, a miss |got − want| larger than it", err, bad.At(0, 0), relP*bad.At(0, 0))
	}
}
