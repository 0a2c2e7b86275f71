package enumerate

import (
	"fmt"
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestC17_GradientVanishesAtLogRho: the exact gradient at s = log ρ + (row constants) +
// (global constant) is zero for every N ≥ 2, up to the derived rounding bound.
func TestC17_GradientVanishesAtLogRho(t *testing.T) {
	ns := map[string][]int{
		"m=2":           {2, 3, 5, 16, 128, 512},
		"toy":           {2, 3, 5, 16, 128, 512},
		"sharp":         {2, 3, 5, 16, 128, 512},
		"m=4 dirichlet": {2, 3, 5, 16, 64},
	}
	for _, sp := range spaces(t) {
		for _, n := range ns[sp.name] {
			t.Run(fmt.Sprintf("%s/N=%d", sp.name, n), func(t *testing.T) {
				m := sp.space.Len()
				shift := []float64{-3, 0.5, 7, 2}[:m]
				s := logRhoPlus(sp.space, shift, 1.25)
				e := mustExact(t, sp.space, n)
				grad := mat.NewDense(m, m, nil)
				e.InfoNCE(grad, s)
				c1 := sp.space.PositiveJoint()
				// The computed gradient is within ε·A + u·c1 of the true gradient at the
				// computed logits (GradientRoundingBound, A = ∂ + c1 the positive part), and
				// the computed logits differ from the exact optimum log(c1_ij/q_j) + const by
				// δs ≤ u·(|log ρ| + |s|) + 4u (ρ = c1/(q_i q_j) carries 2 roundings, log one,
				// adding the shift one), which moves the gradient by at most 2A·δs (the row
				// Hessian of a c1-weighted log-sum-exp has absolute row sums ≤ 2A).
				eps := e.GradientRoundingBound(s)
				ds := u*(matMaxAbs(logDensityRatio(sp.space))+matMaxAbs(s)) + 4*u
				var worst float64
				for i := 0; i < m; i++ {
					for j := 0; j < m; j++ {
						g, c := grad.At(i, j), c1.At(i, j)
						pos := c + math.Abs(g)
						tol := (eps+2*ds)*pos + u*c
						worst = math.Max(worst, math.Abs(g)/c)
						if !scalar.EqualWithinAbs(g, 0, tol) {
							t.Errorf("∂E[ℓ]/∂s[%d][%d] = %.3g at log ρ, want 0 within %.3g", i, j, g, tol)
						}
					}
				}
				t.Logf("max |∂|/c1 = %.2g, bound ε + 2δs + u = %.2g", worst, eps+2*ds+u)
			})
		}
	}
}

// TestC17_GradientDoesNotVanishAwayFromLogRho guards the previous test against a
// gradient that vanishes everywhere: log ρ perturbed in one entry, or the mean-field
// logits log T1 (which differ from log ρ by a non-constant row term), give a gradient
// far above the rounding bound.
func TestC17_GradientDoesNotVanishAwayFromLogRho(t *testing.T) {
	s := sharp(t)
	m := s.Len()
	e := mustExact(t, s, 8)
	for _, tc := range []struct {
		logits *mat.Dense
		reason string
	}{
		{func() *mat.Dense { l := logDensityRatio(s); l.Set(1, 2, l.At(1, 2)+0.01); return l }(), "log ρ + 0.01 on one pair"},
		{func() *mat.Dense {
			l := mat.NewDense(m, m, nil)
			l.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, s.InfoNCETarget(8))
			return l
		}(), "log T1: its softmax is not the posterior"},
	} {
		grad := mat.NewDense(m, m, nil)
		e.InfoNCE(grad, tc.logits)
		bound := (e.GradientRoundingBound(tc.logits) + 1e-12) * 2
		if g := matMaxAbs(grad); !(g > 1e3*bound) {
			t.Errorf("%s: max |∂| = %.3g, expected far above the rounding bound %.2g", tc.reason, g, bound)
		}
	}
}

