package loss

import (
	"gonum.org/v1/gonum/mat"
)

// PositiveProb writes into dst (len n) the positive-pair probability of each anchor
// of the n×n cross-view logits s (theory.md §6; positives on the diagonal):
//
//	softmax (decoupled = false):  P_aa = exp S_aa / Σ_b exp S_ab
//	decoupled (decoupled = true): p̃_a = exp S_aa / Σ_{b≠a} exp S_ab
//
// DecoupledNormalisation says which one a loss's target uses. Each row is shifted by
// its maximum (over b ≠ a for the decoupled form, which is not bounded by 1 and
// overflows to +Inf only when S_aa − max_{b≠a} S_ab > 709). It panics if s is not
// square with n ≥ 2 or len(dst) ≠ n.
func PositiveProb(dst []float64, s *mat.Dense, decoupled bool) {
	n := checkLogits("PositiveProb", s, nil, 1)
	if len(dst) != n {
		panic(mat.ErrShape)
	}
	raw := s.RawMatrix()
	for a := 0; a < n; a++ {
		row := raw.Data[a*raw.Stride : a*raw.Stride+n]
		skip := -1
		if decoupled {
			skip = a
		}
		shift := rowMax(row, skip, -1)
		z := 0.0
		for b, v := range row {
			if b != a {
				z += expFast(v - shift)
			}
		}
		e := expFast(row[a] - shift)
		if decoupled {
			dst[a] = e / z
		} else {
			dst[a] = e / (z + e)
		}
	}
}
