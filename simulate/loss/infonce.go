package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// InfoNCELoss is cross-view InfoNCE (docs/theory.md §3): ℓ_a = −log softmax_b(S_a·)[a]
// with S_ab = û1_a·û2_b/τ, the batch mean over the n view-1 anchors. Its positive-pair
// probability is the softmax P_aa and its mean-field target is T1 at n sources.
type InfoNCELoss struct {
	Tau     float64 // temperature τ > 0 (New checks it)
	Workers int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)
	cross
}

func (l *InfoNCELoss) spec() crossSpec {
	return crossSpec{name: InfoNCE, rule: ruleInfoNCE, tau: l.Tau, workers: l.Workers}
}

// Name returns "infonce".
func (l *InfoNCELoss) Name() string { return InfoNCE }

// Decoupled returns false: P_aa is the softmax with the positive included.
func (l *InfoNCELoss) Decoupled() bool { return false }

// Target returns T1 = c1/(c1 + (n−1)c2) (feature.Space.InfoNCETarget).
func (l *InfoNCELoss) Target(s *feature.Space, n int) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	return s.InfoNCETarget(n), nil
}

// Eval implements Loss.
func (l *InfoNCELoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	return l.eval(l.spec(), z1, z2, g1, g2)
}

// EvalLogits implements LogitLoss.
func (l *InfoNCELoss) EvalLogits(s, gs *mat.Dense) float64 { return l.evalLogits(l.spec(), s, gs) }

// EvalCounts implements CountLoss.
func (l *InfoNCELoss) EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64 {
	return l.evalCounts(l.spec(), theta, c, g)
}
