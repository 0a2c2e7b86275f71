package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// refCross is the scratch of the reference losses built on the cross-view logits
// S = u1 u2ᵀ/τ (types 1, 3 and 6): unit views, norms, S (reused for ∂L/∂S) and
// per-row values.
type refCross struct {
	u1, u2, n1, n2, s, lse, pos, neg, du1, du2 []float64
}

// logits normalises the views and fills s = scale·u1 u2ᵀ.
func (r *refCross) logits(who string, z1, z2 *mat.Dense, tau float64, workers int) (n, d int) {
	n, d = refCheckViews(who, z1, z2)
	r.u1, r.u2 = refScratch(r.u1, n*d), refScratch(r.u2, n*d)
	r.n1, r.n2 = refScratch(r.n1, n), refScratch(r.n2, n)
	r.s, r.lse = refScratch(r.s, n*n), refScratch(r.lse, n)
	r.pos, r.neg = refScratch(r.pos, n), refScratch(r.neg, n)
	refUnit(r.u1, r.n1, z1)
	refUnit(r.u2, r.n2, z2)
	refGram(r.s, r.u1, r.u2, n, n, d, 1/tau, workers)
	return n, d
}

// back turns ∂L/∂S (in s) into g1 = ∂L/∂z1 and g2 = ∂L/∂z2: ∂u1 = scale·∂S u2,
// ∂u2 = scale·∂Sᵀ u1, then through the normalisation. A nil g is skipped.
func (r *refCross) back(g1, g2 *mat.Dense, n, d int, scale float64, workers int) {
	r.du1, r.du2 = refScratch(r.du1, n*d), refScratch(r.du2, n*d)
	clear(r.du1)
	clear(r.du2)
	if g1 != nil {
		refMulAdd(r.du1, r.s, r.u2, n, n, d, false, scale, workers)
	}
	if g2 != nil {
		refMulAdd(r.du2, r.s, r.u1, n, n, d, true, scale, workers)
	}
	refUnitBack(g1, r.du1, r.u1, r.n1)
	refUnitBack(g2, r.du2, r.u2, r.n2)
}

// refExpm1Shift returns exp(logp) − 1 + α, the SC weight of docs/theory.md §3.
func refExpm1Shift(logp, alpha float64) float64 { return math.Expm1(logp) + alpha }
