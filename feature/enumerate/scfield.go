package enumerate

import (
	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// SCFieldTo writes to dst (allocated when nil) and returns the exact expected update
// field of the paper-form scinfonce loss (docs/theory.md §3) on each state-pair logit: the
// expected sum, over one anchor's row, of the per-logit gradients
//
//	∂ℓ/∂S_aa = −α (positive),   ∂ℓ/∂S_ab = P_ab + β/(N−1) (each negative),
//
// P the row softmax with the positive included, collected on the state pair of each
// logit. With the positive pair (i, j) ~ c1 and the negatives' counts n ~ Mult(N−1, q),
//
//	F_ik = Σ_j c1_ij Σ_n w(n) n_k e^{s_ik}/D_ij(n) + β c2_ik − α c1_ik = G_ik + β c2_ik − α c1_ik,
//
// using E[n_k] = (N−1) q_k for the bias term (c2_ik = q_i q_k). The loss has a
// stop-gradient, so F is a vector field, not a gradient. The mean-field version replaces
// G by (N−1) c2 P with the expected denominator and vanishes at T2 (feature.SCTarget).
// It panics if α or β is not finite (feature.CheckSCParams) or on a shape mismatch.
func (e *Exact) SCFieldTo(dst *mat.Dense, logits mat.Matrix, alpha, beta float64) *mat.Dense {
	mustSCParams(alpha, beta)
	e.checkShape(logits, dst)
	dst = e.dense(dst)
	m := e.m
	e.moments(dst, nil, logits, false)
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			dst.Set(i, k, (dst.At(i, k)+beta*e.q[i]*e.q[k])-alpha*e.c1[i*m+k])
		}
	}
	return dst
}

// DecoupledSCFieldTo writes to dst (allocated when nil) and returns the exact expected
// update field of scinfonce-decoupled (docs/theory.md §3) on each state-pair logit: with
// p̃ = e^{S_aa}/Σ_{b≠a} e^{S_ab} and Q_ab = e^{S_ab}/Σ_{b'≠a} e^{S_ab'} (negatives only),
//
//	∂ℓ/∂S_aa = −(p̃ + α),   ∂ℓ/∂S_ab = Q_ab + β/(N−1),
//
// so, with B_i(n) = Σ_l n_l e^{s_il} the negatives' sum (independent of the positive),
//
//	F_ik = −c1_ik (α + e^{s_ik} E[1/B_i]) + q_i e^{s_ik} E[n_k/B_i] + β c2_ik,
//
// E over the compositions n. Its mean-field fixed point is feature's
// DecoupledSCFixedPoint. It panics if α or β is not finite or on a shape mismatch.
func (e *Exact) DecoupledSCFieldTo(dst *mat.Dense, logits mat.Matrix, alpha, beta float64) *mat.Dense {
	mustSCParams(alpha, beta)
	e.checkShape(logits, dst)
	dst = e.dense(dst)
	m := e.m
	x, ex := make([]float64, m), make([]float64, m)
	nb := make([]neumaier, m)
	for i := 0; i < m; i++ {
		e.rowExp(x, ex, logits, i)
		clear(nb)
		var inv neumaier
		for k, w := range e.neg.weights {
			n := e.neg.row(k)
			var b float64
			for l, c := range n {
				b += c * ex[l]
			}
			wb := w / b
			inv.add(wb)
			for l, c := range n {
				if c != 0 {
					nb[l].add(wb * c)
				}
			}
		}
		qi, eInv := e.q[i], inv.value()
		for k := 0; k < m; k++ {
			c1 := e.c1[i*m+k]
			dst.Set(i, k, (qi*ex[k]*nb[k].value()+beta*qi*e.q[k])-c1*(alpha+ex[k]*eInv))
		}
	}
	return dst
}

// ExactSCField writes to dst (allocated when nil) and returns the exact expected
// paper-form SC-InfoNCE field for n sources per batch on s (Exact.SCFieldTo). It panics
// unless CheckSize(s.Len(), n) and feature.CheckSCParams(α, β) are nil, or on a shape
// mismatch.
func ExactSCField(dst *mat.Dense, s *feature.Space, n int, logits mat.Matrix, alpha, beta float64) *mat.Dense {
	return mustNew(s, n).SCFieldTo(dst, logits, alpha, beta)
}

// ExactDecoupledSCField writes to dst (allocated when nil) and returns the exact
// expected scinfonce-decoupled field for n sources per batch on s
// (Exact.DecoupledSCFieldTo). It panics unless CheckSize(s.Len(), n) and
// feature.CheckSCParams(α, β) are nil, or on a shape mismatch.
func ExactDecoupledSCField(dst *mat.Dense, s *feature.Space, n int, logits mat.Matrix, alpha, beta float64) *mat.Dense {
	return mustNew(s, n).DecoupledSCFieldTo(dst, logits, alpha, beta)
}

func mustSCParams(alpha, beta float64) {
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		panic(err)
	}
}
