package enumerate

import (
	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// InfoNCE returns the exact expected InfoNCE loss of one anchor for the state-pair logits
// s (s_ij: logit of a candidate in state j for an anchor in state i),
//
//	E[ℓ] = Σ_ij c1_ij Σ_n w(n) [ log D_ij(n) − s_ij ],   D_ij(n) = e^{s_ij} + Σ_l n_l e^{s_il},
//
// the sum running over the compositions n of the N−1 negatives (Negatives). When grad is
// non-nil it receives the exact gradient
//
//	∂E[ℓ]/∂s_ik = G_ik + c1_ik E[P_ik] − c1_ik,
//	G_ik = Σ_j c1_ij Σ_n w(n) n_k e^{s_ik}/D_ij(n),   E[P_ik] = Σ_n w(n) e^{s_ik}/D_ik(n),
//
// G being the negatives' part and E[P] the batch-averaged positive-pair probability
// (PositiveProbTo). E[ℓ] and its gradient are invariant to adding a constant to a row of
// s. Sums over compositions are compensated (Neumaier). The logits of one row should
// span less than about 700, or e^{s−max} underflows. It panics on a shape mismatch.
func (e *Exact) InfoNCE(grad *mat.Dense, logits mat.Matrix) float64 {
	e.checkShape(logits, grad)
	if grad == nil {
		return e.moments(nil, nil, logits, true)
	}
	m := e.m
	g, p := mat.NewDense(m, m, nil), mat.NewDense(m, m, nil)
	loss := e.moments(g, p, logits, true)
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			c := e.c1[i*m+k]
			grad.Set(i, k, (g.At(i, k)+c*p.At(i, k))-c)
		}
	}
	return loss
}

// ExactInfoNCE returns the exact expected InfoNCE loss of one anchor for n sources per
// batch on s and, when grad is non-nil, writes its exact gradient (Exact.InfoNCE). It
// enumerates anew on every call; use New and Exact.InfoNCE to reuse the enumeration. It
// panics unless CheckSize(s.Len(), n) is nil, or on a shape mismatch.
func ExactInfoNCE(s *feature.Space, n int, logits mat.Matrix, grad *mat.Dense) float64 {
	return mustNew(s, n).InfoNCE(grad, logits)
}
