package proofs

import "testing"

func TestReferenceClaimsQuick(t *testing.T) {
	for _, e := range referenceClaims {
		o := Evaluate(e, RunConfig{Seed: DefaultSeed, Quick: true})
		if o.Err != nil {
			t.Fatalf("%s: %v", e.ID, o.Err)
		}
		if !o.Pass() && !o.Skipped() {
			for _, c := range o.Checks {
				t.Logf("%s: %s err %v tol %v (%s)", e.ID, c.Quantity, c.Err, c.Tol, c.Note)
			}
			t.Errorf("%s fails", e.ID)
		}
		for _, c := range o.Checks {
			t.Logf("%s: %s = %v (tol %v %s) %s", e.ID, c.Quantity, c.Err, c.Tol, c.Unit, c.Note)
		}
	}
}
