package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// RefSCInfoNCE is loss type 1 of the reference code: SC-InfoNCE decoupled, as its toy
// runs it (docs/theory.md §7). With S = u1 u2ᵀ/τ and lse' the log-sum-exp over b ≠ a:
//
//	log p_a = S_aa − lse'_a S_a·,   w_a = sg(p_a − 1 + α),
//	l_a = −log p_a − w_a S_aa + β·mean_{b≠a} S_ab,
//
// averaged over a. The weight w is held constant (stop-gradient), so the gradient is
// ∂L/∂S_aa = (−1 − w_a)/N and ∂L/∂S_ab = (P'_ab + β/(N−1))/N for b ≠ a, P' the softmax
// over b ≠ a; the returned value is the loss itself.
type RefSCInfoNCE struct {
	Tau, Alpha, Beta float64 // τ > 0 and the SC scale α and bias β
	Workers          int     // goroutines (≤ 0: every processor, chunks.Workers)

	ref refCross
}

// Name returns "ref-scinfonce".
func (l *RefSCInfoNCE) Name() string { return RefSCInfoNCEName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefSCInfoNCE) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	r := &l.ref
	n, d := r.logits(l.Name(), z1, z2, l.Tau, chunks.Workers(l.Workers))
	nf := float64(n)
	loss := 0.0
	for a := range n {
		sum := 0.0
		for _, v := range r.s[a*n : (a+1)*n] {
			sum += v
		}
		r.pos[a] = r.s[a*n+a]
		r.neg[a] = (sum - r.pos[a]) / (nf - 1)
	}
	refSoftmaxRows(r.s, r.lse, n, n, true, chunks.Workers(l.Workers))
	for a := range n {
		logp := r.pos[a] - r.lse[a]
		w := refExpm1Shift(logp, l.Alpha)
		loss += -logp - w*r.pos[a] + l.Beta*r.neg[a]
		r.pos[a] = w // keep w_a for the gradient
	}
	loss /= nf
	if g1 == nil && g2 == nil {
		return loss
	}
	for a := range n {
		row := r.s[a*n : (a+1)*n]
		for b := range row {
			row[b] = (row[b] + l.Beta/(nf-1)) / nf
		}
		row[a] = (-1 - r.pos[a]) / nf
	}
	r.back(g1, g2, n, d, 1/l.Tau, chunks.Workers(l.Workers))
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefSCInfoNCE) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefSCInfoNCE) Decoupled() bool { return true }

// Target returns the mean-field target: the same loss as scinfonce-decoupled (TestReferenceSameAsRegistered), hence its fixed point.
func (l *RefSCInfoNCE) Target(s *feature.Space, n int) (mat.Matrix, error) {
	return (&SCInfoNCEDecoupledLoss{Alpha: l.Alpha, Beta: l.Beta}).Target(s, n)
}

// AlphaBeta returns α and β (AlphaBeta).
func (l *RefSCInfoNCE) AlphaBeta() (alpha, beta float64) { return l.Alpha, l.Beta }
