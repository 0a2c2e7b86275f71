package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// RefDHEL is loss type 4 of the reference code (decoupled hyperspherical energy loss):
//
//	l_a = −u1_a·u2_a/τ + lse'_b(u1_a·u1_b/τ) + lse'_b(u2_a·u2_b/τ),
//
// averaged over a (lse' over b ≠ a): the positive against within-view negatives.
type RefDHEL struct {
	Tau     float64 // temperature τ > 0
	Workers int     // goroutines (≤ 0: every processor, chunks.Workers)

	u1, u2, n1, n2, s, lse, du1, du2 []float64
}

// Name returns "ref-dhel".
func (l *RefDHEL) Name() string { return RefDHELName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefDHEL) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := refCheckViews(l.Name(), z1, z2)
	l.u1, l.u2 = refScratch(l.u1, n*d), refScratch(l.u2, n*d)
	l.n1, l.n2 = refScratch(l.n1, n), refScratch(l.n2, n)
	l.s, l.lse = refScratch(l.s, n*n), refScratch(l.lse, n)
	l.du1, l.du2 = refScratch(l.du1, n*d), refScratch(l.du2, n*d)
	clear(l.du1)
	clear(l.du2)
	refUnit(l.u1, l.n1, z1)
	refUnit(l.u2, l.n2, z2)
	grad := g1 != nil || g2 != nil
	loss := refAlign(l.du1, l.du2, l.u1, l.u2, n, d, l.Tau, grad)
	loss += refSelfLSE(l.du1, l.u1, l.s, l.lse, n, d, l.Tau, grad, chunks.Workers(l.Workers))
	loss += refSelfLSE(l.du2, l.u2, l.s, l.lse, n, d, l.Tau, grad, chunks.Workers(l.Workers))
	refUnitBack(g1, l.du1, l.u1, l.n1)
	refUnitBack(g2, l.du2, l.u2, l.n2)
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefDHEL) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefDHEL) Decoupled() bool { return true }

// Target returns an error: as dhel, docs/theory.md §4 derives none.
func (l *RefDHEL) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
