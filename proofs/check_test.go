package proofs

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestCheckPassAndMargin: Pass is Err ≤ Tol (Err ≥ Tol with AtLeast), ties included, NaN
// failing; margin is Err/Tol (Tol/Err with AtLeast), 0 for 0/0, +Inf for x/0 with x > 0 and
// for NaN. Values are picked so that every ratio is exact in float64.
func TestCheckPassAndMargin(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		check  Check
		pass   bool
		margin float64
	}{
		{Check{Err: 0.5, Tol: 1}, true, 0.5},
		{Check{Err: 1, Tol: 1}, true, 1},
		{Check{Err: 2, Tol: 1}, false, 2},
		{Check{Err: 0, Tol: 0}, true, 0},
		{Check{Err: 1, Tol: 0}, false, inf},
		{Check{Err: nan, Tol: 1}, false, inf},
		{Check{Err: 1, Tol: nan}, false, inf},
		{Check{Err: 4, Tol: 2, AtLeast: true}, true, 0.5},
		{Check{Err: 2, Tol: 2, AtLeast: true}, true, 1},
		{Check{Err: 1, Tol: 2, AtLeast: true}, false, 2},
		{Check{Err: 0, Tol: 2, AtLeast: true}, false, inf},
		{Check{Err: 0, Tol: 0, AtLeast: true}, true, 0},
		{Check{Err: nan, Tol: 2, AtLeast: true}, false, inf},
		{Check{Err: nan, Tol: 1, Skipped: true}, true, inf},
	} {
		if got := c.check.Pass(); got != c.pass {
			t.Errorf("%+v: Pass = %v, want %v", c.check, got, c.pass)
		}
		if got := c.check.margin(); got != c.margin {
			t.Errorf("%+v: margin = %v, want %v", c.check, got, c.margin)
		}
	}
}

// TestWithinNoise: per entry the tolerance is k·SE + bias·pred, reported relative to pred,
// at the entry with the largest |mean − pred|/tolerance. By hand: pred = (2, 4),
// SE = (0.1, 0.1), k = 3, bias = 0.05 give relative tolerances (0.3 + 0.1)/2 = 0.2 and
// (0.3 + 0.2)/4 = 0.125; means 2.39 and 4.4 are 0.195 and 0.1 off, ratios 0.975 and 0.8.
func TestWithinNoise(t *testing.T) {
	pred := mat.NewDense(1, 2, []float64{2, 4})
	se := mat.NewDense(1, 2, []float64{0.1, 0.1})
	c := withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2.39, 4.4}), se, pred, 3, 0.05, "o")
	// 1e-15 relative: a few roundings of numbers of order 1.
	if !c.Pass() || c.Entry != at(0, 0) || !equalRel(c.Err, 0.195, 1e-15) || !equalRel(c.Tol, 0.2, 1e-15) {
		t.Errorf("mean (2.39, 4.4): %+v, want a pass at (0, 0) with Err 0.195, Tol 0.2", c)
	}
	// 2.41 is 0.205 off: ratio 1.025, a failure.
	c = withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2.41, 4.4}), se, pred, 3, 0.05, "o")
	if c.Pass() || !equalRel(c.Err, 0.205, 1e-15) {
		t.Errorf("mean (2.41, 4.4): %+v, want a failure with Err 0.205", c)
	}
	// A NaN mean is an infinite error.
	c = withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2, math.NaN()}), se, pred, 3, 0.05, "o")
	if c.Pass() || !math.IsInf(c.Err, 1) || c.Entry != at(0, 1) {
		t.Errorf("NaN mean: %+v, want a failure with Err +Inf at (0, 1)", c)
	}
}
