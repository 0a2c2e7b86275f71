package markov

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// TPM is an immutable row-stochastic m×m transition probability matrix:
// At(k, i) = Pr(view in state i | source in state k).
type TPM struct {
	m    int
	data []float64 // row-major, len m*m
}

// New validates and copies rows: non-empty, square, finite, non-negative, each row
// summing to 1 within SumTol. The error names the offending row, column and value.
func New(rows [][]float64) (*TPM, error) {
	m := len(rows)
	if m == 0 {
		return nil, fmt.Errorf("markov: TPM: %w", ErrEmpty)
	}
	data := make([]float64, 0, m*m)
	for k, r := range rows {
		if len(r) != m {
			return nil, &ShapeError{Row: k, Len: len(r), Want: m}
		}
		data = append(data, r...)
	}
	return fromData(m, data)
}

// NewDense is New for a gonum matrix.
func NewDense(a mat.Matrix) (*TPM, error) {
	r, c := a.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("markov: TPM: %w", ErrEmpty)
	}
	if r != c {
		return nil, &ShapeError{Row: 0, Len: c, Want: r}
	}
	data := make([]float64, r*r)
	for k := 0; k < r; k++ {
		for i := 0; i < r; i++ {
			data[k*r+i] = a.At(k, i)
		}
	}
	return fromData(r, data)
}

// fromData validates data (owned by the callee from here on).
func fromData(m int, data []float64) (*TPM, error) {
	for k := 0; k < m; k++ {
		var sum float64
		for i := 0; i < m; i++ {
			v := data[k*m+i]
			if why := checkEntry(v); why != "" {
				return nil, &EntryError{Row: k, Col: i, Value: v, Reason: why}
			}
			sum += v
		}
		if math.Abs(sum-1) > SumTol {
			return nil, &RowSumError{Row: k, Sum: sum}
		}
	}
	return &TPM{m: m, data: data}, nil
}

// Len returns the number of states m.
func (t *TPM) Len() int { return t.m }

// At returns A[k][i] = Pr(view i | source k). It panics if an index is out of range.
func (t *TPM) At(k, i int) float64 {
	if uint(k) >= uint(t.m) || uint(i) >= uint(t.m) {
		panic(fmt.Sprintf("markov: index (%d, %d) out of range for a %d-state TPM", k, i, t.m))
	}
	return t.data[k*t.m+i]
}

// Row copies row k into dst (allocated when nil or too short) and returns it.
func (t *TPM) Row(dst []float64, k int) []float64 {
	if uint(k) >= uint(t.m) {
		panic(fmt.Sprintf("markov: row %d out of range for a %d-state TPM", k, t.m))
	}
	if cap(dst) < t.m {
		dst = make([]float64, t.m)
	}
	dst = dst[:t.m]
	copy(dst, t.data[k*t.m:(k+1)*t.m])
	return dst
}

// Rows returns a copy of the matrix as a slice of rows.
func (t *TPM) Rows() [][]float64 {
	rows := make([][]float64, t.m)
	for k := range rows {
		rows[k] = t.Row(nil, k)
	}
	return rows
}

// Dense returns a copy of the matrix as a *mat.Dense.
func (t *TPM) Dense() *mat.Dense {
	return mat.NewDense(t.m, t.m, append([]float64(nil), t.data...))
}

// Apply returns the law of the view, q = pA, for a source law p over the same states.
// It panics if the lengths differ.
func (t *TPM) Apply(p *Dist) *Dist {
	if p.Len() != t.m {
		panic(fmt.Sprintf("markov: source law has %d states, TPM has %d", p.Len(), t.m))
	}
	q := make([]float64, t.m)
	for k, pk := range p.p {
		if pk == 0 {
			continue
		}
		row := t.data[k*t.m : (k+1)*t.m]
		for i, a := range row {
			q[i] += pk * a
		}
	}
	return &Dist{p: q}
}
