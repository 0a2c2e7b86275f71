package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// Rows are split into at most maxChunks chunks of at least minChunkRows rows; the
// chunk size depends on the number of rows only. Gradients are summed per chunk and
// the chunk sums added in chunk order, so the rounding of every result depends on the
// number of rows, never on the number of workers. The cap bounds the per-chunk
// gradient buffers to maxChunks copies of the parameters.
const (
	maxChunks    = 16
	minChunkRows = 32
)

// chunking returns the chunk size and count for rows rows.
func chunking(rows int) (size, count int) {
	size = max(minChunkRows, (rows+maxChunks-1)/maxChunks)
	return size, (rows + size - 1) / size
}

// MLP is level 3 of docs/theory.md §5: a fully connected network w_0 → … → w_L with ReLU
// between layers and no activation at the output (see the package documentation for
// the parameter layout, the backpropagation formulas and the determinism guarantee).
// Use it through its pointer; it is not safe for concurrent use.
type MLP struct {
	// Workers is the number of goroutines Forward and Backward share their rows among
	// (≤ 0, the default: runtime.GOMAXPROCS(0) at each call). Results do not depend on it.
	Workers int

	widths []int
	layers []dense
	params []float64
	grad   []float64

	rows              int          // rows of the last Forward; −1 before the first
	chunkSize, chunks int          // row chunking of the last Forward (chunking)
	acts              [][]float64  // acts[l], l < L: rows×w_l input of layer l+1 (acts[0] a copy of x, then ReLU outputs)
	back              [2][]float64 // rows×max hidden width: ∂L/∂(layer input), ping-pong
	part              []float64    // chunks×len(params): per-chunk gradient sums

	// Arguments of the chunk bodies for the current call.
	x, out, gz blas64.General

	runner      chunks.Runner
	forwardBody func(c int)
	backBody    func(c int)
}

// dense is one affine layer h ↦ h W + b; W (in×out, row-major) starts at w in Params
// and b at b.
type dense struct {
	in, out int
	w, b    int
}

// NewMLP returns an MLP with the given widths (at least two, each ≥ 1), e.g.
// [8, 16, 16, 16] for 8→16→16→16, initialised like PyTorch's nn.Linear from rng:
// weights and biases uniform on (−1/√fan_in, 1/√fan_in).
func NewMLP(widths []int, rng *rand.Rand) (*MLP, error) {
	if len(widths) < 2 {
		return nil, fmt.Errorf("nn: MLP widths %v: need at least 2 (input and output)", widths)
	}
	for i, w := range widths {
		if w < 1 {
			return nil, fmt.Errorf("nn: MLP width[%d] = %d: need ≥ 1", i, w)
		}
	}
	m := &MLP{widths: append([]int(nil), widths...), rows: -1}
	n := 0
	for l := 1; l < len(widths); l++ {
		in, out := widths[l-1], widths[l]
		m.layers = append(m.layers, dense{in: in, out: out, w: n, b: n + in*out})
		n += in*out + out
	}
	m.params = make([]float64, n)
	m.grad = make([]float64, n)
	for _, ly := range m.layers {
		bound := 1 / math.Sqrt(float64(ly.in))
		for k := ly.w; k < ly.b+ly.out; k++ {
			m.params[k] = bound * (2*rng.Float64() - 1)
		}
	}
	m.acts = make([][]float64, len(m.layers))
	m.forwardBody = m.forwardChunk
	m.backBody = m.backwardChunk
	return m, nil
}

// Widths returns a copy of the layer widths.
func (m *MLP) Widths() []int { return append([]int(nil), m.widths...) }

// InDim returns w_0.
func (m *MLP) InDim() int { return m.widths[0] }

// OutDim returns w_L.
func (m *MLP) OutDim() int { return m.widths[len(m.widths)-1] }

// Params returns W_1, b_1, …, W_L, b_L flat (the model's own storage).
func (m *MLP) Params() []float64 { return m.params }

// Grad returns the gradient with the layout of Params.
func (m *MLP) Grad() []float64 { return m.grad }

// ZeroGrad sets the gradient to zero.
func (m *MLP) ZeroGrad() { clear(m.grad) }

// Weight returns a copy of W_l (w_{l−1}×w_l, l = 1 … L), mapping inputs to outputs.
func (m *MLP) Weight(l int) *mat.Dense {
	ly := m.layers[l-1]
	return mat.NewDense(ly.in, ly.out, append([]float64(nil), m.params[ly.w:ly.b]...))
}

// Bias returns a copy of b_l (l = 1 … L).
func (m *MLP) Bias(l int) []float64 {
	ly := m.layers[l-1]
	return append([]float64(nil), m.params[ly.b:ly.b+ly.out]...)
}

