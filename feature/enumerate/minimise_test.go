package enumerate

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestMinimiseNewtonPolish stops L-BFGS after two iterations, so the Newton steps must
// take the gradient the rest of the way, to the same minimiser log ρ (up to row
// constants).
func TestMinimiseNewtonPolish(t *testing.T) {
	s := sharp(t)
	m := s.Len()
	res, err := MinimiseExactInfoNCE(s, 10, nil, MinimiseOptions{MaxIter: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewtonSteps == 0 || res.Iterations > 2 {
		t.Errorf("%d L-BFGS iterations, %d Newton steps: expected the polish to run", res.Iterations, res.NewtonSteps)
	}
	t.Logf("%d L-BFGS iterations (%v), %d Newton steps, max|∇| = %.2g", res.Iterations, res.Status, res.NewtonSteps, res.GradMax)
	lr := logDensityRatio(s)
	tol, _ := minimiserTolerance(t, mustExact(t, s, 10), res)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if !scalar.EqualWithinAbs(res.Logits.At(i, j), lr.At(i, j)-lr.At(i, 0), tol) {
				t.Errorf("s[%d][%d] = %.15g, want %.15g", i, j, res.Logits.At(i, j), lr.At(i, j)-lr.At(i, 0))
			}
		}
	}
}

func TestMinimiseErrors(t *testing.T) {
	toy := feature.Toy()
	identity := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1, 0}, {0, 1}})
	nan := mat.NewDense(3, 3, nil)
	nan.Set(2, 1, 1.0/zero())
	for _, tc := range []struct {
		s      *feature.Space
		n      int
		init   mat.Matrix
		opt    MinimiseOptions
		want   string
		reason string
	}{
		{toy, 1, nil, MinimiseOptions{}, "N = 1", "batch too small"},
		{toy, 4, nil, MinimiseOptions{GradTol: -1}, "GradTol = -1", "negative tolerance"},
		{toy, 4, nil, MinimiseOptions{MaxIter: -3}, "MaxIter = -3", "negative iterations"},
		{toy, 4, nil, MinimiseOptions{NewtonSteps: -1}, "NewtonSteps = -1", "negative Newton steps"},
		{identity, 4, nil, MinimiseOptions{}, "c1[0][1] = 0", "A = I: off-diagonal optimum at −∞"},
		{toy, 4, nan, MinimiseOptions{}, "init[2][1] = +Inf", "non-finite start"},
	} {
		_, err := MinimiseExactInfoNCE(tc.s, tc.n, tc.init, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want one containing %q (%s)", err, tc.want, tc.reason)
		}
	}
	// A tolerance below the rounding floor cannot be met: the result comes back with an
	// error wrapping ErrNotConverged.
	res, err := MinimiseExactInfoNCE(toy, 4, nil, MinimiseOptions{GradTol: 1e-30, MaxIter: 5})
	if !errors.Is(err, ErrNotConverged) || res == nil || res.Logits == nil {
		t.Errorf("GradTol = 1e-30: result %v, error %v; want a result and ErrNotConverged", res, err)
	}
}

func zero() float64 { return 0 }

