package nn

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Embedding is level 2 of docs/theory.md §5: one free vector u_i ∈ R^d per state, stored
// as the rows of an m×d row-major matrix in Params. Forward copies each row's state
// vector; the losses normalise it, so u_i acts as a unit vector.
type Embedding struct {
	m, d   int
	params []float64
	grad   []float64
	states []int // states of the last Forward (a copy)
	fresh  bool  // a Forward has happened
}

// NewEmbedding returns an embedding of m states in R^d with standard-normal entries
// drawn row by row from rng. It returns an error if m < 1 or d < 1.
func NewEmbedding(m, d int, rng *rand.Rand) (*Embedding, error) {
	if m < 1 {
		return nil, fmt.Errorf("nn: embedding of m = %d states: need m ≥ 1", m)
	}
	if d < 1 {
		return nil, fmt.Errorf("nn: embedding dimension d = %d: need d ≥ 1", d)
	}
	e := &Embedding{m: m, d: d, params: make([]float64, m*d), grad: make([]float64, m*d)}
	for k := range e.params {
		e.params[k] = rng.NormFloat64()
	}
	return e, nil
}

// States returns m.
func (e *Embedding) States() int { return e.m }

// OutDim returns d.
func (e *Embedding) OutDim() int { return e.d }

// Params returns the m×d vectors row-major (the model's own storage).
func (e *Embedding) Params() []float64 { return e.params }

// Grad returns the gradient with the layout of Params.
func (e *Embedding) Grad() []float64 { return e.grad }

// ZeroGrad sets the gradient to zero.
func (e *Embedding) ZeroGrad() { clear(e.grad) }

// Vectors returns a copy of the m×d matrix whose row i is u_i.
func (e *Embedding) Vectors() *mat.Dense {
	return mat.NewDense(e.m, e.d, append([]float64(nil), e.params...))
}

// Forward writes z_a = u_{states[a]} into dst (len(states)×d); x is ignored. It
// panics on a shape mismatch or a state out of range.
func (e *Embedding) Forward(dst *mat.Dense, states []int, _ *mat.Dense) {
	sizeDst(dst, len(states), e.d, "Embedding.Forward")
	for a, s := range states {
		if s < 0 || s >= e.m {
			panic(fmt.Sprintf("nn: Embedding.Forward: state[%d] = %d out of range [0, %d)", a, s, e.m))
		}
	}
	if cap(e.states) < len(states) {
		e.states = make([]int, len(states))
	}
	e.states = e.states[:len(states)]
	copy(e.states, states)
	e.fresh = true
	raw := dst.RawMatrix()
	for a, s := range states {
		copy(raw.Data[a*raw.Stride:a*raw.Stride+e.d], e.params[s*e.d:(s+1)*e.d])
	}
}

// Backward adds ∂L/∂u_i = Σ_{a: state(a)=i} gz_a to Grad, rows in order. It panics
// if gz is not len(states)×d of the last Forward or if there was no Forward.
func (e *Embedding) Backward(gz *mat.Dense) {
	if !e.fresh {
		panic("nn: Embedding.Backward before Forward")
	}
	if r, c := gz.Dims(); r != len(e.states) || c != e.d {
		panic(shapeMsg("Embedding.Backward: gz", r, c, len(e.states), e.d))
	}
	raw := gz.RawMatrix()
	for a, s := range e.states {
		g := raw.Data[a*raw.Stride : a*raw.Stride+e.d]
		u := e.grad[s*e.d : (s+1)*e.d]
		for j, v := range g {
			u[j] += v
		}
	}
}
