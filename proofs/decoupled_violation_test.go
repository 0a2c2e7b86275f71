package proofs

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestC28SingularPairViolations: a SingularPairError whose ρ disagrees with the explicit
// ρ is reported as a *Violation with the numbers of the comparison (got, want, tolerance
// relTol(m)·ρ), and one naming a pair with ρ < N−1 as a violation of "ρ ≥ N−1". The toy's
// ρ_00 = 1.222 makes (0, 0) singular at N = 2 (ρ ≥ N−1 = 1) and regular at N = 3.
func TestC28SingularPairViolations(t *testing.T) {
	s := feature.Toy()
	rho := s.DensityRatio().At(0, 0)
	err := checkDecoupledFixedPoint(s, 2, 1, 0, nil, &feature.SingularPairError{I: 0, J: 0, Rho: 2, N: 2})
	var v *Violation
	if !errors.As(err, &v) || v.Got != 2 || !scalar.EqualWithinRel(v.Want, rho, 1e-12) || !scalar.EqualWithinRel(v.Tol, relTol(3)*rho, 1e-12) {
		t.Errorf("a wrong SingularPairError.Rho: %#v, want got 2, want %v, tol %v", err, rho, relTol(3)*rho)
	}
	if err := checkDecoupledFixedPoint(s, 2, 1, 0, nil, &feature.SingularPairError{I: 0, J: 0, Rho: rho, N: 2}); err != nil {
		t.Errorf("the right SingularPairError refused: %v", err)
	}
	err = checkDecoupledFixedPoint(s, 3, 1, 0, nil, &feature.SingularPairError{I: 0, J: 0, Rho: rho, N: 3})
	if !errors.As(err, &v) || v.Relation != "≥" || !(math.Abs(v.Want-2) == 0) || !scalar.EqualWithinRel(v.Tol, relTol(3)*2, 1e-12) {
		t.Errorf("a SingularPairError where ρ < N−1: %#v", err)
	}
}
