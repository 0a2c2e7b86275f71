package proofs

import (
	"strings"
	"testing"
)

// The MNIST-states claims (claims_mnist.go), each run as the claims notebook runs it.
func TestC32_MNISTTPMEstimateUnbiased(t *testing.T)        { runEntry(t, "C32") }
func TestC33_StrongerAugmentationDiffusesTPM(t *testing.T) { runEntry(t, "C33") }

// TestC34_MNISTT1OutOfReach also reads the optimum check's note: logits of unit
// embeddings lie in [−1/τ, 1/τ], so at τ = 0.5 they bound P_ij/P_il by e^{2/τ} = e⁴ =
// 54.598…, printed "54.6".
func TestC34_MNISTT1OutOfReach(t *testing.T) {
	o := runEntry(t, "C34")
	if mnistTau != 0.5 {
		t.Fatalf("mnistTau = %g: the golden e⁴ below assumes τ = 0.5", mnistTau)
	}
	const want = "e^{2/τ} = 54.6"
	var optimumNoted, collapseRead bool
	for _, c := range o.Checks {
		switch {
		case c.Route == RouteOptimum:
			optimumNoted = true
			if !strings.Contains(c.Note, want) {
				t.Errorf("C34 optimum check's note %q does not state %q", c.Note, want)
			}
		case strings.HasPrefix(c.Quantity, "1 − mean cosine"):
			// The collapse check's error is its measured 1 − mean cosine itself (its
			// prediction is 0, and the quantity is ≥ 0 up to rounding: cosines of unit vectors
			// are ≤ 1, each within a few u, so −1e-12 is a loose floor).
			collapseRead = true
			if c.Predicted != 0 || !(c.Err == c.Measured) || !(c.Measured >= -1e-12) {
				t.Errorf("C34 collapse check: predicted %v, measured %v, error %v: want 0, 1 − mean cosine ≥ 0 and an error equal to it", c.Predicted, c.Measured, c.Err)
			}
		}
	}
	if !optimumNoted || !collapseRead {
		t.Errorf("C34 has an optimum check %v, a collapse check %v", optimumNoted, collapseRead)
	}
}
