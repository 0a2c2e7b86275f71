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
	for _, c := range o.Checks {
		if c.Route == RouteOptimum {
			if !strings.Contains(c.Note, want) {
				t.Errorf("C34 optimum check's note %q does not state %q", c.Note, want)
			}
			return
		}
	}
	t.Error("C34 has no optimum check")
}
