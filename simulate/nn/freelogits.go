package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FreeLogits is level 1 of docs/theory.md §5: a symmetric m×m state-pair logit matrix θ
// is the whole model, s_ab = θ[rows[a]][cols[b]]. Params is the packed upper
// triangle of θ (see the package documentation for the layout and the gradient).
type FreeLogits struct {
	m        int
	rowStart []int // rowStart[i] = index of θ_ii in params
	params   []float64
	grad     []float64
}

// NewFreeLogits returns free logits on m states with every θ_ij = init. It returns an
// error if m < 1 or init is not finite.
func NewFreeLogits(m int, init float64) (*FreeLogits, error) {
	if m < 1 {
		return nil, fmt.Errorf("nn: free logits on m = %d states: need m ≥ 1", m)
	}
	if math.IsNaN(init) || math.IsInf(init, 0) {
		return nil, fmt.Errorf("nn: free logits init = %v: need a finite number", init)
	}
	n := m * (m + 1) / 2
	f := &FreeLogits{m: m, rowStart: make([]int, m), params: make([]float64, n), grad: make([]float64, n)}
	// Row i of the packed triangle holds θ_ii … θ_i,m−1 and starts after
	// Σ_{r<i} (m − r) = i·m − i(i−1)/2 entries.
	for i := range f.rowStart {
		f.rowStart[i] = i*m - i*(i-1)/2
	}
	for k := range f.params {
		f.params[k] = init
	}
	return f, nil
}

// States returns m.
func (f *FreeLogits) States() int { return f.m }

// Params returns the packed upper triangle of θ (the model's own storage).
func (f *FreeLogits) Params() []float64 { return f.params }

// Grad returns the gradient with the layout of Params.
func (f *FreeLogits) Grad() []float64 { return f.grad }

// ZeroGrad sets the gradient to zero.
func (f *FreeLogits) ZeroGrad() { clear(f.grad) }

// index returns the position of θ_ij = θ_ji in Params.
func (f *FreeLogits) index(i, j int) int {
	if i > j {
		i, j = j, i
	}
	return f.rowStart[i] + j - i
}

// Theta returns a copy of θ.
func (f *FreeLogits) Theta() *mat.SymDense {
	t := mat.NewSymDense(f.m, nil)
	for i := 0; i < f.m; i++ {
		for j := i; j < f.m; j++ {
			t.SetSym(i, j, f.params[f.index(i, j)])
		}
	}
	return t
}

// SetTheta sets θ to the upper triangle of t. It panics if t is not m×m and returns
// an error naming the first non-finite entry (θ is then unchanged).
func (f *FreeLogits) SetTheta(t mat.Symmetric) error {
	if n := t.SymmetricDim(); n != f.m {
		panic(shapeMsg("FreeLogits.SetTheta: θ", n, n, f.m, f.m))
	}
	for i := 0; i < f.m; i++ {
		for j := i; j < f.m; j++ {
			if v := t.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("nn: free logits θ[%d][%d] = %v: need a finite number", i, j, v)
			}
		}
	}
	for i := 0; i < f.m; i++ {
		for j := i; j < f.m; j++ {
			f.params[f.index(i, j)] = t.At(i, j)
		}
	}
	return nil
}

func (f *FreeLogits) checkStates(who string, states []int) {
	for a, s := range states {
		if s < 0 || s >= f.m {
			panic(fmt.Sprintf("nn: %s: state[%d] = %d out of range [0, %d)", who, a, s, f.m))
		}
	}
}

// LogitsTo writes s_ab = θ[rows[a]][cols[b]] into dst (len(rows)×len(cols)) and
// returns it. A nil dst is allocated; an empty dst is resized. It panics on a shape
// mismatch or a state index out of range.
func (f *FreeLogits) LogitsTo(dst *mat.Dense, rows, cols []int) *mat.Dense {
	if dst == nil {
		dst = &mat.Dense{}
	}
	sizeDst(dst, len(rows), len(cols), "FreeLogits.LogitsTo")
	f.checkStates("FreeLogits.LogitsTo rows", rows)
	f.checkStates("FreeLogits.LogitsTo cols", cols)
	raw := dst.RawMatrix()
	for a, i := range rows {
		out := raw.Data[a*raw.Stride : a*raw.Stride+len(cols)]
		for b, j := range cols {
			out[b] = f.params[f.index(i, j)]
		}
	}
	return dst
}

// BackwardLogits adds to Grad the gradient ∂L/∂θ given gs = ∂L/∂s for the logits
// s = LogitsTo(·, rows, cols): Grad[θ_ij] += Σ gs_ab over every (a, b) whose state
// pair is (i, j) or (j, i). It panics on a shape mismatch or a state out of range.
func (f *FreeLogits) BackwardLogits(gs *mat.Dense, rows, cols []int) {
	if r, c := gs.Dims(); r != len(rows) || c != len(cols) {
		panic(shapeMsg("FreeLogits.BackwardLogits: gs", r, c, len(rows), len(cols)))
	}
	f.checkStates("FreeLogits.BackwardLogits rows", rows)
	f.checkStates("FreeLogits.BackwardLogits cols", cols)
	raw := gs.RawMatrix()
	for a, i := range rows {
		g := raw.Data[a*raw.Stride : a*raw.Stride+len(cols)]
		for b, j := range cols {
			f.grad[f.index(i, j)] += g[b]
		}
	}
}
