package main

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/proofs"
)

// A recorded outcome reads back to the same outcome: every float bit for bit (NaN,
// ±Inf, a value that needs 17 digits), the error's message, every string and flag.
func TestOutcomeRoundTrip(t *testing.T) {
	in := &proofs.Outcome{
		ID: "C7", Statement: "a | statement\nover two lines", Routes: []proofs.Route{proofs.RouteClosedForm, proofs.RouteTraining},
		Corrected: "holds within 3 %", Err: errors.New("no convergence\nat step 9"),
		Checks: []proofs.Check{
			{Route: proofs.RouteClosedForm, Quantity: "q", Entry: "(0, 2)", Predicted: 0.1 + 0.2, Measured: math.NaN(), Err: math.Inf(1), Tol: math.Inf(-1), AtLeast: true, Unit: "rel", Origin: "o", Note: "n"},
			{Route: proofs.RouteTraining, Predicted: math.Copysign(0, -1), Measured: 5e-324, Err: math.MaxFloat64, Tol: 1e-9, Skipped: true},
		},
	}
	out, err := decodeOutcome(encodeOutcome(in), "C7")
	if err != nil {
		t.Fatal(err)
	}
	if out.Err == nil || out.Err.Error() != in.Err.Error() {
		t.Errorf("error %v, want %v", out.Err, in.Err)
	}
	for i, c := range out.Checks {
		w := in.Checks[i]
		for k, pair := range [][2]float64{{c.Predicted, w.Predicted}, {c.Measured, w.Measured}, {c.Err, w.Err}, {c.Tol, w.Tol}} {
			if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) && !(math.IsNaN(pair[0]) && math.IsNaN(pair[1])) {
				t.Errorf("check %d value %d: %v, want %v", i, k, pair[0], pair[1])
			}
		}
		c.Predicted, c.Measured, c.Err, c.Tol = 0, 0, 0, 0 // compared above, NaN-safe
		w.Predicted, w.Measured, w.Err, w.Tol = 0, 0, 0, 0
		if !reflect.DeepEqual(c, w) {
			t.Errorf("check %d: %+v, want %+v", i, c, w)
		}
	}
	out.Err, out.Checks, in.Err, in.Checks = nil, nil, nil, nil
	if !reflect.DeepEqual(out, in) {
		t.Errorf("outcome %+v, want %+v", out, in)
	}
}

// A record of another claim, an unknown field or a value that is not a number is
// refused with an error naming it.
func TestOutcomeRefused(t *testing.T) {
	good := string(encodeOutcome(&proofs.Outcome{ID: "C1", Checks: []proofs.Check{{Tol: 0.5}}}))
	for _, c := range []struct{ rec, id, want string }{
		{good, "C2", `"C1", not "C2"`},
		{strings.Replace(good, `"Corrected"`, `"Korrected"`, 1), "C1", "Korrected"},
		{strings.Replace(good, `"Tol": "0.5"`, `"Tol": "half"`, 1), "C1", `"half"`},
	} {
		if _, err := decodeOutcome([]byte(c.rec), c.id); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one naming %s", err, c.want)
		}
	}
}
