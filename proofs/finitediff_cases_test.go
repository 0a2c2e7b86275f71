package proofs

import (
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/nn"
)

// TestMLPCaseFeedsNonZeroInputs: C30's MLP case must exercise the first layer's weight
// gradient ∂f/∂W₁ = inᵀδ₁ (δ₁ the back-propagated signal at the first layer's
// pre-activations), which is non-zero only if the inputs are. Its bias gradient is 1ᵀδ₁, so
// wherever that is non-zero (a unit of layer 1 is alive on some row) inᵀδ₁ = 0 would need
// N(0, 1) inputs orthogonal to δ₁, an event of probability 0: an identically zero ∂f/∂W₁
// next to a non-zero ∂f/∂b₁ means the inputs are zero. The layout of the parameters is
// nn's (W₁ row-major, then b₁, …; MLP.Params); the widths are those of mlpCase's first
// draw, replayed from the same stream, and used only for seeds where the replayed network
// has exactly mlpCase's parameters (that draw was accepted). Exact comparisons with 0:
// any non-zero float counts.
func TestMLPCaseFeedsNonZeroInputs(t *testing.T) {
	checked := 0
	for seed := uint64(1); seed <= 8; seed++ {
		_, x, grad, _, err := mlpCase(seed)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		rng := caseRand(seed)
		widths := []int{1 + rng.IntN(4), 1 + rng.IntN(5), 1 + rng.IntN(5), 1 + rng.IntN(4)}
		net, err := nn.NewMLP(widths, rng)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(net.Params(), x) {
			continue // mlpCase redrew: its widths are not the replayed ones
		}
		nw := widths[0] * widths[1]
		dW1, db1 := grad[:nw], grad[nw:nw+widths[1]]
		if slices.ContainsFunc(db1, func(g float64) bool { return g != 0 }) {
			checked++
			if !slices.ContainsFunc(dW1, func(g float64) bool { return g != 0 }) {
				t.Errorf("seed %d, widths %v: ∂f/∂W₁ = 0 while ∂f/∂b₁ = %v: the case's inputs are zero", seed, widths, db1)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no seed in 1…8 gives a replayable first draw with a live first layer: the test checks nothing")
	}
	t.Logf("%d of 8 seeds checked", checked)
}
