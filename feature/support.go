package feature

// Support is the positive joint c1 stored on its support {(i, j): c1_ij ≠ 0} in
// compressed sparse rows (both triangles, columns increasing), with the view marginal
// q: what a pass over the state pairs row by row needs (the row-blocked level-2
// objective of feature/optimum and the measurements of simulate/mnist), so that such a
// pass holds O(nnz(c1) + m) numbers instead of m×m. Its values are c1's own bits: from
// a Space, c1_ij for j < i is the stored upper-triangle entry c1_ji, so a computation
// reading c1 through a Support and through Space.PositiveJoint sees the same numbers.
// It is immutable; the slices it returns must not be modified.
type Support struct {
	q      []float64
	rowPtr []int
	cols   []int32
	c1     []float64
}

// Support returns c1 on its support (every entry ≠ 0) and q. It reads c1 once, O(m²).
func (s *Space) Support() *Support {
	m := s.Len()
	raw := s.c1.RawSymmetric()
	sup := &Support{q: s.q, rowPtr: make([]int, m+1)}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			a, b := min(i, j), max(i, j)
			if c := raw.Data[a*raw.Stride+b]; c != 0 {
				sup.cols, sup.c1 = append(sup.cols, int32(j)), append(sup.c1, c)
			}
		}
		sup.rowPtr[i+1] = len(sup.cols)
	}
	return sup
}

// Support returns c1 on its stored pattern and q, sharing the space's storage.
func (s *SparseSpace) Support() *Support {
	return &Support{q: s.q, rowPtr: s.c1.pat.rowPtr, cols: s.c1.pat.cols, c1: s.c1.vals}
}

// Len returns the number of states m.
func (s *Support) Len() int { return len(s.q) }

// NNZ returns the number of stored entries (ordered pairs).
func (s *Support) NNZ() int { return len(s.c1) }

// ViewMarginal returns q (shared: do not modify).
func (s *Support) ViewMarginal() []float64 { return s.q }

// Row returns the columns and the c1 values of row i's stored entries (shared: do not
// modify), and the offset of the row's first entry among all NNZ entries, row by row.
func (s *Support) Row(i int) (cols []int32, c1 []float64, offset int) {
	lo, hi := s.rowPtr[i], s.rowPtr[i+1]
	return s.cols[lo:hi], s.c1[lo:hi], lo
}
