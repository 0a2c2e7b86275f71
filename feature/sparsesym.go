package feature

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// symPattern is the sparsity pattern of a symmetric m×m matrix in CSR form with both
// triangles stored: row i holds the columns cols[rowPtr[i]:rowPtr[i+1]], increasing.
// Patterns are immutable and shared by every matrix on them.
type symPattern struct {
	m      int
	rowPtr []int
	cols   []int32
}

// SparseSym is an immutable symmetric m×m matrix stored on a sparsity pattern (the
// support of c1), with the constant value Off at every entry off the pattern: 0 for
// c1, ρ and T1, and −β/(n−1) for T2. It implements mat.Matrix and mat.Symmetric, so it
// can be compared entry by entry with the dense matrices of Space.
type SparseSym struct {
	pat  *symPattern
	vals []float64
	off  float64
}

var _ mat.Symmetric = (*SparseSym)(nil)

// Dims returns (m, m).
func (s *SparseSym) Dims() (r, c int) { return s.pat.m, s.pat.m }

// SymmetricDim returns m.
func (s *SparseSym) SymmetricDim() int { return s.pat.m }

// T returns the receiver: the matrix is symmetric.
func (s *SparseSym) T() mat.Matrix { return s }

// At returns entry (i, j): its stored value on the pattern and Off elsewhere. It panics
// if an index is out of range.
func (s *SparseSym) At(i, j int) float64 {
	m := s.pat.m
	if uint(i) >= uint(m) || uint(j) >= uint(m) {
		panic(fmt.Sprintf("feature: index (%d, %d) out of range for a %d×%d matrix", i, j, m, m))
	}
	lo, hi := s.pat.rowPtr[i], s.pat.rowPtr[i+1]
	p, ok := slices.BinarySearch(s.pat.cols[lo:hi], int32(j))
	if !ok {
		return s.off
	}
	return s.vals[lo+p]
}

// Off returns the value of every entry off the stored pattern.
func (s *SparseSym) Off() float64 { return s.off }

// NNZ returns the number of stored entries (both triangles).
func (s *SparseSym) NNZ() int { return len(s.vals) }

// DoNonZero calls fn for every stored entry (i, j, v), row by row with columns increasing
// (both triangles). Entries off the pattern (value Off) are not visited.
func (s *SparseSym) DoNonZero(fn func(i, j int, v float64)) {
	for i := 0; i < s.pat.m; i++ {
		for p := s.pat.rowPtr[i]; p < s.pat.rowPtr[i+1]; p++ {
			fn(i, int(s.pat.cols[p]), s.vals[p])
		}
	}
}

// mapVals returns a matrix on the same pattern with values f(i, j, v) and off value off.
func (s *SparseSym) mapVals(off float64, f func(i, j int, v float64) float64) *SparseSym {
	out := make([]float64, len(s.vals))
	for i := 0; i < s.pat.m; i++ {
		for p := s.pat.rowPtr[i]; p < s.pat.rowPtr[i+1]; p++ {
			out[p] = f(i, int(s.pat.cols[p]), s.vals[p])
		}
	}
	return &SparseSym{pat: s.pat, vals: out, off: off}
}
