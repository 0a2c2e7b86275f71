package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// ThreeViewLoss is a loss that draws its negatives from a third view of every source.
// EvalThree returns the batch-mean loss of raw embeddings z1, z2, z3 (n×d, row a of each
// is one source) and writes ∂L/∂z1, ∂L/∂z2, ∂L/∂z3 into the non-nil g's (each may alias
// its z). It panics on a shape mismatch or n < 2.
type ThreeViewLoss interface {
	Loss
	EvalThree(z1, z2, z3, g1, g2, g3 *mat.Dense) float64
}

var _ ThreeViewLoss = (*RefISInfoNCE)(nil)

// RefISInfoNCE is loss type 2 of the reference code (IS-InfoNCE): the positive
// between views 1 and 2, the negatives within a third view:
//
//	l_a = −u1_a·u2_a/τ + lse'_b(u3_a·u3_b/τ)   (lse' over b ≠ a), averaged over a.
//
// EvalThree is the loss; Eval (two views, for the Loss interface) uses view 2 as the
// third view, Eval(z1, z2, g1, g2) = EvalThree(z1, z2, z2, …) with both gradients of
// z2 summed into g2.
type RefISInfoNCE struct {
	Tau     float64 // temperature τ > 0
	Workers int     // goroutines (≤ 0: every processor, chunks.Workers)

	u1, u2, u3, n1, n2, n3, s, lse, du1, du2, du3 []float64
}

// Name returns "ref-isinfonce".
func (l *RefISInfoNCE) Name() string { return RefISInfoNCEName }

// EvalThree is the loss of three views; see ThreeViewLoss.
func (l *RefISInfoNCE) EvalThree(z1, z2, z3, g1, g2, g3 *mat.Dense) float64 {
	return l.eval(z1, z2, z3, g1, g2, g3, false)
}

// Eval is EvalThree with z3 = z2 (see the type's documentation).
func (l *RefISInfoNCE) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	return l.eval(z1, z2, z2, g1, g2, nil, true)
}

func (l *RefISInfoNCE) eval(z1, z2, z3, g1, g2, g3 *mat.Dense, shared bool) float64 {
	n, d := refCheckViews(l.Name(), z1, z2, z3)
	for _, b := range []*[]float64{&l.u1, &l.u2, &l.u3, &l.du1, &l.du2, &l.du3} {
		*b = refScratch(*b, n*d)
	}
	for _, b := range []*[]float64{&l.n1, &l.n2, &l.n3, &l.lse} {
		*b = refScratch(*b, n)
	}
	l.s = refScratch(l.s, n*n)
	clear(l.du1)
	clear(l.du2)
	clear(l.du3)
	refUnit(l.u1, l.n1, z1)
	refUnit(l.u2, l.n2, z2)
	refUnit(l.u3, l.n3, z3)
	grad := g1 != nil || g2 != nil || g3 != nil
	loss := refAlign(l.du1, l.du2, l.u1, l.u2, n, d, l.Tau, grad)
	loss += refSelfLSE(l.du3, l.u3, l.s, l.lse, n, d, l.Tau, grad, chunks.Workers(l.Workers))
	if shared {
		// z3 is z2: its gradient through u3 = u2 adds to ∂u2.
		for k, v := range l.du3 {
			l.du2[k] += v
		}
	}
	refUnitBack(g1, l.du1, l.u1, l.n1)
	refUnitBack(g2, l.du2, l.u2, l.n2)
	refUnitBack(g3, l.du3, l.u3, l.n3)
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefISInfoNCE) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefISInfoNCE) Decoupled() bool { return true }

// Target returns an error: its negatives come from a third view, which docs/theory.md §4 does not cover.
func (l *RefISInfoNCE) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
