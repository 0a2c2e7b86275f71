package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// DCLLoss is the decoupled contrastive loss (docs/theory.md §3): ℓ_a = −S_aa +
// log Σ_{b≠a} exp S_ab, the batch mean over the n view-1 anchors. Its positive-pair
// probability is the decoupled p̃_a = exp S_aa / Σ_{b≠a} exp S_ab and its mean-field
// target is T2(1, 0) at n sources.
type DCLLoss struct {
	Tau     float64 // temperature τ > 0 (New checks it)
	Workers int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)
	cross
}

func (l *DCLLoss) spec() crossSpec {
	return crossSpec{name: DCL, rule: ruleDCL, tau: l.Tau, workers: l.Workers}
}

// Name returns "dcl".
func (l *DCLLoss) Name() string { return DCL }

// Decoupled returns true: the gradient's normalisation leaves the positive out.
func (l *DCLLoss) Decoupled() bool { return true }

// Target returns T2(1, 0) (feature.Space.DCLTarget).
func (l *DCLLoss) Target(s *feature.Space, n int) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	return s.DCLTarget(n), nil
}

// Eval implements Loss.
func (l *DCLLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 { return l.eval(l.spec(), z1, z2, g1, g2) }

// EvalLogits implements LogitLoss.
func (l *DCLLoss) EvalLogits(s, gs *mat.Dense) float64 { return l.evalLogits(l.spec(), s, gs) }

// EvalCounts implements CountLoss.
func (l *DCLLoss) EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64 {
	return l.evalCounts(l.spec(), theta, c, g)
}
