package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

// PositiveProb writes into dst (len n) the positive-pair probability of each anchor
// of the n×n cross-view logits s (docs/theory.md §6; positives on the diagonal):
//
//	softmax (decoupled = false):  P_aa = exp S_aa / Σ_b exp S_ab
//	decoupled (decoupled = true): p̃_a = exp S_aa / Σ_{b≠a} exp S_ab
//
// A loss's Decoupled says which one its target uses. Each row is shifted by
// its maximum (over b ≠ a for the decoupled form, which is not bounded by 1 and
// overflows to +Inf only when S_aa − max_{b≠a} S_ab > 709). It panics if s is not
// square with n ≥ 2 or len(dst) ≠ n.
func PositiveProb(dst []float64, s *mat.Dense, decoupled bool) {
	checkLogits("PositiveProb", s, nil, 1)
	positiveProbRows(dst, s, 0, false, decoupled)
}

// PositiveProbJoint is PositiveProb for the 2n×2n logits over all views of ntxent
// (view-1 rows first): anchor x's positive is view (x+n) mod 2n and its own column is
// masked. dst has length 2n.
func PositiveProbJoint(dst []float64, s *mat.Dense, decoupled bool) {
	n := checkLogits("PositiveProbJoint", s, nil, 2)
	positiveProbRows(dst, s, n, true, decoupled)
}

func positiveProbRows(dst []float64, s *mat.Dense, posOff int, mask, decoupled bool) {
	raw := s.RawMatrix()
	ns := raw.Rows
	if len(dst) != ns {
		panic(mat.ErrShape)
	}
	for a := 0; a < ns; a++ {
		row := raw.Data[a*raw.Stride : a*raw.Stride+ns]
		p, self := (a+posOff)%ns, -1
		if mask {
			self = a
		}
		skip := -1
		if decoupled {
			skip = p
		}
		shift := rowMax(row, skip, self)
		z := 0.0
		for b, v := range row {
			if b != p && b != self {
				z += kernels.Exp(v - shift)
			}
		}
		e := kernels.Exp(row[p] - shift)
		if decoupled {
			dst[a] = e / z
		} else {
			dst[a] = e / (z + e)
		}
	}
}
