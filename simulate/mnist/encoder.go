package mnist

import (
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
	"github.com/infonce-lab/infonce-lab/simulate/nn"
)

// KernelMLP is nn.MLP (same widths, parameter layout W_1, b_1, …, W_L, b_L with W_l
// stored w_{l−1}×w_l row-major, ReLU between layers, same backpropagation formulas of
// simulate/nn's package documentation) computed with the AVX row kernels of internal/kernels:
// forward H W by kernels.MulRows4, the input gradient G Wᵀ by kernels.MulRowsT4 and the
// weight gradient Hᵀ G by kernels.AddOuter4. It needs w_0 to be a multiple of 4 and every
// other width a multiple of 16 (784 → 256 → 64 is); NewKernelMLP says when not.
//
// Rows are split over goroutines for the forward and input-gradient products (rows
// are independent) and output columns for the weight gradient (each entry summed over
// all rows in row order by one goroutine), so results do not depend on Workers.
type KernelMLP struct {
	widths  []int
	layers  []layer
	params  []float64
	grad    []float64
	workers int

	rows, rowsP int
	acts        [][]float64 // acts[l]: rowsP×w_l input of layer l+1 (acts[0] the padded x, then ReLU outputs)
	out         []float64   // rowsP×w_L
	g, gNext    []float64   // rowsP×max width: ∂L/∂(layer output), ping-pong
}

type layer struct{ in, out, w, b int }

// NewKernelMLP returns a KernelMLP whose parameters are a copy of m's.
func NewKernelMLP(m *nn.MLP, workers int) (*KernelMLP, error) {
	w := m.Widths()
	if w[0]%4 != 0 {
		return nil, fmt.Errorf("mnist: KernelMLP input width %d: need a multiple of 4", w[0])
	}
	for i, v := range w[1:] {
		if v%16 != 0 {
			return nil, fmt.Errorf("mnist: KernelMLP width[%d] = %d: need a multiple of 16", i+1, v)
		}
	}
	k := &KernelMLP{widths: w, params: append([]float64(nil), m.Params()...), workers: max(workers, 1)}
	k.grad = make([]float64, len(k.params))
	n := 0
	for l := 1; l < len(w); l++ {
		k.layers = append(k.layers, layer{in: w[l-1], out: w[l], w: n, b: n + w[l-1]*w[l]})
		n += w[l-1]*w[l] + w[l]
	}
	k.acts = make([][]float64, len(k.layers))
	return k, nil
}

var _ nn.Encoder = (*KernelMLP)(nil)

// Params returns the flat parameters (the model's own storage).
func (k *KernelMLP) Params() []float64 { return k.params }

// Grad returns the gradient with the layout of Params.
func (k *KernelMLP) Grad() []float64 { return k.grad }

// ZeroGrad sets the gradient to zero.
func (k *KernelMLP) ZeroGrad() { clear(k.grad) }

// OutDim returns w_L.
func (k *KernelMLP) OutDim() int { return k.widths[len(k.widths)-1] }

// parallel runs f(lo, hi) over [0, n) split into at most Workers contiguous ranges,
// each a multiple of step.
func (k *KernelMLP) parallel(n, step int, f func(lo, hi int)) {
	units := n / step
	w := min(k.workers, units)
	if w <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for c := 0; c < w; c++ {
		lo, hi := c*units/w*step, (c+1)*units/w*step
		wg.Add(1)
		go func() { defer wg.Done(); f(lo, hi) }()
	}
	wg.Wait()
}

