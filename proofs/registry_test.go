package proofs

import (
	"fmt"
	"strings"
	"testing"
)

// TestLedgerRunIsReproducible: the same seed gives identical checks, numbers included,
// from fresh stores (Monte Carlo, gopter and training streams all derive from the seed;
// simulate.Replicates is independent of the worker count).
func TestLedgerRunIsReproducible(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"C9", "C13"} {
		e, err := Find(id)
		if err != nil {
			t.Fatal(err)
		}
		rc := RunConfig{Seed: 7, Quick: true}
		a := Evaluate(e, rc)
		b := Evaluate(e, rc)
		if a.Err != nil || b.Err != nil {
			t.Fatalf("%s: %v, %v", id, a.Err, b.Err)
		}
		if !sameChecks(a.Checks, b.Checks) {
			t.Errorf("%s: two runs with seed 7 differ:\n%v\n%v", id, a.Checks, b.Checks)
		}
		if id != "C9" {
			continue // one training entry run twice is enough; the seed test uses C9
		}
		c := Evaluate(e, RunConfig{Seed: 8, Quick: true})
		if sameChecks(a.Checks, c.Checks) {
			t.Errorf("%s: seeds 7 and 8 give identical checks: the seed is not used", id)
		}
	}
}

// sameChecks reports whether a and b are identical, numbers included, bit for bit: %#v
// prints every float64 in its shortest exact form, and a skipped check's NaNs as NaN
// (reflect.DeepEqual would call two NaNs different).
func sameChecks(a, b []Check) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) }

// TestEvaluateTurnsAPanicIntoAFailure: one claim's panic cannot stop the ledger.
func TestEvaluateTurnsAPanicIntoAFailure(t *testing.T) {
	e := Entry{ID: "CX", Statement: "panics", Routes: []Route{RouteClosedForm}, Run: func(RunConfig) Outcome { panic("boom") }}
	o := Evaluate(e, RunConfig{})
	if o.Pass() || o.Err == nil || !strings.Contains(o.Err.Error(), "boom") || o.Verdict() != "FAIL" {
		t.Errorf("outcome of a panicking entry: %+v", o)
	}
	if !strings.HasPrefix(o.Line(), "CX ") || !strings.HasSuffix(o.Line(), "FAIL") {
		t.Errorf("line %q", o.Line())
	}
}

// TestSharedComputesOnce: concurrent users of a key share one computation and its error.
func TestSharedComputesOnce(t *testing.T) {
	s := NewShared()
	calls := 0
	f := func() (int, error) { calls++; return 42, nil }
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func() { v, _ := sharedDo(s, "k", f); done <- v }()
	}
	for i := 0; i < 8; i++ {
		if v := <-done; v != 42 {
			t.Errorf("value %d, want 42", v)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want once", calls)
	}
	if _, err := sharedDo(s, "p", func() (int, error) { panic("bad") }); err == nil {
		t.Error("a panicking computation returns no error")
	}
}
