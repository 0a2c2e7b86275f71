package proofs

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TestC19DecoupledPositiveTolerance: the scinfonce-decoupled positive entry −(p̃_a + α)/n
// carries p̃_a = e^{S_aa}/Σ_{b≠a} e^{S_ab}, which is unbounded, so checkLogitField allows it
// relP·(1 + |α| + |β|)/n + relP·p̃_a/n, relP = 2(n + 4 + spread)u (the docs of logitgrad.go):
// a relative error relP on p̃_a, divided by n like every entry. With n = 8 and row 0 =
// (6, 0, …, 0), p̃_0 = e⁶/7 ≈ 57.6 and that allowance is ≈ 267u on an entry of ≈ 7.3.
// The entry of the field EvalLogits writes, raised by 1.5 times the allowance, must be
// refused as "∂/∂S_aa" at (0, 0), reporting that allowance (to 1e-12 relative: the same
// few roundings). The row sum cannot report it first: entries come before row sums.
func TestC19DecoupledPositiveTolerance(t *testing.T) {
	const (
		n           = 8
		alpha, beta = 0.5, 0.2
		u           = 0x1p-53
	)
	s := mat.NewDense(n, n, nil)
	s.Set(0, 0, 6)
	g := evalLogitField(loss.SCInfoNCEDecoupled, loss.Params{Tau: 1, Alpha: alpha, Beta: beta}, s)
	wantNil(t, "C19 decoupled", checkLogitField("C19", loss.SCInfoNCEDecoupled, s, g, alpha, beta))
	relP := 2 * (n + 4 + 6) * u                    // spread of row 0 is 6
	pTilde := math.Exp(6) / (n - 1)                // e^{S_00}/Σ_{b≠0} e^{S_0b}, the others e⁰ = 1
	allow := relP*(1+alpha+beta)/n + relP*pTilde/n // the documented allowance of the positive entry
	bad := mat.DenseCopyOf(g)
	bad.Set(0, 0, g.At(0, 0)+1.5*allow)
	err := checkLogitField("C19", loss.SCInfoNCEDecoupled, s, bad, alpha, beta)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != loss.SCInfoNCEDecoupled+" ∂/∂S_aa" || v.Entry != at(0, 0) || !scalar.EqualWithinRel(v.Tol, allow, 1e-12) {
		t.Errorf("positive entry raised by 1.5 × its allowance %v: %v, want a violation of ∂/∂S_aa at (0, 0) within %v", allow, err, allow)
	}
}