func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// Forward computes the network on the rows of x (rows×w_0) into dst (rows×w_L) and
// keeps the activations for Backward; states is ignored. It panics on a shape
// mismatch.
func (m *MLP) Forward(dst *mat.Dense, _ []int, x *mat.Dense) {
	if x == nil {
		panic("nn: MLP.Forward: nil x")
	}
	r, c := x.Dims()
	if c != m.widths[0] {
		panic(shapeMsg("MLP.Forward: x", r, c, r, m.widths[0]))
	}
	sizeDst(dst, r, m.OutDim(), "MLP.Forward")
	m.rows = r
	maxHidden := 0
	for l := range m.layers {
		m.acts[l] = grow(m.acts[l], r*m.widths[l])
		if l > 0 {
			maxHidden = max(maxHidden, m.widths[l])
		}
	}
	m.back[0] = grow(m.back[0], r*maxHidden)
	m.back[1] = grow(m.back[1], r*maxHidden)
	m.chunkSize, m.chunks = chunking(r)
	m.part = grow(m.part, m.chunks*len(m.params))
	m.x, m.out = x.RawMatrix(), dst.RawMatrix()
	m.runner.For(m.chunks, chunks.Workers(m.Workers), m.forwardBody)
	m.x, m.out = blas64.General{}, blas64.General{}
}

// Backward adds ∂L/∂params to Grad given gz = ∂L/∂(output of the last Forward)
// (rows×w_L). It panics on a shape mismatch or without a preceding Forward.
func (m *MLP) Backward(gz *mat.Dense) {
	if m.rows < 0 {
		panic("nn: MLP.Backward before Forward")
	}
	if r, c := gz.Dims(); r != m.rows || c != m.OutDim() {
		panic(shapeMsg("MLP.Backward: gz", r, c, m.rows, m.OutDim()))
	}
	nc := m.chunks
	m.gz = gz.RawMatrix()
	m.runner.For(nc, chunks.Workers(m.Workers), m.backBody)
	m.gz = blas64.General{}
	// Add the chunk sums in chunk order: fixed rounding for any worker count.
	np := len(m.params)
	for c := 0; c < nc; c++ {
		p := m.part[c*np : (c+1)*np]
		g := m.grad[:len(p)]
		for k, v := range p {
			g[k] += v
		}
	}
}

// forwardChunk runs the network on the rows of chunk c.
func (m *MLP) forwardChunk(c int) {
	lo, hi := c*m.chunkSize, min((c+1)*m.chunkSize, m.rows)
	w0 := m.widths[0]
	a0 := m.acts[0]
	for i := lo; i < hi; i++ {
		copy(a0[i*w0:(i+1)*w0], m.x.Data[i*m.x.Stride:i*m.x.Stride+w0])
	}
	last := len(m.layers) - 1
	for l, ly := range m.layers {
		w := m.params[ly.w:ly.b]
		b := m.params[ly.b : ly.b+ly.out]
		in := m.acts[l]
		if l < last {
			out := m.acts[l+1]
			i := lo
			for ; i+2 <= hi; i += 2 {
				affineRows2(out[i*ly.out:(i+1)*ly.out], out[(i+1)*ly.out:(i+2)*ly.out],
					in[i*ly.in:(i+1)*ly.in], in[(i+1)*ly.in:(i+2)*ly.in], w, b, true)
			}
			if i < hi {
				affineRow(out[i*ly.out:(i+1)*ly.out], in[i*ly.in:(i+1)*ly.in], w, b, true)
			}
			continue
		}
		os := m.out.Stride
		i := lo
		for ; i+2 <= hi; i += 2 {
			affineRows2(m.out.Data[i*os:i*os+ly.out], m.out.Data[(i+1)*os:(i+1)*os+ly.out],
				in[i*ly.in:(i+1)*ly.in], in[(i+1)*ly.in:(i+2)*ly.in], w, b, false)
		}
		if i < hi {
			affineRow(m.out.Data[i*os:i*os+ly.out], in[i*ly.in:(i+1)*ly.in], w, b, false)
		}
	}
}

// backwardChunk sums the parameter gradient of the rows of chunk c into its slot of
// m.part.
func (m *MLP) backwardChunk(c int) {
	lo, hi := c*m.chunkSize, min((c+1)*m.chunkSize, m.rows)
	np := len(m.params)
	part := m.part[c*np : (c+1)*np]
	clear(part)
	// g holds ∂L/∂(output of the current layer) for the chunk rows, with row stride gs.
	g, gs := m.gz.Data, m.gz.Stride
	for l := len(m.layers) - 1; l >= 0; l-- {
		ly := m.layers[l]
		in := m.acts[l]
		outerChunk(part[ly.w:ly.b], part[ly.b:ly.b+ly.out], in, ly.in, g, gs, lo, hi)
		if l == 0 {
			break
		}
		// ∂L/∂(ReLU output) = g Wᵀ, then through ReLU: zero where the output was 0.
		next := m.back[l&1]
		w := m.params[ly.w:ly.b]
		i := lo
		for ; i+2 <= hi; i += 2 {
			backRows2(next[i*ly.in:(i+1)*ly.in], next[(i+1)*ly.in:(i+2)*ly.in],
				g[i*gs:i*gs+ly.out], g[(i+1)*gs:(i+1)*gs+ly.out], w,
				in[i*ly.in:(i+1)*ly.in], in[(i+1)*ly.in:(i+2)*ly.in])
		}
		if i < hi {
			backRow(next[i*ly.in:(i+1)*ly.in], g[i*gs:i*gs+ly.out], w, in[i*ly.in:(i+1)*ly.in])
		}
		g, gs = next, ly.in
	}
}
