package loss

import (
	"gonum.org/v1/gonum/mat"
)

// RefNTXent is loss type 0 of the reference code ("InfoNCE"): NT-Xent over the 2N views
// V = [u1; u2] with the self pair NOT masked (docs/theory.md §7):
//
//	l_i = −S_{i,p(i)} + log Σ_j exp S_ij,   S = V Vᵀ/τ,  p(i) = (i + N) mod 2N,
//
// averaged over the 2N anchors; every denominator holds the constant exp(1/τ) of the
// self pair. Gradient: ∂L/∂S_ij = (P_ij − δ_{j,p(i)})/(2N) with P the row softmax, and
// ∂L/∂V = (∂S + ∂Sᵀ) V/τ, then through the normalisation.
type RefNTXent struct {
	Tau     float64 // temperature τ > 0
	Workers int     // goroutines (≤ 1: the calling goroutine)

	v, norm, s, lse, dv []float64
}

// Name returns "ref-infonce".
func (l *RefNTXent) Name() string { return RefNTXentName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefNTXent) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := refCheckViews(l.Name(), z1, z2)
	nn := 2 * n
	l.v, l.norm = refScratch(l.v, nn*d), refScratch(l.norm, nn)
	l.s, l.lse = refScratch(l.s, nn*nn), refScratch(l.lse, nn)
	refUnit(l.v[:n*d], l.norm[:n], z1)
	refUnit(l.v[n*d:], l.norm[n:], z2)
	inv := 1 / l.Tau
	refSymGram(l.s, l.v, nn, d, inv, l.Workers)
	pos := 0.0
	for i := range nn {
		pos += l.s[i*nn+(i+n)%nn]
	}
	refSoftmaxRows(l.s, l.lse, nn, nn, false, l.Workers)
	total := 0.0
	for _, v := range l.lse {
		total += v
	}
	loss := (total - pos) / float64(nn)
	if g1 == nil && g2 == nil {
		return loss
	}
	// ∂S = (P − E)/(2N) in place, E the positive indicator; ∂V = (∂S + ∂Sᵀ)V/τ.
	for i := range nn {
		l.s[i*nn+(i+n)%nn] -= 1
	}
	l.dv = refScratch(l.dv, nn*d)
	clear(l.dv)
	sc := inv / float64(nn)
	refSymmetrise(l.s, nn, l.Workers)
	refMulAdd(l.dv, l.s, l.v, nn, nn, d, false, sc, l.Workers)
	refUnitBack(g1, l.dv[:n*d], l.v[:n*d], l.norm[:n])
	refUnitBack(g2, l.dv[n*d:], l.v[n*d:], l.norm[n:])
	return loss
}