func TestPanicsOnShapeMismatch(t *testing.T) {
	e := mustExact(t, feature.Toy(), 4)
	bad := mat.NewDense(2, 2, nil)
	ok := mat.NewDense(3, 3, nil)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"InfoNCE logits", func() { e.InfoNCE(nil, bad) }},
		{"InfoNCE grad", func() { e.InfoNCE(bad, ok) }},
		{"PositiveProbTo dst", func() { e.PositiveProbTo(bad, ok) }},
		{"SCFieldTo logits", func() { e.SCFieldTo(nil, bad, 1, 0) }},
		{"SCFieldTo NaN α", func() { e.SCFieldTo(nil, ok, zero()/zero(), 0) }},
		{"DecoupledSCFieldTo dst", func() { e.DecoupledSCFieldTo(bad, ok, 1, 0) }},
		{"ExactInfoNCE N = 1", func() { ExactInfoNCE(feature.Toy(), 1, ok, nil) }},
		{"GapTable N = 0", func() { GapTable(feature.Toy(), []int{0}) }},
		{"Compositions negative total", func() { Compositions(-1, 2) }},
		{"LogMultinomial lengths", func() { LogMultinomial([]int{1}, []float64{0.5, 0.5}) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
}

// TestMinimiseCountsAndGauge: with MaxIter = 2 and NewtonSteps = 1, L-BFGS reports
// its 1–2 major iterations and the polish exactly the one Newton step it is allowed
// (from two L-BFGS iterations the gradient is far above the rounding floor, and a Newton
// step on this strictly convex loss lowers it); the result is in the gauge s_i0 = 0.
func TestMinimiseCountsAndGauge(t *testing.T) {
	s := sharp(t)
	res, err := MinimiseExactInfoNCE(s, 10, nil, MinimiseOptions{MaxIter: 2, NewtonSteps: 1})
	if res == nil {
		t.Fatal(err)
	}
	if res.Iterations < 1 || res.Iterations > 2 || res.NewtonSteps != 1 {
		t.Errorf("%d L-BFGS iterations, %d Newton steps (error %v); want 1–2 and 1", res.Iterations, res.NewtonSteps, err)
	}
	for i := 0; i < s.Len(); i++ {
		if v := res.Logits.At(i, 0); v != 0 {
			t.Errorf("s[%d][0] = %v, want 0 (the gauge)", i, v)
		}
	}
}

// TestGradientRoundingBoundClosedForm pins the documented bound
// ε = 2·LogWeightError + 2u·(spread + 1) + (3m+15)u and LogWeightError =
// (2m+5)·u·(2 log T! + T·max|log q_l|) on the toy (m = 3) at N = 4 (T = 3), whose view
// law q = πA = (0.9, 1.1, 1)/3 has its smallest entry 0.3:
// LogWeightError = 11u·(2 log 6 − 3 log 0.3). Tolerance: the bound's own evaluation,
// a handful of roundings of O(100u) terms (1e-12 relative).
func TestGradientRoundingBoundClosedForm(t *testing.T) {
	e := mustExact(t, feature.Toy(), 4)
	logErr := 11 * u * (2*math.Log(6) - 3*math.Log(0.3))
	if got := e.Negatives().LogWeightError(); !scalar.EqualWithinRel(got, logErr, 1e-12) {
		t.Errorf("LogWeightError = %g, want %g", got, logErr)
	}
	for _, c := range []struct {
		spread float64
		logits *mat.Dense
	}{
		{0, mat.NewDense(3, 3, nil)},
		{5, mat.NewDense(3, 3, []float64{0, 1, 2, 3, -2, 1, 0, 0, 0})}, // row 1 spans 3 − (−2) = 5
	} {
		want := 2*logErr + 2*u*(c.spread+1) + 24*u
		if got := e.GradientRoundingBound(c.logits); !scalar.EqualWithinRel(got, want, 1e-12) {
			t.Errorf("spread %v: GradientRoundingBound = %g, want %g", c.spread, got, want)
		}
	}
}

// TestShapePanicNamesTheShape: a matrix with one side right is refused by the shape
// check itself, whose message names the shape and the space (not by an index panic
// later in the enumeration).
func TestShapePanicNamesTheShape(t *testing.T) {
	e := mustExact(t, feature.Toy(), 4)
	ok := mat.NewDense(3, 3, nil)
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"3×2 logits in a 3-state space", func() { e.InfoNCE(nil, mat.NewDense(3, 2, nil)) }},
		{"2×3 logits in a 3-state space", func() { e.InfoNCE(nil, mat.NewDense(2, 3, nil)) }},
		{"3×2 output in a 3-state space", func() { e.PositiveProbTo(mat.NewDense(3, 2, nil), ok) }},
		{"2×3 output in a 3-state space", func() { e.PositiveProbTo(mat.NewDense(2, 3, nil), ok) }},
		{"3×2 init in a 3-state space", func() { MinimiseExactInfoNCE(feature.Toy(), 4, mat.NewDense(3, 2, nil), MinimiseOptions{}) }},
		{"2×3 init in a 3-state space", func() { MinimiseExactInfoNCE(feature.Toy(), 4, mat.NewDense(2, 3, nil), MinimiseOptions{}) }},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panic %v, want one naming %q", r, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

// TestMinimiseReportsTheLBFGSError: when L-BFGS itself fails (here at once: a row of
// the initial logits spans 1600 > 700, e^{s − max} underflows and the loss is NaN) and
// the tolerance is not met, the ErrNotConverged error carries L-BFGS's error too.
func TestMinimiseReportsTheLBFGSError(t *testing.T) {
	init := mat.NewDense(3, 3, []float64{0, 800, -800, 0, 0, 0, 0, 0, 0})
	res, err := MinimiseExactInfoNCE(feature.Toy(), 4, init, MinimiseOptions{GradTol: 1e-30})
	if !errors.Is(err, ErrNotConverged) || res == nil || !strings.Contains(err.Error(), "initial function value is NaN") {
		t.Errorf("result %v, error %v; want a result and ErrNotConverged naming L-BFGS's NaN start", res, err)
	}
}

// TestNewRefusesBadBatch: New returns CheckSize's errors, which name the batch size
// (N = 1: feature.CheckBatchSize's "batch size N = 1") or the enumeration's size.
func TestNewRefusesBadBatch(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{1, "batch size N = 1"}, {0, "batch size N = 0"}, {1 << 20, "exceed MaxCounts"}} {
		if e, err := New(feature.Toy(), c.n); e != nil || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(toy, %d) = %v, %v; want an error naming %q", c.n, e, err, c.want)
		}
	}
}
