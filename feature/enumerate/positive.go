package enumerate

import (
	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// PositiveProbTo writes to dst (allocated when nil) and returns the exactly
// batch-averaged positive-pair probability of each state pair,
//
//	E[P_ij] = Σ_n w(n) e^{s_ij} / (e^{s_ij} + Σ_l n_l e^{s_il}),
//
// the softmax probability of the positive (state j) of an anchor in state i, averaged
// over the states of its N−1 negatives. At s = log ρ (+ row constants) it is
// E[ρ_ij/(ρ_ij + X_i)], X_i a sum of N−1 i.i.d. ρ_{i,c}, c ~ q, which exceeds
// T1_ij = ρ_ij/(ρ_ij + N−1) by Jensen (Gap). It panics on a shape mismatch.
func (e *Exact) PositiveProbTo(dst *mat.Dense, logits mat.Matrix) *mat.Dense {
	e.checkShape(logits, dst)
	dst = e.dense(dst)
	e.moments(nil, dst, logits, false)
	return dst
}

// ExactPositiveProb returns the exactly batch-averaged positive-pair probability by state
// pair for n sources per batch on s (Exact.PositiveProbTo). It panics unless
// CheckSize(s.Len(), n) is nil or on a shape mismatch.
func ExactPositiveProb(s *feature.Space, n int, logits mat.Matrix) *mat.Dense {
	return mustNew(s, n).PositiveProbTo(nil, logits)
}
