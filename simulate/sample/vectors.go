package sample

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// StateVectors holds a fixed base vector for each of m states (an m×dim matrix, row s
// is base_s), the explicit features behind the encoder inputs of docs/theory.md §5 level 3:
// a view in state s is presented to the encoder as base_s + N(0, σ² I).
// StateVectors is immutable and safe for concurrent use.
type StateVectors struct {
	base *mat.Dense
}

// NewGaussianStateVectors draws an m×dim base matrix with independent standard normal
// entries from rng (rng.NormFloat64, row by row). It returns an error unless m ≥ 1 and
// dim ≥ 1.
func NewGaussianStateVectors(m, dim int, rng *rand.Rand) (*StateVectors, error) {
	if m < 1 || dim < 1 {
		return nil, fmt.Errorf("sample: state vectors of %d states in dimension %d: need at least 1 state and dimension 1", m, dim)
	}
	data := make([]float64, m*dim)
	for i := range data {
		data[i] = rng.NormFloat64()
	}
	return &StateVectors{base: mat.NewDense(m, dim, data)}, nil
}

// NewStateVectors copies base (row s is the vector of state s). It returns an error
// naming the first entry that is NaN or infinite, or if base is nil or empty.
func NewStateVectors(base mat.Matrix) (*StateVectors, error) {
	if base == nil {
		return nil, fmt.Errorf("sample: state vectors: nil base matrix")
	}
	m, dim := base.Dims()
	if m < 1 || dim < 1 {
		return nil, fmt.Errorf("sample: state vectors: base matrix is %d×%d, need at least 1×1", m, dim)
	}
	for s := 0; s < m; s++ {
		for k := 0; k < dim; k++ {
			if v := base.At(s, k); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sample: state vectors: entry [%d][%d] = %v: need a finite number", s, k, v)
			}
		}
	}
	return &StateVectors{base: mat.DenseCopyOf(base)}, nil
}

// Len returns the number of states m.
func (v *StateVectors) Len() int { r, _ := v.base.Dims(); return r }

// Dim returns the dimension of a state vector.
func (v *StateVectors) Dim() int { _, c := v.base.Dims(); return c }

// Base returns a copy of the m×dim base matrix.
func (v *StateVectors) Base() *mat.Dense { return mat.DenseCopyOf(v.base) }

// CheckNoise returns an error unless σ is finite and non-negative.
func CheckNoise(sigma float64) error {
	if !(sigma >= 0) || math.IsInf(sigma, 1) {
		return fmt.Errorf("sample: noise level σ = %v: need a finite σ ≥ 0", sigma)
	}
	return nil
}

// NoisyTo writes into row a of dst the vector base[states[a]] + σ·ε_a with ε_a ~ N(0, I)
// drawn from rng (rng.NormFloat64, row by row; drawn even when σ = 0, so runs with
// different σ share their random numbers), and returns dst. A nil dst is
// allocated; an empty dst is resized; otherwise dst must be len(states)×Dim(). It
// allocates nothing when dst has that shape. It panics (programmer errors) on a shape
// mismatch, an empty states, a state outside [0, Len()), or an invalid σ (see
// CheckNoise, which callers use to validate configuration first).
func (v *StateVectors) NoisyTo(dst *mat.Dense, states []int, sigma float64, rng *rand.Rand) *mat.Dense {
	if err := CheckNoise(sigma); err != nil {
		panic(err)
	}
	n, dim := len(states), v.Dim()
	if n == 0 {
		panic("sample: NoisyTo with no states")
	}
	switch {
	case dst == nil:
		dst = mat.NewDense(n, dim, nil)
	case dst.IsEmpty():
		dst.ReuseAs(n, dim)
	default:
		if r, c := dst.Dims(); r != n || c != dim {
			panic(fmt.Sprintf("sample: NoisyTo: dst is %d×%d, want %d×%d (len(states)×Dim())", r, c, n, dim))
		}
	}
	m := v.Len()
	for a, s := range states {
		if s < 0 || s >= m {
			panic(fmt.Sprintf("sample: NoisyTo: states[%d] = %d, want a state in [0, %d)", a, s, m))
		}
		row := dst.RawRowView(a)
		base := v.base.RawRowView(s)
		for k, b := range base {
			row[k] = b + sigma*rng.NormFloat64()
		}
	}
	return dst
}
