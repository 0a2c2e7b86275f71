package proofs

import "testing"

// TestMNISTClaims runs the MNIST claims (claims_mnist.go) directly, as runEntry does
// for the registry's entries: each must run, check something on every route it names,
// and pass.
func TestMNISTClaims(t *testing.T) {
	for _, e := range mnistClaims {
		t.Run(e.ID, func(t *testing.T) {
			o := Evaluate(e, testRunConfig())
			if o.Err != nil {
				t.Fatalf("%s could not be checked (seed %d): %v", e.ID, *seed, o.Err)
			}
			if len(o.Checks) == 0 {
				t.Fatalf("%s ran no check", e.ID)
			}
			for _, c := range o.Checks {
				if !c.Pass() {
					t.Errorf("%s fails (seed %d):\n%s\n%s", e.ID, *seed, c.Summary(), c.Note)
				}
			}
			if err := routesChecked(e, o); err != nil {
				t.Error(err)
			}
			t.Log(o.Line())
			for _, c := range o.Checks {
				t.Logf("  %s: err %.4g tol %.4g %s; %s", c.Quantity, c.Err, c.Tol, c.Unit, c.Note)
			}
		})
	}
}
