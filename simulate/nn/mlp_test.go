package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

func TestNewMLPErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		widths []int
		want   string
		reason string
	}{
		{nil, "widths []", "no layers"},
		{[]int{8}, "widths [8]", "an input but no output"},
		{[]int{8, 0, 16}, "width[1] = 0", "an empty hidden layer"},
		{[]int{-1, 4}, "width[0] = -1", "a negative input width"},
		{[]int{4, 4, -7}, "width[2] = -7", "a negative output width"},
	}
	for _, tt := range tests {
		_, err := NewMLP(tt.widths, rng)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewMLP(%v) error = %v, want one naming %q (%s)", tt.widths, err, tt.want, tt.reason)
		}
	}
}

// TestMLPInit checks PyTorch's nn.Linear init: every weight and bias of layer l lies
// strictly inside ±1/√fan_in, and for the 4096 weights of a 64→64 layer the mean of
// p² is a²/3 (a = 1/8) within 4 standard errors (Var(U²) = 4a⁴/45 for U uniform on
// (−a, a)). The same seed gives the same parameters.
func TestMLPInit(t *testing.T) {
	m, err := NewMLP([]int{64, 64, 3}, rand.New(rand.NewPCG(11, 12)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(m.Params()), 64*64+64+64*3+3; got != want {
		t.Fatalf("len(Params) = %d, want %d", got, want)
	}
	for l, fanIn := range []int{64, 64} {
		a := 1 / math.Sqrt(float64(fanIn))
		for _, v := range append(m.Weight(l+1).RawMatrix().Data, m.Bias(l+1)...) {
			if !(math.Abs(v) < a) {
				t.Fatalf("layer %d parameter %v outside ±1/√%d", l+1, v, fanIn)
			}
		}
	}
	const a = 1.0 / 8
	w := m.Weight(1).RawMatrix().Data
	var sq float64
	for _, v := range w {
		sq += v * v
	}
	n := float64(len(w))
	se := math.Sqrt(4*math.Pow(a, 4)/45) / math.Sqrt(n)
	if got := sq / n; !(math.Abs(got-a*a/3) < 4*se) {
		t.Errorf("mean p² of layer 1 = %v, want a²/3 = %v within 4 SE = %v", got, a*a/3, 4*se)
	}
	again, _ := NewMLP([]int{64, 64, 3}, rand.New(rand.NewPCG(11, 12)))
	if !bitsEqual(m.Params(), again.Params()) {
		t.Errorf("the same seed gave different parameters")
	}
}

// referenceForward is an independent naive forward pass from the documented layout
// (W_l in×out row-major, then b_l); it also returns the smallest |pre-activation|
// of the hidden layers.
func referenceForward(widths []int, p []float64, x *mat.Dense) (out *mat.Dense, minPre float64) {
	rows, _ := x.Dims()
	minPre = math.Inf(1)
	h := mat.DenseCopyOf(x)
	off := 0
	for l := 1; l < len(widths); l++ {
		in, o := widths[l-1], widths[l]
		w := p[off : off+in*o]
		b := p[off+in*o : off+in*o+o]
		off += in*o + o
		next := mat.NewDense(rows, o, nil)
		for r := 0; r < rows; r++ {
			for j := 0; j < o; j++ {
				s := b[j]
				for k := 0; k < in; k++ {
					s += h.At(r, k) * w[k*o+j]
				}
				if l < len(widths)-1 {
					minPre = math.Min(minPre, math.Abs(s))
					if s < 0 {
						s = 0
					}
				}
				next.Set(r, j, s)
			}
		}
		h = next
	}
	return h, minPre
}

// TestC30_MLPGradient checks Forward against the naive reference and Backward against
// finite differences of L = Σ W∘out for several shapes: the reference 8→16→16→16,
// widths that exercise every kernel remainder (13 = 8+4+1 outputs, 3 inputs) and a
// single unit, with row counts spanning one, several and partial chunks.
func TestC30_MLPGradient(t *testing.T) {
	tests := []struct {
		widths []int
		rows   int
		reason string
	}{
		{[]int{8, 16, 16, 16}, 300, "reference encoder; 300 rows = 10 chunks of 32, the last partial"},
		{[]int{3, 13, 5, 2}, 70, "8+4+1 and 4+1 output blocks, 3 inputs (backRow remainder), 3 chunks"},
		{[]int{10, 9, 12}, 5, "one short chunk"},
		{[]int{1, 1}, 4, "a single affine unit"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.widths), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(13, uint64(tt.rows)))
			m, err := NewMLP(tt.widths, rng)
			if err != nil {
				t.Fatal(err)
			}
			m.Workers = 2
			x := randDense(rng, tt.rows, tt.widths[0])
			out := &mat.Dense{}
			m.Forward(out, nil, x)
			ref, minPre := referenceForward(tt.widths, m.Params(), x)
			// Same sums in the same order up to the ReLU form: agreement to a few ulps
			// of values of order 1.
			if !mat.EqualApprox(out, ref, 1e-13) {
				t.Fatalf("Forward differs from the naive reference (%s)", tt.reason)
			}
			w := randDense(rng, tt.rows, tt.widths[len(tt.widths)-1])
			m.ZeroGrad()
			m.Backward(w)
			grad := append([]float64(nil), m.Grad()...)
			// Central differences assume L smooth over the stencil: no ReLU may switch
			// between the evaluations. Record the ReLU pattern here and count every
			// evaluation whose pattern differs (then the seed must change, not the code).
			mask := reluPattern(m)
			switched := 0
			checkGradient(t, tt.reason, m.Params(), grad, func() float64 {
				m.Forward(out, nil, x)
				if !equalBools(reluPattern(m), mask) {
					switched++
				}
				return weightedSum(w, out)
			})
			if switched > 0 {
				t.Fatalf("%d finite-difference evaluations crossed a ReLU kink (min |pre-activation| %v): pick another seed", switched, minPre)
			}
			// Accumulation: a second Backward adds the same chunk sums again, so each entry
			// is 2× the single gradient up to re-association rounding: ≤ rows·ε·Σ|terms|
			// ≈ 300·2.2e-16·300 ≈ 2e-11 for entries summing 300 terms of order 1.
			m.ZeroGrad()
			m.Forward(out, nil, x)
			m.Backward(w)
			m.Backward(w)
			for k, v := range m.Grad() {
				if !scalar.EqualWithinAbsOrRel(v, 2*grad[k], 1e-9, 1e-12) {
					t.Fatalf("Grad[%d] after Backward twice = %v, want 2×%v", k, v, grad[k])
				}
			}
		})
	}
}

