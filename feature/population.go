package feature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// InfoNCEPopulationLoss returns the mean-field population InfoNCE loss of the m×m
// state-pair logits s (s_ij: logit of a view in state j as candidate for an anchor in
// state i) for n sources per batch,
//
//	L(s) = Σ_ij c1_ij [log D_i − s_ij],  D_i = Σ_l (c1_il/q_i + (n−1) q_l) e^{s_il},
//
// D_i being the expected softmax denominator of an anchor in state i (its positive
// drawn from c1_i·/q_i, its n−1 negatives from q). When grad is non-nil it receives
// ∂L/∂s_ik = (c1_ik + (n−1)c2_ik) P_ik − c1_ik, and when prob is non-nil it receives
// P_ik = e^{s_ik}/D_i, which equals T1 at the minimum (InfoNCETarget). L is invariant
// to adding a constant to a row of s. It panics if n < 2 or a matrix is not m×m.
func (s *Space) InfoNCEPopulationLoss(grad, prob *mat.Dense, logits mat.Matrix, n int) float64 {
	mustBatch(n)
	m := s.Len()
	s.checkSquare(logits, grad, prob)
	k := float64(n - 1)
	w := make([]float64, m)
	e := make([]float64, m)
	var loss float64
	for i := 0; i < m; i++ {
		qi := s.q[i]
		for l := 0; l < m; l++ {
			w[l] = s.c1.At(i, l)/qi + k*s.q[l]
		}
		logD := logWeightedSumExp(e, w, logits, i)
		for j := 0; j < m; j++ {
			c := s.c1.At(i, j)
			if c != 0 {
				loss += c * (logD - logits.At(i, j))
			}
			p := math.Exp(logits.At(i, j) - logD)
			if prob != nil {
				prob.Set(i, j, p)
			}
			if grad != nil {
				grad.Set(i, j, (c+k*qi*s.q[j])*p-c)
			}
		}
	}
	return loss
}

// SCPopulationPotential returns the mean-field SC-InfoNCE potential of the logits s,
//
//	F(s) = Σ_ij (β c2_ij − α c1_ij) s_ij + Σ_i q_i log Σ_l q_l e^{s_il},
//
// whose gradient ∂F/∂s_ik = (n−1)c2_ik P_ik + β c2_ik − α c1_ik is the expected SC
// gradient per state pair, with P_ik = e^{s_ik}/((n−1) Σ_l q_l e^{s_il}) (decoupled
// normalisation; written to prob when non-nil). Its stationary point is P = T2 exactly;
// F(s + t·11ᵀ) = F(s) + t(1 + β − α), so it is bounded below on free logits only when
// α − β = 1 (R1). It panics if n < 2, α or β is not finite, or a matrix is not m×m.
func (s *Space) SCPopulationPotential(grad, prob *mat.Dense, logits mat.Matrix, n int, alpha, beta float64) float64 {
	mustSC(n, alpha, beta)
	m := s.Len()
	s.checkSquare(logits, grad, prob)
	k := float64(n - 1)
	e := make([]float64, m)
	var f float64
	for i := 0; i < m; i++ {
		qi := s.q[i]
		logZ := logWeightedSumExp(e, s.q, logits, i)
		f += qi * logZ
		for j := 0; j < m; j++ {
			c1, c2 := s.c1.At(i, j), qi*s.q[j]
			sij := logits.At(i, j)
			f += (beta*c2 - alpha*c1) * sij
			p := math.Exp(sij-logZ) / k
			if prob != nil {
				prob.Set(i, j, p)
			}
			if grad != nil {
				grad.Set(i, j, k*c2*p+beta*c2-alpha*c1)
			}
		}
	}
	return f
}

// logWeightedSumExp returns log Σ_l w_l e^{s_il} for row i of s, stably (max shift);
// e is scratch of length m.
func logWeightedSumExp(e, w []float64, s mat.Matrix, i int) float64 {
	mx := math.Inf(-1)
	for l := range e {
		if w[l] > 0 {
			mx = math.Max(mx, s.At(i, l))
		}
	}
	var sum float64
	for l := range e {
		if w[l] > 0 {
			sum += w[l] * math.Exp(s.At(i, l)-mx)
		}
	}
	return mx + math.Log(sum)
}

func (s *Space) checkSquare(logits mat.Matrix, out ...*mat.Dense) {
	m := s.Len()
	if r, c := logits.Dims(); r != m || c != m {
		panic(fmt.Sprintf("feature: %d×%d logits in a %d-state space", r, c, m))
	}
	for _, o := range out {
		if o == nil {
			continue
		}
		if r, c := o.Dims(); r != m || c != m {
			panic(fmt.Sprintf("feature: %d×%d output in a %d-state space", r, c, m))
		}
	}
}
