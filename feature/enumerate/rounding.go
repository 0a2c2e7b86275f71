package enumerate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// GradientRoundingBound returns ε, a bound on the float64 rounding error of the exact
// gradient computed by InfoNCE at the logits s, in the form
//
//	|fl(∂_ik) − ∂_ik| ≤ ε·A_ik + u·c1_ik,   A_ik = G_ik + c1_ik E[P_ik] = ∂_ik + c1_ik ≥ 0,
//
// A_ik being the positive part that the final subtraction of c1_ik cancels (at the optimum
// A = c1, so the bound is (ε + u)·c1_ik). Derivation (u = 2⁻⁵³; Higham, Accuracy and
// Stability of Numerical Algorithms, §3.1 and §4.3), every quantity being positive so
// relative errors add:
//
//   - a weight w(n) is accurate to δ_w = 2·LogWeightError + 5u (Negatives);
//   - x_l = s_il − max_l s_il rounds by u·|x_l| ≤ u·spread and exp adds u, so each e^{x_l}
//     is accurate to δ_e = u·(spread + 1), spread = max row range of s;
//   - B = Σ_l n_l e^{x_l} adds 2m u, D = e^{x_j} + B one u, c1_ij/D two, h = Σ_j c1_ij/D
//     m−1 more, and the term w·n_k·e^{x_k}·h three products: a term is accurate to
//     δ_w + 2δ_e + (3m+5)u;
//   - the compensated sum over compositions adds 2u (plus O(K u²), below u for K ≤ 2^50),
//     and forming G + c1·E[P] two more.
//
// So ε = 2·LogWeightError + 2u·(spread + 1) + (3m+15)u. It is an upper bound; the
// observed error is typically far smaller. It panics on a shape mismatch.
func (e *Exact) GradientRoundingBound(logits mat.Matrix) float64 {
	e.checkShape(logits, nil)
	var spread float64
	for i := 0; i < e.m; i++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for l := 0; l < e.m; l++ {
			v := logits.At(i, l)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		spread = math.Max(spread, hi-lo)
	}
	u := unitRoundoff
	return 2*e.neg.logErr + 2*u*(spread+1) + float64(3*e.m+15)*u
}