// reluPattern returns which hidden units of the last Forward were active (> 0).
func reluPattern(m *MLP) []bool {
	var p []bool
	for l := 1; l < len(m.acts); l++ {
		for _, v := range m.acts[l] {
			p = append(p, v > 0)
		}
	}
	return p
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestMLPDeterministicAcrossWorkers: outputs and gradients are bitwise identical for
// any worker count and GOMAXPROCS, on the reference batch of 2000 rows.
func TestMLPDeterministicAcrossWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x := randDense(rng, 2000, 8)
	gz := randDense(rng, 2000, 16)
	run := func(workers, procs int) (out, grad []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := NewMLP([]int{8, 16, 16, 16}, rand.New(rand.NewPCG(23, 24)))
		if err != nil {
			t.Fatal(err)
		}
		m.Workers = workers
		z := mat.NewDense(2000, 16, nil)
		m.Forward(z, nil, x)
		m.Backward(gz)
		return z.RawMatrix().Data, append([]float64(nil), m.Grad()...)
	}
	wantOut, wantGrad := run(1, 1)
	for _, c := range []struct{ workers, procs int }{{2, 2}, {3, 2}, {16, 4}, {64, 8}, {0, 1}, {0, 3}} {
		out, grad := run(c.workers, c.procs)
		if !bitsEqual(out, wantOut) || !bitsEqual(grad, wantGrad) {
			t.Errorf("workers=%d GOMAXPROCS=%d: results differ in bits from workers=1", c.workers, c.procs)
		}
	}
}

func TestMLPStridedViews(t *testing.T) {
	// Forward and Backward accept views (row stride > columns) and give the same bits
	// as contiguous matrices.
	rng := rand.New(rand.NewPCG(31, 32))
	m, _ := NewMLP([]int{3, 5, 4}, rng)
	bigX := randDense(rng, 40, 7)
	x := bigX.Slice(0, 40, 2, 5).(*mat.Dense)
	bigZ := mat.NewDense(40, 9, nil)
	z := bigZ.Slice(0, 40, 1, 5).(*mat.Dense)
	bigG := randDense(rng, 40, 6)
	g := bigG.Slice(0, 40, 2, 6).(*mat.Dense)
	m.Forward(z, nil, x)
	m.Backward(g)
	viewGrad := append([]float64(nil), m.Grad()...)
	m.ZeroGrad()
	zc := &mat.Dense{}
	m.Forward(zc, nil, mat.DenseCopyOf(x))
	m.Backward(mat.DenseCopyOf(g))
	if !mat.Equal(z, zc) || !bitsEqual(viewGrad, m.Grad()) {
		t.Errorf("views and contiguous copies give different results")
	}
	if bigZ.At(0, 0) != 0 || bigZ.At(0, 5) != 0 {
		t.Errorf("Forward wrote outside the dst view")
	}
}

func TestMLPPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m, _ := NewMLP([]int{3, 4, 2}, rng)
	fresh, _ := NewMLP([]int{3, 4, 2}, rng)
	tests := []struct {
		name string
		call func()
	}{
		{"nil x", func() { m.Forward(&mat.Dense{}, nil, nil) }},
		{"x with wrong columns", func() { m.Forward(&mat.Dense{}, nil, mat.NewDense(5, 4, nil)) }},
		{"dst with wrong shape", func() { m.Forward(mat.NewDense(5, 3, nil), nil, mat.NewDense(5, 3, nil)) }},
		{"nil dst", func() { m.Forward(nil, nil, mat.NewDense(5, 3, nil)) }},
		{"Backward before Forward", func() { fresh.Backward(mat.NewDense(5, 2, nil)) }},
		{"Backward with wrong rows", func() {
			m.Forward(&mat.Dense{}, nil, mat.NewDense(5, 3, nil))
			m.Backward(mat.NewDense(4, 2, nil))
		}},
	}
	for _, tt := range tests {
		mustPanic(t, tt.name, tt.call)
	}
}

// TestZeroAllocs: after a first call with the largest batch, Forward, Backward,
// ZeroGrad, LogitsTo and BackwardLogits allocate nothing (the MLP also with
// several workers).
func TestZeroAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	mlp, _ := NewMLP([]int{8, 16, 16, 16}, rng)
	x := randDense(rng, 500, 8)
	gz := randDense(rng, 500, 16)
	z := mat.NewDense(500, 16, nil)
	emb, _ := NewEmbedding(3, 16, rng)
	states := make([]int, 500)
	for i := range states {
		states[i] = i % 3
	}
	fl, _ := NewFreeLogits(3, 0)
	s := mat.NewDense(500, 500, nil)
	gs := randDense(rng, 500, 500)
	small := x.Slice(0, 100, 0, 8).(*mat.Dense)
	smallZ := mat.NewDense(100, 16, nil)
	smallG := gz.Slice(0, 100, 0, 16).(*mat.Dense)
	tests := []struct {
		name string
		f    func()
	}{
		{"MLP workers=1", func() { mlp.Workers = 1; mlp.ZeroGrad(); mlp.Forward(z, nil, x); mlp.Backward(gz) }},
		{"MLP workers=4", func() { mlp.Workers = 4; mlp.ZeroGrad(); mlp.Forward(z, nil, x); mlp.Backward(gz) }},
		{"MLP smaller batch", func() { mlp.Forward(smallZ, nil, small); mlp.Backward(smallG) }},
		{"Embedding", func() { emb.ZeroGrad(); emb.Forward(z, states, nil); emb.Backward(gz) }},
		{"FreeLogits", func() { fl.ZeroGrad(); fl.LogitsTo(s, states, states); fl.BackwardLogits(gs, states, states) }},
	}
	for _, tt := range tests {
		tt.f() // grow the buffers
		if got := testing.AllocsPerRun(5, tt.f); got != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tt.name, got)
		}
	}
}

// TestMLPInputCopied: Backward uses the copy of x taken by
// Forward, so mutating x in between does not change the gradient.
func TestMLPInputCopied(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	m, _ := NewMLP([]int{4, 6, 3}, rng)
	x := randDense(rng, 20, 4)
	g := randDense(rng, 20, 3)
	z := &mat.Dense{}
	m.Forward(z, nil, x)
	m.Backward(g)
	want := append([]float64(nil), m.Grad()...)
	m.ZeroGrad()
	xm := mat.DenseCopyOf(x)
	m.Forward(z, nil, xm)
	xm.Scale(3, xm)
	m.Backward(g)
	for k := range want {
		if !scalar.EqualWithinAbsOrRel(m.Grad()[k], want[k], 0, 0) {
			t.Fatalf("Grad[%d] = %v after mutating x, want %v", k, m.Grad()[k], want[k])
		}
	}
}
