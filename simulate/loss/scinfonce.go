package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// SCInfoNCELoss is SC-InfoNCE in the paper's form (docs/theory.md §3):
//
//	ℓ_a = −log P_aa − sg(P_aa − 1 + α)·S_aa + β/(n−1)·Σ_{b≠a} S_ab,  P_a· = softmax(S_a·),
//
// the batch mean over the n view-1 anchors; its "gradient" is the SC update field (see
// the package documentation). Its negative gradient P_ab + β/(n−1) is taken in the
// inclusive softmax, so its stationary point is P = T2(α, β) there: Decoupled is false.
type SCInfoNCELoss struct {
	Tau         float64 // temperature τ > 0 (New checks it)
	Alpha, Beta float64 // scale α and bias β, finite
	Workers     int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)
	cross
}

func (l *SCInfoNCELoss) spec() crossSpec {
	return crossSpec{name: SCInfoNCE, rule: ruleSC, tau: l.Tau, alpha: l.Alpha, beta: l.Beta, workers: l.Workers}
}

// Name returns "scinfonce".
func (l *SCInfoNCELoss) Name() string { return SCInfoNCE }

// Decoupled returns false (the softmax with the positive included; the decoupled value
// differs by a factor 1/(1 − P_aa), an O(1/n) shift).
func (l *SCInfoNCELoss) Decoupled() bool { return false }

// Target returns T2(α, β) = α c1/((n−1)c2) − β/(n−1) (feature.Space.SCTarget).
func (l *SCInfoNCELoss) Target(s *feature.Space, n int) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := feature.CheckSCParams(l.Alpha, l.Beta); err != nil {
		return nil, err
	}
	return s.SCTarget(n, l.Alpha, l.Beta), nil
}

// Eval implements Loss.
func (l *SCInfoNCELoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	return l.eval(l.spec(), z1, z2, g1, g2)
}

// EvalLogits implements LogitLoss.
func (l *SCInfoNCELoss) EvalLogits(s, gs *mat.Dense) float64 { return l.evalLogits(l.spec(), s, gs) }

// EvalCounts implements CountLoss.
func (l *SCInfoNCELoss) EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64 {
	return l.evalCounts(l.spec(), theta, c, g)
}

// AlphaBeta returns α and β (AlphaBeta).
func (l *SCInfoNCELoss) AlphaBeta() (alpha, beta float64) { return l.Alpha, l.Beta }
