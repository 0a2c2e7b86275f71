package markov

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// SparseTPM is an immutable row-stochastic m×m transition probability matrix in
// compressed sparse row (CSR) form: row k holds the states i with A[k][i] > 0 in
// increasing order. It has the meaning of TPM (At(k, i) = Pr(view i | source k))
// without the m² storage, so it scales to millions of states.
type SparseTPM struct {
	m      int
	rowPtr []int     // len m+1; row k is cols[rowPtr[k]:rowPtr[k+1]]
	cols   []int32   // column indices, increasing within a row
	vals   []float64 // A[k][cols[p]] > 0
}

// MaxSparseStates is the largest state count a SparseTPM holds (column indices are int32).
const MaxSparseStates = math.MaxInt32

// Triplet is one entry (Row, Col, Value) of a sparse matrix in coordinate form.
type Triplet struct {
	Row, Col int
	Value    float64
}

// NewSparse validates and copies the m×m matrix given by triplets: indices in [0, m),
// finite non-negative values, every row summing to 1 within SumTol. Duplicate (row,
// column) entries are summed; entries that are (or sum to) zero are dropped. The error
// names the offending triplet (its position, row, column and value) or row.
func NewSparse(m int, entries []Triplet) (*SparseTPM, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: sparse TPM with m = %d states: %w", m, ErrEmpty)
	}
	if m > MaxSparseStates {
		return nil, fmt.Errorf("markov: sparse TPM with m = %d states: at most %d", m, MaxSparseStates)
	}
	if len(entries) < m {
		return nil, fmt.Errorf("markov: sparse TPM with m = %d states and %d entries: some row has no entry, so it cannot sum to 1", m, len(entries))
	}
	for p, e := range entries {
		if e.Row < 0 || e.Row >= m || e.Col < 0 || e.Col >= m {
			return nil, fmt.Errorf("markov: sparse TPM entry %d at (%d, %d): index out of range [0, %d)", p, e.Row, e.Col, m)
		}
		if why := checkEntry(e.Value); why != "" {
			return nil, &EntryError{Row: e.Row, Col: e.Col, Value: e.Value, Reason: why}
		}
	}
	return buildSparse(m, entries)
}

// buildSparse sorts, sums duplicates, drops zeros and validates row sums. Entries are
// known to be in range and finite and non-negative.
func buildSparse(m int, entries []Triplet) (*SparseTPM, error) {
	// Counting sort by row, then sort each row by column: O(nnz log(row length)).
	rowPtr := make([]int, m+1)
	for _, e := range entries {
		rowPtr[e.Row+1]++
	}
	for k := 0; k < m; k++ {
		rowPtr[k+1] += rowPtr[k]
	}
	cols := make([]int32, len(entries))
	vals := make([]float64, len(entries))
	next := append([]int(nil), rowPtr[:m]...)
	for _, e := range entries {
		p := next[e.Row]
		next[e.Row]++
		cols[p], vals[p] = int32(e.Col), e.Value
	}
	out := 0
	var r rowSorter
	for k := 0; k < m; k++ {
		lo, hi := rowPtr[k], rowPtr[k+1]
		r.cols, r.vals = cols[lo:hi], vals[lo:hi]
		if !sort.IsSorted(&r) {
			sort.Stable(&r)
		}
		rowPtr[k] = out
		sum := 0.0
		for p := lo; p < hi; p++ {
			v := vals[p]
			if p+1 < hi && cols[p+1] == cols[p] {
				vals[p+1] += v // sum duplicates in file order
				continue
			}
			sum += v
			if v > 1+SumTol {
				return nil, &EntryError{Row: k, Col: int(cols[p]), Value: v, Reason: "probability above 1 (after summing duplicates)"}
			}
			if v == 0 {
				continue
			}
			cols[out], vals[out] = cols[p], v
			out++
		}
		if !(math.Abs(sum-1) <= SumTol) {
			return nil, &RowSumError{Row: k, Sum: sum}
		}
	}
	rowPtr[m] = out
	return &SparseTPM{m: m, rowPtr: rowPtr, cols: slices.Clip(cols[:out]), vals: slices.Clip(vals[:out])}, nil
}

type rowSorter struct {
	cols []int32
	vals []float64
}

func (r *rowSorter) Len() int           { return len(r.cols) }
func (r *rowSorter) Less(i, j int) bool { return r.cols[i] < r.cols[j] }
func (r *rowSorter) Swap(i, j int) {
	r.cols[i], r.cols[j] = r.cols[j], r.cols[i]
	r.vals[i], r.vals[j] = r.vals[j], r.vals[i]
}

// SparseFromDense returns the sparse form of a dense TPM (its non-zero entries).
func SparseFromDense(t *TPM) *SparseTPM {
	m := t.m
	s := &SparseTPM{m: m, rowPtr: make([]int, m+1)}
	for k := 0; k < m; k++ {
		for i, v := range t.data[k*m : (k+1)*m] {
			if v != 0 {
				s.cols = append(s.cols, int32(i))
				s.vals = append(s.vals, v)
			}
		}
		s.rowPtr[k+1] = len(s.cols)
	}
	return s
}

// Len returns the number of states m.
func (t *SparseTPM) Len() int { return t.m }

// NNZ returns the number of stored (non-zero) entries.
func (t *SparseTPM) NNZ() int { return len(t.vals) }

// At returns A[k][i] = Pr(view i | source k), 0 off the stored pattern. It panics if an
// index is out of range.
func (t *SparseTPM) At(k, i int) float64 {
	if uint(k) >= uint(t.m) || uint(i) >= uint(t.m) {
		panic(fmt.Sprintf("markov: index (%d, %d) out of range for a %d-state TPM", k, i, t.m))
	}
	cols := t.cols[t.rowPtr[k]:t.rowPtr[k+1]]
	p, ok := slices.BinarySearch(cols, int32(i))
	if !ok {
		return 0
	}
	return t.vals[t.rowPtr[k]+p]
}

// Row appends row k's stored entries to cols and vals (columns increasing) and returns
// them. It panics if k is out of range.
func (t *SparseTPM) Row(cols []int, vals []float64, k int) ([]int, []float64) {
	if uint(k) >= uint(t.m) {
		panic(fmt.Sprintf("markov: row %d out of range for a %d-state TPM", k, t.m))
	}
	for p := t.rowPtr[k]; p < t.rowPtr[k+1]; p++ {
		cols = append(cols, int(t.cols[p]))
		vals = append(vals, t.vals[p])
	}
	return cols, vals
}

// RawCSR returns the matrix's compressed-sparse-row storage: row k's columns are
// cols[rowPtr[k]:rowPtr[k+1]] (increasing) with values vals[…]. The slices share the
// receiver's storage (as gonum's Raw methods do) and must not be modified.
func (t *SparseTPM) RawCSR() (rowPtr []int, cols []int32, vals []float64) {
	return t.rowPtr, t.cols, t.vals
}

// Dense returns the matrix as a dense TPM (m² storage).
func (t *SparseTPM) Dense() *TPM {
	m := t.m
	data := make([]float64, m*m)
	for k := 0; k < m; k++ {
		for p := t.rowPtr[k]; p < t.rowPtr[k+1]; p++ {
			data[k*m+int(t.cols[p])] = t.vals[p]
		}
	}
	return &TPM{m: m, data: data}
}
