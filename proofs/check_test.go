package proofs

import (
	"math"
	"testing"
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