// Forward computes the network on the rows of x into dst (rows×w_L) and keeps the
// activations for Backward; states is ignored. It panics on a shape mismatch.
func (k *KernelMLP) Forward(dst *mat.Dense, _ []int, x *mat.Dense) {
	r, c := x.Dims()
	if c != k.widths[0] {
		panic(fmt.Sprintf("mnist: KernelMLP.Forward: x has %d columns, want %d", c, k.widths[0]))
	}
	if dr, dc := dst.Dims(); dr != r || dc != k.OutDim() {
		panic(fmt.Sprintf("mnist: KernelMLP.Forward: dst is %d×%d, want %d×%d", dr, dc, r, k.OutDim()))
	}
	k.rows, k.rowsP = r, (r+3)/4*4
	maxW := 0
	for l := range k.layers {
		k.acts[l] = grow(k.acts[l], k.rowsP*k.widths[l])
		maxW = max(maxW, k.widths[l+1])
	}
	k.out = grow(k.out, k.rowsP*k.OutDim())
	k.g, k.gNext = grow(k.g, k.rowsP*maxW), grow(k.gNext, k.rowsP*maxW)
	a0 := k.acts[0]
	for i := 0; i < r; i++ {
		copy(a0[i*c:(i+1)*c], x.RawRowView(i))
	}
	clear(a0[r*c:])
	last := len(k.layers) - 1
	for l, ly := range k.layers {
		in := k.acts[l]
		y := k.out
		if l < last {
			y = k.acts[l+1]
		}
		w, b := k.params[ly.w:ly.b], k.params[ly.b:ly.b+ly.out]
		k.parallel(k.rowsP, 4, func(lo, hi int) {
			for i := lo; i < hi; i += 4 {
				kernels.MulRows4(y[i*ly.out:], ly.out, in[i*ly.in:], ly.in, w, ly.out, ly.out)
			}
			for i := lo; i < hi; i++ {
				row := y[i*ly.out : (i+1)*ly.out]
				for j := range row {
					v := row[j] + b[j]
					if l < last {
						v = max(v, 0)
					}
					row[j] = v
				}
			}
		})
	}
	for i := 0; i < r; i++ {
		copy(dst.RawRowView(i), k.out[i*k.OutDim():(i+1)*k.OutDim()])
	}
}

// Backward adds ∂L/∂params to Grad given gz = ∂L/∂(output of the last Forward).
func (k *KernelMLP) Backward(gz *mat.Dense) {
	if k.rows == 0 {
		panic("mnist: KernelMLP.Backward before Forward")
	}
	if r, c := gz.Dims(); r != k.rows || c != k.OutDim() {
		panic(fmt.Sprintf("mnist: KernelMLP.Backward: gz is %d×%d, want %d×%d", r, c, k.rows, k.OutDim()))
	}
	d := k.OutDim()
	g := k.g[:k.rowsP*d]
	for i := 0; i < k.rows; i++ {
		copy(g[i*d:(i+1)*d], gz.RawRowView(i))
	}
	clear(g[k.rows*d:])
	for l := len(k.layers) - 1; l >= 0; l-- {
		ly := k.layers[l]
		in := k.acts[l]
		gw, gb := k.grad[ly.w:ly.b], k.grad[ly.b:ly.b+ly.out]
		for i := 0; i < k.rows; i++ {
			for j, v := range g[i*ly.out : (i+1)*ly.out] {
				gb[j] += v
			}
		}
		k.parallel(ly.out, 16, func(lo, hi int) {
			for i := 0; i < k.rowsP; i += 4 {
				kernels.AddOuter4(gw[lo:], ly.out, g[i*ly.out+lo:], ly.out, in[i*ly.in:], ly.in, hi-lo)
			}
		})
		if l == 0 {
			break
		}
		next := k.gNext[:k.rowsP*ly.in]
		w := k.params[ly.w:ly.b]
		k.parallel(k.rowsP, 4, func(lo, hi int) {
			for i := lo; i < hi; i += 4 {
				kernels.MulRowsT4(next[i*ly.in:], g[i*ly.out:], ly.out, w, ly.out, ly.in, ly.out)
			}
			for p := lo * ly.in; p < hi*ly.in; p++ {
				if in[p] == 0 { // ReLU output 0: derivative taken as 0, as nn.MLP
					next[p] = 0
				}
			}
		})
		k.g, k.gNext = k.gNext, k.g
		g = next
	}
}

func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
