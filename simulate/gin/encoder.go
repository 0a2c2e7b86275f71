package gin

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
	"github.com/infonce-lab/infonce-lab/simulate/graph"
)

// chunkGraphs is the number of graphs per parallel chunk.
const chunkGraphs = 64

// Encoder is the GIN of the package documentation over the base graphs of one world.
// Create it with New. It owns scratch that grows to the largest batch seen; after the
// first Forward/Backward of a batch size, both allocate nothing (with Workers ≤ 1;
// internal/chunks.For starts its goroutines per call otherwise).
type Encoder struct {
	Workers int // goroutines for Forward and Backward (≤ 1: the calling goroutine)

	world           *graph.World
	nodes, f, h, p  int
	params, grad    []float64
	w1, b1, w2, b2  int // offsets into params
	w3, b3, w4, b4  int
	xw              []float64 // m×nodes×h: X_c W1
	h1, y, h2       []float64 // B×nodes×h activations of the last Forward
	g, a            []float64 // B×h pooled and head hidden
	kept            []int     // kept nodes per graph
	batch           *graph.Batch
	chunkGrad       [][]float64 // per chunk: params-shaped gradient
	chunkD          [][]float64 // per chunk: m×nodes×h layer-1 input gradient
	chunkTmp        [][]float64 // per chunk: 3·nodes·h + 2h scratch
	gz              *mat.Dense
	fwdBody, bwBody func(c int)
	out             *mat.Dense
}

// New returns an encoder FeatDim → hidden → hidden → hidden → proj for the world's
// graphs, initialised like PyTorch's nn.Linear from rng (layer by layer, weights then
// biases). It returns an error unless hidden, proj ≥ 1.
func New(w *graph.World, hidden, proj int, rng *rand.Rand) (*Encoder, error) {
	if w == nil {
		return nil, fmt.Errorf("gin: nil world")
	}
	if hidden < 1 {
		return nil, fmt.Errorf("gin: hidden width %d: need ≥ 1", hidden)
	}
	if proj < 1 {
		return nil, fmt.Errorf("gin: projection width %d: need ≥ 1", proj)
	}
	cfg := w.Config()
	e := &Encoder{world: w, nodes: cfg.Nodes, f: cfg.FeatDim, h: hidden, p: proj}
	fan := []int{e.f, hidden, hidden, hidden}
	outs := []int{hidden, hidden, hidden, proj}
	offs := make([]int, 8)
	n := 0
	for l := range 4 {
		offs[2*l] = n
		n += fan[l] * outs[l]
		offs[2*l+1] = n
		n += outs[l]
	}
	e.w1, e.b1, e.w2, e.b2, e.w3, e.b3, e.w4, e.b4 = offs[0], offs[1], offs[2], offs[3], offs[4], offs[5], offs[6], offs[7]
	e.params = make([]float64, n)
	e.grad = make([]float64, n)
	for l := range 4 {
		bound := 1 / math.Sqrt(float64(fan[l]))
		end := offs[2*l+1] + outs[l]
		for k := offs[2*l]; k < end; k++ {
			e.params[k] = bound * (2*rng.Float64() - 1)
		}
	}
	e.xw = make([]float64, w.States()*e.nodes*hidden)
	e.fwdBody = e.forwardChunk
	e.bwBody = e.backwardChunk
	return e, nil
}

// Params returns the flat parameter vector (the encoder's own storage).
func (e *Encoder) Params() []float64 { return e.params }

// Grad returns the flat gradient; Backward adds to it.
func (e *Encoder) Grad() []float64 { return e.grad }

// ZeroGrad sets the gradient to zero.
func (e *Encoder) ZeroGrad() { clear(e.grad) }

// OutDim returns the embedding dimension proj.
func (e *Encoder) OutDim() int { return e.p }