// TestC17_MinimiserIsLogRho minimises the exact loss numerically from zero logits and
// compares the gauge-fixed minimiser with log ρ_ij − log ρ_i0.
func TestC17_MinimiserIsLogRho(t *testing.T) {
	for _, tc := range []struct {
		sp     testSpace
		n      int
		reason string
	}{
		{testSpace{"toy", feature.Toy()}, 2, "smallest batch: one negative"},
		{testSpace{"toy", feature.Toy()}, 8, "small batch"},
		{testSpace{"toy", feature.Toy()}, 128, "the largest N of docs/theory.md's table"},
		{testSpace{"sharp", sharp(t)}, 16, "ρ up to 2.6"},
		{testSpace{"m=2", two(t)}, 512, "two states, large N"},
		{testSpace{"m=4 dirichlet", randomSpace(t, 4, 1, 7)}, 8, "four states"},
	} {
		t.Run(fmt.Sprintf("%s/N=%d", tc.sp.name, tc.n), func(t *testing.T) {
			s := tc.sp.space
			m := s.Len()
			res, err := MinimiseExactInfoNCE(s, tc.n, nil, MinimiseOptions{})
			if err != nil {
				t.Fatalf("%v (%s)", err, tc.reason)
			}
			e := mustExact(t, s, tc.n)
			lr := logDensityRatio(s)
			tol, lmin := minimiserTolerance(t, e, res)
			var worst float64
			for i := 0; i < m; i++ {
				for j := 0; j < m; j++ {
					want := lr.At(i, j) - lr.At(i, 0)
					worst = math.Max(worst, math.Abs(res.Logits.At(i, j)-want))
					if !scalar.EqualWithinAbs(res.Logits.At(i, j), want, tol) {
						t.Errorf("minimiser s[%d][%d] − s[%d][0] = %.15g, log ρ difference %.15g (tol %.2g; %s)", i, j, i, res.Logits.At(i, j), want, tol, tc.reason)
					}
				}
			}
			t.Logf("L-BFGS %d iterations (%v), %d Newton steps, max|∇| = %.2g, λ_min = %.3g, max|s − log ρ| = %.2g ≤ tol = %.2g", res.Iterations, res.Status, res.NewtonSteps, res.GradMax, lmin, worst, tol)
			// The minimum value is the loss at log ρ.
			at := e.InfoNCE(nil, lr)
			if !scalar.EqualWithinAbsOrRel(res.Loss, at, 0, 1e-12) { // both ≈ log N with ≤ 1e-13 relative rounding; the 2nd-order loss gap is ≤ λ_max·tol² ≪ 1e-12
				t.Errorf("minimum loss %.17g ≠ loss at log ρ %.17g", res.Loss, at)
			}
		})
	}
}

// minimiserTolerance bounds the distance of a computed minimiser from the true one:
// |x − x*|₂ ≤ ‖∇(x)‖₂/λ_min(H) near the minimiser of a strictly convex function. The true
// gradient at the result is below GradMax (computed, max-norm over the m² entries, so
// ‖·‖₂ ≤ m·GradMax) plus the rounding bound (ε + u)·max c1. λ_min is taken from a
// central-difference Hessian of the exact gradient in the gauge s_i0 = 0; the factor 2
// absorbs the Hessian's variation over the tiny neighbourhood and its fd error. log ρ
// differences carry ≤ 8u·(1+|log ρ|) of their own. It returns the tolerance and λ_min.
func minimiserTolerance(t *testing.T, e *Exact, res *Minimum) (tol, lmin float64) {
	t.Helper()
	s := e.Space()
	m := s.Len()
	g := newGauge(e)
	x := make([]float64, m*(m-1))
	for i := 0; i < m; i++ {
		for j := 1; j < m; j++ {
			x[i*(m-1)+j-1] = res.Logits.At(i, j)
		}
	}
	h := mat.NewDense(len(x), len(x), nil)
	fd.Jacobian(h, func(y, x []float64) { g.eval(y, x) }, x, &fd.JacobianSettings{Formula: fd.Central})
	sym := mat.NewSymDense(len(x), nil)
	for a := range x {
		for b := range x {
			sym.SetSym(a, b, (h.At(a, b)+h.At(b, a))/2)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		t.Fatal("Hessian eigendecomposition failed")
	}
	lmin = eig.Values(nil)[0]
	if !(lmin > 0) {
		t.Fatalf("Hessian at the minimiser not positive definite: λ_min = %g", lmin)
	}
	c1max := matMaxAbs(s.PositiveJoint())
	tol = 2*(float64(m)*res.GradMax+(e.GradientRoundingBound(res.Logits)+u)*c1max)/lmin + 8*u*(1+matMaxAbs(logDensityRatio(s)))
	return tol, lmin
}
