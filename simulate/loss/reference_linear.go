package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// RefLinear is loss type 6 of the reference code (no temperature):
// l_a = −cos(z1_a, z2_a) + mean_{b≠a} cos(z1_a, z2_b), averaged over a. With
// s1 = Σ_b u1_b and s2 = Σ_b u2_b it is O(N d):
//
//	L = (1/N) Σ_a [−u1_a·u2_a + (u1_a·s2 − u1_a·u2_a)/(N−1)],
//	∂L/∂u1_a = s2/(N(N−1)) − u2_a (1/N + 1/(N(N−1))), and symmetrically for u2.
type RefLinear struct {
	Workers int // unused (the loss is O(N d)); kept for a uniform shape

	u1, u2, n1, n2, s1, s2, du1, du2 []float64
}

// Name returns "ref-linear".
func (l *RefLinear) Name() string { return RefLinearName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefLinear) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := refCheckViews(l.Name(), z1, z2)
	l.u1, l.u2 = refScratch(l.u1, n*d), refScratch(l.u2, n*d)
	l.n1, l.n2 = refScratch(l.n1, n), refScratch(l.n2, n)
	l.s1, l.s2 = refScratch(l.s1, d), refScratch(l.s2, d)
	refUnit(l.u1, l.n1, z1)
	refUnit(l.u2, l.n2, z2)
	clear(l.s1)
	clear(l.s2)
	for a := range n {
		for k := range d {
			l.s1[k] += l.u1[a*d+k]
			l.s2[k] += l.u2[a*d+k]
		}
	}
	nf := float64(n)
	loss := 0.0
	for a := range n {
		ua := l.u1[a*d : (a+1)*d]
		c := refDot(ua, l.u2[a*d:(a+1)*d])
		loss += -c + (refDot(ua, l.s2)-c)/(nf-1)
	}
	loss /= nf
	if g1 == nil && g2 == nil {
		return loss
	}
	l.du1, l.du2 = refScratch(l.du1, n*d), refScratch(l.du2, n*d)
	off := 1 / (nf * (nf - 1))
	self := 1/nf + off
	for a := range n {
		for k := range d {
			l.du1[a*d+k] = off*l.s2[k] - self*l.u2[a*d+k]
			l.du2[a*d+k] = off*l.s1[k] - self*l.u1[a*d+k]
		}
	}
	refUnitBack(g1, l.du1, l.u1, l.n1)
	refUnitBack(g2, l.du2, l.u2, l.n2)
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefLinear) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefLinear) Decoupled() bool { return false }

// Target returns an error: a linear loss of cosines, not a softmax over candidates.
func (l *RefLinear) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