func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// Forward writes the embeddings of the batch's graphs into dst (B×proj; an empty dst is
// resized) and keeps what Backward needs. b must stay unchanged until Backward.
func (e *Encoder) Forward(dst *mat.Dense, b *graph.Batch) {
	nb := b.Len()
	if b.Nodes() != e.nodes {
		panic(fmt.Sprintf("gin: Forward: batch of %d-node graphs, encoder built for %d", b.Nodes(), e.nodes))
	}
	if dst.IsEmpty() {
		dst.ReuseAs(nb, e.p)
	}
	if r, c := dst.Dims(); r != nb || c != e.p {
		panic(fmt.Sprintf("gin: Forward: dst is %d×%d, want %d×%d", r, c, nb, e.p))
	}
	size := nb * e.nodes * e.h
	e.h1, e.y, e.h2 = grow(e.h1, size), grow(e.y, size), grow(e.h2, size)
	e.g, e.a = grow(e.g, nb*e.h), grow(e.a, nb*e.h)
	if cap(e.kept) < nb {
		e.kept = make([]int, nb)
	}
	e.kept = e.kept[:nb]
	e.batch, e.out = b, dst
	// XW_c = X_c W1 for every base graph.
	w1 := e.params[e.w1:e.b1]
	for c := range e.world.States() {
		x := e.world.Features(c)
		for i := range e.nodes {
			row := e.xw[(c*e.nodes+i)*e.h : (c*e.nodes+i+1)*e.h]
			clear(row)
			addVecMat(row, x[i*e.f:(i+1)*e.f], w1, e.h)
		}
	}
	chunks.For(chunks.Count(nb, chunkGraphs), e.Workers, e.fwdBody)
}

func (e *Encoder) forwardChunk(c int) {
	lo, hi := chunks.Range(c, e.batch.Len(), chunkGraphs)
	h, nodes := e.h, e.nodes
	b1, w2, b2 := e.params[e.b1:e.w2], e.params[e.w2:e.b2], e.params[e.b2:e.w3]
	w3, b3, w4, b4 := e.params[e.w3:e.b3], e.params[e.b3:e.w4], e.params[e.w4:e.b4], e.params[e.b4:]
	out := e.out.RawMatrix()
	for k := lo; k < hi; k++ {
		st, keep := e.batch.State[k], e.batch.KeepOf(k)
		base := k * nodes * h
		xw := e.xw[st*nodes*h : (st+1)*nodes*h]
		// Layer 1: h1_i = ReLU(XW_i + Σ_j XW_j + b1); then Y_i = h1_i W2.
		for i := range nodes {
			if !keep[i] {
				continue
			}
			h1 := e.h1[base+i*h : base+(i+1)*h]
			copy(h1, b1)
			addTo(h1, xw[i*h:(i+1)*h])
			for _, j := range e.world.Neighbours(st, i) {
				if keep[j] {
					addTo(h1, xw[int(j)*h:(int(j)+1)*h])
				}
			}
			relu(h1)
			y := e.y[base+i*h : base+(i+1)*h]
			clear(y)
			addVecMat(y, h1, w2, h)
		}
		// Layer 2 and the mean pool.
		g := e.g[k*h : (k+1)*h]
		clear(g)
		nk := 0
		for i := range nodes {
			if !keep[i] {
				continue
			}
			nk++
			h2 := e.h2[base+i*h : base+(i+1)*h]
			copy(h2, b2)
			addTo(h2, e.y[base+i*h:base+(i+1)*h])
			for _, j := range e.world.Neighbours(st, i) {
				if keep[j] {
					addTo(h2, e.y[base+int(j)*h:base+(int(j)+1)*h])
				}
			}
			relu(h2)
			addTo(g, h2)
		}
		e.kept[k] = nk
		inv := 1 / float64(nk)
		for o := range g {
			g[o] *= inv
		}
		// Head.
		a := e.a[k*h : (k+1)*h]
		copy(a, b3)
		addVecMat(a, g, w3, h)
		relu(a)
		z := out.Data[k*out.Stride : k*out.Stride+e.p]
		copy(z, b4)
		addVecMat(z, a, w4, e.p)
	}
}

// Backward adds ∂L/∂params to Grad given gz = ∂L/∂z of the last Forward (B×proj).
// Graphs whose row of gz is zero are skipped (their contribution is exactly zero).
func (e *Encoder) Backward(gz *mat.Dense) {
	if e.batch == nil {
		panic("gin: Backward before Forward")
	}
	nb := e.batch.Len()
	if r, c := gz.Dims(); r != nb || c != e.p {
		panic(fmt.Sprintf("gin: Backward: gz is %d×%d, want %d×%d", r, c, nb, e.p))
	}
	e.gz = gz
	count := chunks.Count(nb, chunkGraphs)
	m := e.world.States()
	for len(e.chunkGrad) < count {
		e.chunkGrad = append(e.chunkGrad, make([]float64, len(e.params)))
		e.chunkD = append(e.chunkD, make([]float64, m*e.nodes*e.h))
		e.chunkTmp = append(e.chunkTmp, make([]float64, 3*e.nodes*e.h+2*e.h))
	}
	chunks.For(count, e.Workers, e.bwBody)
	// Chunk sums in chunk order; then ∂W1 = Σ_c X_cᵀ D_c.
	d := e.chunkD[0]
	for c := 1; c < count; c++ {
		addTo(d, e.chunkD[c])
	}
	for c := range count {
		addTo(e.grad, e.chunkGrad[c])
	}
	gw1 := e.grad[e.w1:e.b1]
	for st := range m {
		x := e.world.Features(st)
		for i := range e.nodes {
			di := d[(st*e.nodes+i)*e.h : (st*e.nodes+i+1)*e.h]
			xi := x[i*e.f : (i+1)*e.f]
			for r, xv := range xi {
				if xv != 0 {
					axpy(gw1[r*e.h:(r+1)*e.h], xv, di)
				}
			}
		}
	}
}

