package enumerate

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// SCResidualLimit writes to dst (allocated when nil) and returns the limit, as N → ∞, of
// N·F_ik/c1_ik, F the exact expected SC field (SCFieldTo, and DecoupledSCFieldTo alike)
// at the mean-field target, on the attainable line α − β = 1:
//
//	lim N·F_ik/c1_ik = (τ_ik/ρ_ik)·(α(α−1)·v_i − τ_ik),   τ = αρ − β,
//
// v_i from RowChiSquare. The paper form is evaluated at s = log T2 = log τ − log(N−1),
// the decoupled form at s = log p̃* (feature.DecoupledSCFixedPoint). Derivation (paper
// form; the decoupled one is alike): with e^{s} ∝ τ, Σ_l q_l τ_il = α − β = 1 and
// Var_q(τ_i·) = α²v_i. Size-biasing, E[n_k f(Y)] = (N−1) q_k E[f(τ_ik + Y')], Y' a sum of
// N−2 i.i.d. τ_{i,c}, and the delta method E[1/(b + Y')] = (1 + α²v_i/N)/(b + N−2) + O(N⁻²)
// give
//
//	G_ik = c2_ik τ_ik [1 + (α²v_i − τ_ik + 1 − Σ_j (c1_ij/q_i) τ_ij)/N] + O(N⁻²),
//
// and Σ_j (c1_ij/q_i) τ_ij = α(1 + v_i) − β = 1 + αv_i, while c2 τ = αc1 − βc2 cancels the
// zeroth order of F = G + βc2 − αc1. So the exact field at the mean-field target is
// O(1/N) relative to c1; for α = 1, β = 0 the limit is −ρ_ik: the positive in the
// softmax denominator (paper form) or the size-biased p̃* (decoupled) lowers every
// probability by about ρ/N. It returns an error unless α − β = 1 (feature.Attainable):
// off that line the mean-field field itself is O(1) at T2 (R1).
func SCResidualLimit(dst *mat.Dense, s *feature.Space, alpha, beta float64) (*mat.Dense, error) {
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return nil, err
	}
	if !feature.Attainable(alpha, beta) {
		return nil, fmt.Errorf("enumerate: α = %v, β = %v: α − β = %v ≠ 1, T2 is not attainable (R1)", alpha, beta, alpha-beta)
	}
	m := s.Len()
	if dst == nil {
		dst = mat.NewDense(m, m, nil)
	} else if r, c := dst.Dims(); r != m || c != m {
		panic(fmt.Sprintf("enumerate: %d×%d dst in a %d-state space", r, c, m))
	}
	v := RowChiSquare(s)
	rho := s.DensityRatio()
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			r := rho.At(i, k)
			tau := alpha*r - beta
			dst.Set(i, k, tau/r*(alpha*(alpha-1)*v[i]-tau))
		}
	}
	return dst, nil
}
