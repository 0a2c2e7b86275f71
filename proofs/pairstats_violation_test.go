package proofs

import (
	"errors"
	"math"
	"testing"
)

// TestC4CovarianceFormIsCompared: C4's last check compares G = c1 − c2 entry by entry with
// the covariance form Σ_k π_k (A_ki − q_i)(A_kj − q_j) (docs/theory.md §2). Adding
// ε·(e_0 − e_1)(e_0 − e_1)ᵀ to c1 keeps every other part of C4 true — that matrix has zero
// row sums (the ones vector stays in G's kernel), is positive semi-definite (G stays PSD)
// and raises tr c1 — so only the covariance form can notice it: a *Violation at (0, 0),
// missing by ε = 1e-6·c1_00, with a tolerance (2·relTol·(c1 + 3c2) + 2d·c2, of order 1e-15 here)
// below the miss.
func TestC4CovarianceFormIsCompared(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	c1, c2 := s.PositiveJoint(), s.NegativeJoint()
	wantNil(t, "C4", checkJointGap(s, c1, c2))
	eps := perturbRel * c1.At(0, 0)
	bad := dense(c1)
	bad.Set(0, 0, c1.At(0, 0)+eps)
	bad.Set(1, 1, c1.At(1, 1)+eps)
	bad.Set(0, 1, c1.At(0, 1)-eps)
	bad.Set(1, 0, c1.At(1, 0)-eps)
	err := checkJointGap(s, bad, c2)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "(c1 − c2) vs Σ_k π_k (A_ki − q_i)(A_kj − q_j)" || v.Entry != at(0, 0) || !(math.Abs(v.Got-v.Want) > v.Tol) {
		t.Errorf("c1 + ε(e0 − e1)(e0 − e1)ᵀ, ε = %v: %v, want a violation of the covariance form at (0, 0) missing by more than its tolerance", eps, err)
	}
}
