package proofs

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// stats holds the pair statistics of a space recomputed by explicit loops over π and A,
// independently of package feature's SYRK path:
//
//	q_i   = Σ_k π_k A_ki
//	c1_ij = Σ_k π_k A_ki A_kj
//	c2_ij = q_i q_j,  ρ_ij = c1_ij / c2_ij.
type stats struct {
	m      int
	pi     []float64
	a      [][]float64
	q      []float64
	c1     [][]float64
	defect float64 // |Σ_k π_k − 1| + max_k |Σ_i A_ki − 1|, as evaluated in float64
}

func explicitStats(s *feature.Space) *stats {
	pi := s.Source()
	a := s.Augmentation().Rows()
	m := len(pi)
	st := &stats{m: m, pi: pi, a: a, q: make([]float64, m), c1: make([][]float64, m)}
	for i := range st.c1 {
		st.c1[i] = make([]float64, m)
	}
	var piSum, rowDefect float64
	for k := 0; k < m; k++ {
		piSum += pi[k]
		var rowSum float64
		for _, v := range a[k] {
			rowSum += v
		}
		rowDefect = math.Max(rowDefect, math.Abs(rowSum-1))
		if pi[k] == 0 {
			continue
		}
		for i := 0; i < m; i++ {
			st.q[i] += pi[k] * a[k][i]
			for j := 0; j < m; j++ {
				st.c1[i][j] += pi[k] * a[k][i] * a[k][j]
			}
		}
	}
	st.defect = math.Abs(piSum-1) + rowDefect
	return st
}

func (st *stats) c2(i, j int) float64 { return st.q[i] * st.q[j] }

func (st *stats) rho(i, j int) float64 { return st.c1[i][j] / (st.q[i] * st.q[j]) }

// rowsEqualOnSupport reports whether every row A_k with π_k > 0 is bitwise equal to the
// first such row: the augmentation is uninformative on the support of π.
func (st *stats) rowsEqualOnSupport() bool {
	first := -1
	for k := 0; k < st.m; k++ {
		if st.pi[k] == 0 {
			continue
		}
		if first < 0 {
			first = k
			continue
		}
		for i := 0; i < st.m; i++ {
			if st.a[k][i] != st.a[first][i] {
				return false
			}
		}
	}
	return true
}

// rowSpread returns D = Σ_k π_k ‖A_k − q‖² = tr(c1 − c2), zero iff the rows of A are equal
// on the support of π.
func (st *stats) rowSpread() float64 {
	var d float64
	for k := 0; k < st.m; k++ {
		if st.pi[k] == 0 {
			continue
		}
		var r float64
		for i := 0; i < st.m; i++ {
			x := st.a[k][i] - st.q[i]
			r += x * x
		}
		d += st.pi[k] * r
	}
	return d
}

// symOf returns the symmetric matrix with the upper triangle of a.
func symOf(a mat.Matrix) *mat.SymDense {
	m, _ := a.Dims()
	s := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			s.SetSym(i, j, a.At(i, j))
		}
	}
	return s
}

// eigenvalues returns the eigenvalues of the symmetric matrix with the upper triangle of
// a, ascending, and false if the factorisation failed.
func eigenvalues(a mat.Matrix) ([]float64, bool) {
	var es mat.EigenSym
	if !es.Factorize(symOf(a), false) {
		return nil, false
	}
	return es.Values(nil), true
}

// frobenius returns ‖a‖_F.
func frobenius(a mat.Matrix) float64 { return mat.Norm(a, 2) }