func (e *Encoder) backwardChunk(c int) {
	lo, hi := chunks.Range(c, e.batch.Len(), chunkGraphs)
	h, nodes, p := e.h, e.nodes, e.p
	gr, dst := e.chunkGrad[c], e.chunkD[c]
	clear(gr)
	clear(dst)
	tmp := e.chunkTmp[c]
	// Full slice expressions: each buffer's capacity ends where the next begins.
	nh := nodes * h
	d2, dy, d1 := tmp[:nh:nh], tmp[nh:2*nh:2*nh], tmp[2*nh:3*nh:3*nh]
	da, dg := tmp[3*nh:3*nh+h:3*nh+h], tmp[3*nh+h:]
	w2, w3, w4 := e.params[e.w2:e.b2], e.params[e.w3:e.b3], e.params[e.w4:e.b4]
	gb1, gw2, gb2 := gr[e.b1:e.w2], gr[e.w2:e.b2], gr[e.b2:e.w3]
	gw3, gb3, gw4, gb4 := gr[e.w3:e.b3], gr[e.b3:e.w4], gr[e.w4:e.b4], gr[e.b4:]
	graw := e.gz.RawMatrix()
	for k := lo; k < hi; k++ {
		dz := graw.Data[k*graw.Stride : k*graw.Stride+p]
		if allZero(dz) {
			continue
		}
		st, keep := e.batch.State[k], e.batch.KeepOf(k)
		base := k * nodes * h
		a, g := e.a[k*h:(k+1)*h], e.g[k*h:(k+1)*h]
		// Head.
		outer(gw4, a, dz)
		addTo(gb4, dz)
		matVecT(da, w4, dz)
		reluBack(da, a)
		outer(gw3, g, da)
		addTo(gb3, da)
		matVecT(dg, w3, da)
		// Pool and layer 2: δ2_i = (δg/|K|)·1[h2_i>0].
		inv := 1 / float64(e.kept[k])
		for i := range nodes {
			if !keep[i] {
				continue
			}
			di := d2[i*h : (i+1)*h]
			h2 := e.h2[base+i*h : base+(i+1)*h]
			for o := range di {
				if h2[o] > 0 {
					di[o] = dg[o] * inv
				} else {
					di[o] = 0
				}
			}
			addTo(gb2, di)
		}
		// δY_i = δ2_i + Σ_j δ2_j; ∂W2 += h1_iᵀ δY_i; δ1_i = (δY_i W2ᵀ)·1[h1_i>0].
		for i := range nodes {
			if !keep[i] {
				continue
			}
			yi := dy[i*h : (i+1)*h]
			copy(yi, d2[i*h:(i+1)*h])
			for _, j := range e.world.Neighbours(st, i) {
				if keep[j] {
					addTo(yi, d2[int(j)*h:(int(j)+1)*h])
				}
			}
			h1 := e.h1[base+i*h : base+(i+1)*h]
			outer(gw2, h1, yi)
			di := d1[i*h : (i+1)*h]
			matVecT(di, w2, yi)
			reluBack(di, h1)
			addTo(gb1, di)
		}
		// D_st[i] += δ1_i + Σ_j δ1_j.
		ds := dst[st*nodes*h : (st+1)*nodes*h]
		for i := range nodes {
			if !keep[i] {
				continue
			}
			row := ds[i*h : (i+1)*h]
			addTo(row, d1[i*h:(i+1)*h])
			for _, j := range e.world.Neighbours(st, i) {
				if keep[j] {
					addTo(row, d1[int(j)*h:(int(j)+1)*h])
				}
			}
		}
	}
}
