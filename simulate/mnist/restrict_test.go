package mnist

import (
	"slices"
	"testing"
)

// TestReachable: state 2 is never reached; state 3 only from 2, so it goes next; the
// closed set {0, 1} remains, renumbered, with its counts unchanged.
func TestReachable(t *testing.T) {
	e := &Estimate{R: 4, rows: [][]Count{
		{{State: 1, N: 4}},
		{{State: 0, N: 1}, {State: 1, N: 3}},
		{{State: 3, N: 4}},
		{{State: 0, N: 4}},
	}}
	keep := e.Reachable()
	if !slices.Equal(keep, []int{0, 1}) {
		t.Fatalf("Reachable = %v, want [0 1]", keep)
	}
	r := e.Restrict(keep)
	if r.Len() != 2 || r.At(0, 1) != 1 || r.At(1, 0) != 0.25 || r.At(1, 1) != 0.75 {
		t.Errorf("restricted rows %v %v", r.Row(0), r.Row(1))
	}
	if _, err := r.Space(nil); err != nil {
		t.Errorf("restricted space: %v", err)
	}
	if _, err := e.Space(nil); err == nil {
		t.Error("unrestricted space with unreached states: no error")
	}
}
