package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// RefDCL is loss type 3 of the reference code, decoupled contrastive learning:
// l_a = −S_aa + lse'_b S_ab with S = u1 u2ᵀ/τ and lse' over b ≠ a, averaged over a.
// Gradient: ∂L/∂S_aa = −1/N, ∂L/∂S_ab = P'_ab/N (P' the softmax over b ≠ a).
type RefDCL struct {
	Tau     float64 // temperature τ > 0
	Workers int     // goroutines (≤ 0: every processor, chunks.Workers)

	ref refCross
}

// Name returns "ref-dcl".
func (l *RefDCL) Name() string { return RefDCLName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefDCL) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	r := &l.ref
	n, d := r.logits(l.Name(), z1, z2, l.Tau, chunks.Workers(l.Workers))
	loss := 0.0
	for a := range n {
		loss -= r.s[a*n+a]
	}
	refSoftmaxRows(r.s, r.lse, n, n, true, chunks.Workers(l.Workers))
	for _, v := range r.lse {
		loss += v
	}
	nf := float64(n)
	loss /= nf
	if g1 == nil && g2 == nil {
		return loss
	}
	for a := range n {
		row := r.s[a*n : (a+1)*n]
		for b := range row {
			row[b] /= nf
		}
		row[a] = -1 / nf
	}
	r.back(g1, g2, n, d, 1/l.Tau, chunks.Workers(l.Workers))
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefDCL) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefDCL) Decoupled() bool { return true }

// Target returns the mean-field target: the same loss as dcl (TestReferenceSameAsRegistered), hence T2(1, 0).
func (l *RefDCL) Target(s *feature.Space, n int) (mat.Matrix, error) {
	return (&DCLLoss{}).Target(s, n)
}
