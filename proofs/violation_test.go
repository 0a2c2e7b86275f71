package proofs

import (
	"math"
	"testing"
)

// TestViolationErrorOmitsInfiniteDifference: a Violation's message gives "off by Got − Want"
// only when both are finite numbers; against an infinite bound of either sign, or a NaN,
// the difference means nothing and is left out. Expected messages written out by hand from
// the format "CLAIM: QUANTITY at ENTRY = GOT, want RELATION WANT within TOL[, off by D][: DETAIL]".
func TestViolationErrorOmitsInfiniteDifference(t *testing.T) {
	for _, tc := range []struct {
		v    Violation
		want string
	}{
		{Violation{Claim: "C1", Quantity: "x", Got: 1, Relation: ">", Want: math.Inf(-1)}, "C1: x = 1, want > -Inf within 0"},
		{Violation{Claim: "C1", Quantity: "x", Got: 1, Relation: "<", Want: math.Inf(1)}, "C1: x = 1, want < +Inf within 0"},
		{Violation{Claim: "C1", Quantity: "x", Got: math.Inf(-1), Relation: "=", Want: 2}, "C1: x = -Inf, want = 2 within 0"},
		{Violation{Claim: "C1", Quantity: "x", Got: math.NaN(), Relation: "=", Want: 2}, "C1: x = NaN, want = 2 within 0"},
		{Violation{Claim: "C2", Quantity: "y", Entry: at(0, 1), Got: 1.5, Relation: "=", Want: 1, Tol: 0.25, Detail: "d"}, "C2: y at (0, 1) = 1.5, want = 1 within 0.25, off by 0.5: d"},
	} {
		if got := tc.v.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}
