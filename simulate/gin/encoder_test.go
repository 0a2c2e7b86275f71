package gin

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/simulate/graph"
)

func world(t testing.TB, cfg graph.Config, seed uint64) *graph.World {
	t.Helper()
	w, err := graph.New(feature.Toy(), cfg, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func smallCfg() graph.Config {
	return graph.Config{Nodes: 7, EdgeProb: 0.4, FeatDim: 3, MaxMaskRate: 0.5, Sources: 40, TrainSize: 20}
}

// batchOf returns sources followed by one view of each training source.
func batchOf(w *graph.World, n int, seed uint64) *graph.Batch {
	var b, v graph.Batch
	w.SourcesTo(&b, w.Train()[:n])
	w.ViewsTo(&v, w.Train()[:n], rand.New(rand.NewPCG(seed, 2)))
	b.Append(&v)
	return &b
}

// naiveForward is the PyTorch formula of graph_toy.py, written independently: dense
// adjacency of the kept nodes, (x + A x) W1 + b1, ReLU, (h + A h) W2 + b2, ReLU, mean
// over kept nodes, head. Weights from the flat layout of the package documentation.
func naiveForward(e *Encoder, b *graph.Batch) *mat.Dense {
	n, f, h, p := e.nodes, e.f, e.h, e.p
	lin := func(x *mat.Dense, w, bias []float64, in, out int, act bool) *mat.Dense {
		r, _ := x.Dims()
		var y mat.Dense
		y.Mul(x, mat.NewDense(in, out, append([]float64(nil), w...)))
		for i := range r {
			for o := range out {
				v := y.At(i, o) + bias[o]
				if act && v < 0 {
					v = 0
				}
				y.Set(i, o, v)
			}
		}
		return &y
	}
	P := e.params
	z := mat.NewDense(b.Len(), p, nil)
	for k := range b.Len() {
		st, keep := b.State[k], b.KeepOf(k)
		adj := mat.NewDense(n, n, nil)
		x := mat.NewDense(n, f, nil)
		for i := range n {
			if !keep[i] {
				continue
			}
			for c := range f {
				x.Set(i, c, e.world.Features(st)[i*f+c])
			}
			for _, j := range e.world.Neighbours(st, i) {
				if keep[j] {
					adj.Set(i, int(j), 1)
				}
			}
		}
		var ax mat.Dense
		ax.Mul(adj, x)
		ax.Add(&ax, x)
		h1 := lin(&ax, P[e.w1:e.b1], P[e.b1:e.w2], f, h, true)
		var ah mat.Dense
		ah.Mul(adj, h1)
		ah.Add(&ah, h1)
		h2 := lin(&ah, P[e.w2:e.b2], P[e.b2:e.w3], h, h, true)
		g := mat.NewDense(1, h, nil)
		cnt := 0.0
		for i := range n {
			if keep[i] {
				cnt++
				for o := range h {
					g.Set(0, o, g.At(0, o)+h2.At(i, o))
				}
			}
		}
		g.Scale(1/cnt, g)
		a := lin(g, P[e.w3:e.b3], P[e.b3:e.w4], h, h, true)
		zz := lin(a, P[e.w4:e.b4], P[e.b4:], h, p, false)
		z.SetRow(k, zz.RawRowView(0))
	}
	return z
}

func TestForwardMatchesDenseFormula(t *testing.T) {
	for _, cfg := range []graph.Config{smallCfg(), graph.Reference()} {
		w := world(t, cfg, 3)
		e, err := New(w, 5, 4, rand.New(rand.NewPCG(4, 4)))
		if err != nil {
			t.Fatal(err)
		}
		b := batchOf(w, 20, 5)
		var z mat.Dense
		e.Forward(&z, b)
		// Same sums in another order: a few ulp of O(10) activations.
		if want := naiveForward(e, b); !mat.EqualApprox(&z, want, 1e-12) {
			t.Errorf("nodes %d: forward differs from the dense formula:\n%v\nwant\n%v", cfg.Nodes, mat.Formatted(&z), mat.Formatted(want))
		}
	}
}

// lossOf is L = Σ gz ⊙ z, so ∂L/∂z = gz.
func lossOf(e *Encoder, b *graph.Batch, gz *mat.Dense) float64 {
	var z mat.Dense
	e.Forward(&z, b)
	return mat.Sum(elem(&z, gz))
}

func elem(a, b *mat.Dense) *mat.Dense {
	var c mat.Dense
	c.MulElem(a, b)
	return &c
}

func TestBackwardMatchesFiniteDifferences(t *testing.T) {
	w := world(t, smallCfg(), 7)
	e, err := New(w, 6, 4, rand.New(rand.NewPCG(8, 8)))
	if err != nil {
		t.Fatal(err)
	}
	b := batchOf(w, 20, 9)
	rng := rand.New(rand.NewPCG(10, 10))
	gz := mat.NewDense(b.Len(), 4, nil)
	for i := range b.Len() {
		if i%5 == 0 {
			continue // some zero rows: the skipped-graph path
		}
		for j := range 4 {
			gz.Set(i, j, rng.NormFloat64())
		}
	}
	var z mat.Dense
	e.Forward(&z, b)
	e.ZeroGrad()
	e.Backward(gz)
	grad := append([]float64(nil), e.Grad()...)
	const step = 1e-6
	for k := range e.params {
		old := e.params[k]
		e.params[k] = old + step
		up := lossOf(e, b, gz)
		e.params[k] = old - step
		down := lossOf(e, b, gz)
		e.params[k] = old
		fd := (up - down) / (2 * step)
		// Central difference: O(step²·L''') truncation plus 1e-16·|L|/step rounding ≈ 1e-9;
		// ReLU kinks within ±step of a pre-activation would show as O(1) errors.
		if !(math.Abs(fd-grad[k]) <= 1e-6*(1+math.Abs(fd))) {
			t.Errorf("param %d: backprop %v, finite difference %v", k, grad[k], fd)
		}
	}
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	w := world(t, graph.Reference(), 11)
	b := batchOf(w, 300, 12) // 600 graphs: 10 chunks
	run := func(workers int) ([]float64, []float64) {
		e, _ := New(w, 16, 16, rand.New(rand.NewPCG(13, 13)))
		e.Workers = workers
		var z mat.Dense
		e.Forward(&z, b)
		gz := mat.NewDense(b.Len(), 16, nil)
		gz.Apply(func(i, j int, v float64) float64 { return math.Sin(float64(3*i + j)) }, gz)
		e.Backward(gz)
		return z.RawMatrix().Data, append([]float64(nil), e.Grad()...)
	}
	z1, g1 := run(1)
	for _, k := range []int{2, 3, 7} {
		zk, gk := run(k)
		for i := range z1 {
			if z1[i] != zk[i] {
				t.Fatalf("workers %d: embedding %d differs: %v vs %v", k, i, zk[i], z1[i])
			}
		}
		for i := range g1 {
			if g1[i] != gk[i] {
				t.Fatalf("workers %d: gradient %d differs: %v vs %v", k, i, gk[i], g1[i])
			}
		}
	}
}

func TestPyTorchDefaultInit(t *testing.T) {
	// nn.Linear: W, b ~ U(−1/√fan_in, 1/√fan_in): second moment 1/(3 fan_in). Fan-ins
	// of the reference: 8, 16, 16, 16.
	w := world(t, graph.Reference(), 1)
	var sum2 [4]float64
	var cnt [4]float64
	for s := range uint64(40) {
		e, _ := New(w, 16, 16, rand.New(rand.NewPCG(s, 77)))
		bounds := [][2]int{{e.w1, e.w2}, {e.w2, e.w3}, {e.w3, e.w4}, {e.w4, len(e.params)}}
		fans := []float64{8, 16, 16, 16}
		for l, r := range bounds {
			for _, v := range e.params[r[0]:r[1]] {
				if !(math.Abs(v) < 1/math.Sqrt(fans[l])) {
					t.Fatalf("layer %d: parameter %v outside ±1/√%v", l, v, fans[l])
				}
				sum2[l] += v * v
				cnt[l]++
			}
		}
	}
	for l, fan := range []float64{8, 16, 16, 16} {
		want := 1 / (3 * fan)
		// Var(v²) for v ~ U(−c, c) is 4c⁴/45; 5 standard errors of the mean.
		c2 := 1 / fan
		se := math.Sqrt(4 * c2 * c2 / 45 / cnt[l])
		if got := sum2[l] / cnt[l]; !(math.Abs(got-want) <= 5*se) {
			t.Errorf("layer %d: mean square %v, want %v ± 5·%v", l, got, want, se)
		}
	}
	if n := len(e16(t, w).Params()); n != 8*16+16+3*(16*16+16) {
		t.Errorf("%d parameters, want 960", n)
	}
}

func e16(t *testing.T, w *graph.World) *Encoder {
	e, err := New(w, 16, 16, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestStepAllocationFree(t *testing.T) {
	w := world(t, graph.Reference(), 2)
	e := e16(t, w)
	b := batchOf(w, 200, 3)
	var z mat.Dense
	gz := mat.NewDense(b.Len(), 16, nil)
	gz.Apply(func(i, j int, v float64) float64 { return float64(i-j) / 100 }, gz)
	step := func() { e.Forward(&z, b); e.ZeroGrad(); e.Backward(gz) }
	step()
	if a := testing.AllocsPerRun(3, step); a != 0 {
		t.Errorf("forward+backward allocates %v times after warm-up", a)
	}
}

func TestBadArguments(t *testing.T) {
	w := world(t, smallCfg(), 1)
	if _, err := New(w, 0, 4, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("hidden 0 accepted")
	}
	if _, err := New(w, 4, 0, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("proj 0 accepted")
	}
	if _, err := New(nil, 4, 4, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("nil world accepted")
	}
}

func TestShapePanics(t *testing.T) {
	w := world(t, smallCfg(), 1)
	e, _ := New(w, 4, 3, rand.New(rand.NewPCG(1, 1)))
	b := batchOf(w, 4, 2)
	testutil.MustPanic(t, "Backward before Forward", "before Forward", func() { e.Backward(mat.NewDense(8, 3, nil)) })
	var z mat.Dense
	e.Forward(&z, b)
	testutil.MustPanic(t, "gz with wrong columns", "gz is 8×2", func() { e.Backward(mat.NewDense(8, 2, nil)) })
	testutil.MustPanic(t, "gz with wrong rows", "gz is 7×3", func() { e.Backward(mat.NewDense(7, 3, nil)) })
	testutil.MustPanic(t, "dst with wrong columns", "dst is 8×2", func() { e.Forward(mat.NewDense(8, 2, nil), b) })
	other := world(t, graph.Reference(), 1)
	var ob graph.Batch
	other.SourcesTo(&ob, other.Train()[:2])
	testutil.MustPanic(t, "batch of other graphs", "20-node graphs", func() { e.Forward(&z, &ob) })
	if e.OutDim() != 3 {
		t.Errorf("OutDim %d", e.OutDim())
	}
}
