package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// SCInfoNCEDecoupledLoss is SC-InfoNCE with the decoupled p̃_a = exp S_aa / Σ_{b≠a}
// exp S_ab in place of P_aa in both places (docs/theory.md §3), the batch mean over the
// n view-1 anchors; its "gradient" is the SC update field (package documentation). Its
// mean-field target is the decoupled fixed point p̃*(α, β).
type SCInfoNCEDecoupledLoss struct {
	Tau         float64 // temperature τ > 0 (New checks it)
	Alpha, Beta float64 // scale α and bias β, finite
	Workers     int     // goroutines sharing an Eval; ≤ 0: runtime.GOMAXPROCS(0)
	cross
}

func (l *SCInfoNCEDecoupledLoss) spec() crossSpec {
	return crossSpec{name: SCInfoNCEDecoupled, rule: ruleSCD, tau: l.Tau, alpha: l.Alpha, beta: l.Beta, workers: l.Workers}
}

// Name returns "scinfonce-decoupled".
func (l *SCInfoNCEDecoupledLoss) Name() string { return SCInfoNCEDecoupled }

// Decoupled returns true.
func (l *SCInfoNCEDecoupledLoss) Decoupled() bool { return true }

// Target returns the decoupled fixed point (feature.Space.DecoupledSCFixedPoint), or
// its error when there is none.
func (l *SCInfoNCEDecoupledLoss) Target(s *feature.Space, n int) (mat.Matrix, error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := feature.CheckSCParams(l.Alpha, l.Beta); err != nil {
		return nil, err
	}
	return s.DecoupledSCFixedPoint(n, l.Alpha, l.Beta)
}

// Eval implements Loss.
func (l *SCInfoNCEDecoupledLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	return l.eval(l.spec(), z1, z2, g1, g2)
}

// EvalLogits implements LogitLoss.
func (l *SCInfoNCEDecoupledLoss) EvalLogits(s, gs *mat.Dense) float64 {
	return l.evalLogits(l.spec(), s, gs)
}

// EvalCounts implements CountLoss.
func (l *SCInfoNCEDecoupledLoss) EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64 {
	return l.evalCounts(l.spec(), theta, c, g)
}

// AlphaBeta returns α and β (AlphaBeta).
func (l *SCInfoNCEDecoupledLoss) AlphaBeta() (alpha, beta float64) { return l.Alpha, l.Beta }
