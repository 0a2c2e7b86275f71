package blasimpl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestBackendRegistered checks that Name agrees with the implementation blas64 actually
// dispatches to: pure Go gonum.Implementation unless built with -tags openblas.
func TestBackendRegistered(t *testing.T) {
	_, isGonum := blas64.Implementation().(gonum.Implementation)
	got := fmt.Sprintf("%T", blas64.Implementation())
	switch Name() {
	case "gonum":
		if !isGonum {
			t.Errorf("Name() = gonum but blas64 dispatches to %s", got)
		}
	case "openblas":
		if got != "netlib.Implementation" {
			t.Errorf("Name() = openblas but blas64 dispatches to %s", got)
		}
	default:
		t.Errorf("Name() = %q, want gonum or openblas", Name())
	}
}

// randomGeneral returns a rows×cols matrix of standard normal entries with the given
// stride (padding left zero).
func randomGeneral(rng *rand.Rand, rows, cols, stride int) blas64.General {
	g := blas64.General{Rows: rows, Cols: cols, Stride: stride, Data: make([]float64, rows*stride)}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			g.Data[i*stride+j] = rng.NormFloat64()
		}
	}
	return g
}

// naiveDot returns Σ_l a(l) b(l) over l < k by a plain loop, and the tolerance for
// comparing it with any other summation order: any order of k products errs by at most
// about k·ε·Σ|a(l) b(l)| (standard dot-product bound), so two orders differ by at most
// twice that.
func naiveDot(k int, a, b func(l int) float64) (want, tol float64) {
	var abs float64
	for l := 0; l < k; l++ {
		p := a(l) * b(l)
		want += p
		abs += math.Abs(p)
	}
	return want, 2 * float64(k) * 0x1p-52 * abs
}

// TestSymOuterKMatchesNaive checks the active backend's SYRK (the call feature uses for
// c1 = BᵀB) and GEMM against a plain triple loop, on shapes large enough that OpenBLAS
// takes its blocked, threaded paths.
func TestSymOuterKMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		n, k   int
		reason string
	}{
		{n: 1, k: 1, reason: "scalar"},
		{n: 7, k: 3, reason: "small, odd, below any blocking"},
		{n: 300, k: 257, reason: "above OpenBLAS blocking and threading thresholds"},
	} {
		x := mat.NewDense(tc.n, tc.k, randomGeneral(rng, tc.n, tc.k, tc.k).Data)
		var syrk mat.SymDense
		syrk.SymOuterK(1, x) // x xᵀ
		var gemm mat.Dense
		gemm.Mul(x, x.T())
		for i := 0; i < tc.n; i++ {
			for j := 0; j < tc.n; j++ {
				want, tol := naiveDot(tc.k, func(l int) float64 { return x.At(i, l) }, func(l int) float64 { return x.At(j, l) })
				for _, got := range []struct {
					name string
					v    float64
				}{{"SymOuterK", syrk.At(i, j)}, {"Mul", gemm.At(i, j)}} {
					if !scalar.EqualWithinAbs(got.v, want, tol) {
						t.Fatalf("%s (%s) %s on %d×%d: [%d,%d] = %v, naive %v (tol %g)",
							Name(), tc.reason, got.name, tc.n, tc.k, i, j, got.v, want, tol)
					}
				}
			}
		}
	}
}

// TestSymOuterMatchesNaive checks SymOuter (the tiled SYRK in pure Go, Dsyrk with
// OpenBLAS) against a plain triple loop on shapes below, at and above the tile size.
func TestSymOuterMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		n, k   int
		reason string
	}{
		{n: 5, k: 5, reason: "below one tile: plain SymOuterK"},
		{n: tileSize + 1, k: 3, reason: "one full tile and a one-row remainder"},
		{n: 2*tileSize + 37, k: 64, reason: "several tiles, ragged last tile"},
		{n: 2 * tileSize, k: tileSize + 1, reason: "whole tiles only"},
	} {
		x := mat.NewDense(tc.n, tc.k, randomGeneral(rng, tc.n, tc.k, tc.k).Data)
		dst := mat.NewSymDense(tc.n, nil)
		SymOuter(dst, x)
		for i := 0; i < tc.n; i++ {
			for j := 0; j < tc.n; j++ {
				want, tol := naiveDot(tc.k, func(l int) float64 { return x.At(i, l) }, func(l int) float64 { return x.At(j, l) })
				if got := dst.At(i, j); !scalar.EqualWithinAbs(got, want, tol) {
					t.Fatalf("%s: SymOuter [%d,%d] = %v, naive %v", tc.reason, i, j, got, want)
				}
			}
		}
	}
}

// TestSymOuterBits pins which SYRK SymOuter runs, bit for bit, with k = 100 (two
// 64-wide chunks, so the tiled sum's order differs from one serial Dsyrk): with
// OpenBLAS, and in the default build up to one tile (n ≤ tileSize), gonum mat's
// SymOuterK (one Dsyrk); in the default build above one tile, SymInner's tiled SYRK,
// so SymOuter(x) equals SymInner(xᵀ).
func TestSymOuterBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const k = 100
	for _, n := range []int{5, tileSize, tileSize + 1, 2*tileSize + 37} {
		x := mat.NewDense(n, k, randomGeneral(rng, n, k, k).Data)
		got := mat.NewSymDense(n, nil)
		SymOuter(got, x)
		var want mat.SymDense
		source := "SymOuterK"
		if Name() == "openblas" || n <= tileSize {
			want.SymOuterK(1, x)
		} else {
			source = "SymInner of xᵀ"
			want = *mat.NewSymDense(n, nil)
			xt := mat.DenseCopyOf(x.T())
			SymInner(want.RawSymmetric(), xt.RawMatrix())
		}
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				if g, w := got.At(i, j), want.At(i, j); math.Float64bits(g) != math.Float64bits(w) {
					t.Fatalf("%s, n = %d: SymOuter [%d,%d] = %v, %s %v", Name(), n, i, j, g, source, w)
				}
			}
		}
	}
}

// TestSymInnerOneSyrkBits: with OpenBLAS, and in the default build up to one tile (n ≤
// tileSize), SymInner is one blas64.Syrk of the active backend, bit for bit (k = 100:
// two 64-wide chunks, so the tiled sum's order would differ).
func TestSymInnerOneSyrkBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	const k = 100
	for _, n := range []int{5, tileSize, 2*tileSize + 37} {
		if Name() != "openblas" && n > tileSize {
			continue // the tiled SYRK: TestSymOuterBits
		}
		b := randomGeneral(rng, k, n, n)
		got := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
		want := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
		SymInner(got, b)
		blas64.Syrk(blas.Trans, 1, b, 0, want)
		if i := testutil.FirstBitDiff(got.Data, want.Data); i >= 0 {
			t.Fatalf("%s, n = %d: SymInner entry %d = %v, one Syrk %v", Name(), n, i, got.Data[i], want.Data[i])
		}
	}
}

// TestSymInnerSteadyStateAllocs: repeated SymInner calls of one size allocate nothing
// (the transposed copy reuses the cached scratch), as its doc states. The cache is
// emptied first, so that the warm-up call sizes it exactly (other tests leave a larger
// one); each measured run makes two calls, so that a cache reused only every other call
// still shows (AllocsPerRun rounds the average down).
func TestSymInnerSteadyStateAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	const k, n = 70, 2*tileSize + 3
	b := randomGeneral(rng, k, n, n)
	c := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
	SymInner(c, b) // starts the workers
	if !btCache.TryLock() {
		t.Fatal("the scratch cache is still locked after SymInner returned")
	}
	btCache.data = nil
	btCache.Unlock()
	if got := testing.AllocsPerRun(10, func() { SymInner(c, b); SymInner(c, b) }); got != 0 {
		t.Errorf("%s SymInner %d×%d: %v allocations per two calls, want 0", Name(), k, n, got)
	}
}

// TestSymInnerContendedScratch: while another call holds the cached transposed copy (a
// concurrent SymInner), a call uses fresh scratch and gives the same bits.
func TestSymInnerContendedScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const k, n = 30, tileSize + 9
	b := randomGeneral(rng, k, n, n)
	want := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
	SymInner(want, b)
	got := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
	btCache.Lock() // as a concurrent call would
	SymInner(got, b)
	btCache.Unlock()
	if i := testutil.FirstBitDiff(got.Data, want.Data); i >= 0 {
		t.Fatalf("%s: SymInner with the scratch cache busy: entry %d = %v, with it free %v", Name(), i, got.Data[i], want.Data[i])
	}
}

// TestSymInnerMatchesNaive checks SymInner (c = bᵀb, upper) against a plain triple
// loop on shapes below one tile, one past a tile edge, and ragged over several tiles,
// with k ≠ n and padded strides. c starts as NaN everywhere: β = 0 must overwrite the
// upper triangle without reading it, and the strict lower triangle must stay untouched.
func TestSymInnerMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		k, n   int
		reason string
	}{
		{k: 1, n: 1, reason: "scalar"},
		{k: 0, n: 5, reason: "no rows, below one tile: every entry the empty sum 0, written over the NaN (β = 0)"},
		{k: 0, n: tileSize + 1, reason: "no rows: every entry the empty sum 0, written over the NaN (β = 0)"},
		{k: 9, n: 7, reason: "below one tile: one serial Dsyrk"},
		{k: 40, n: tileSize + 1, reason: "one full tile and a one-column remainder"},
		{k: 130, n: 3*tileSize + 17, reason: "several tiles, ragged last tile"},
		{k: 2 * tileSize, n: 2 * tileSize, reason: "whole tiles only, k whole chunks"},
	} {
		b := randomGeneral(rng, tc.k, tc.n, tc.n+3)
		c := blas64.Symmetric{Uplo: blas.Upper, N: tc.n, Stride: tc.n + 2, Data: make([]float64, tc.n*(tc.n+2))}
		for i := range c.Data {
			c.Data[i] = math.NaN()
		}
		SymInner(c, b)
		for i := 0; i < tc.n; i++ {
			for j := 0; j < tc.n; j++ {
				got := c.Data[i*c.Stride+j]
				if j < i {
					if !math.IsNaN(got) {
						t.Fatalf("%s: lower entry [%d,%d] written: %v", tc.reason, i, j, got)
					}
					continue
				}
				want, tol := naiveDot(tc.k, func(l int) float64 { return b.Data[l*b.Stride+i] }, func(l int) float64 { return b.Data[l*b.Stride+j] })
				if !scalar.EqualWithinAbs(got, want, tol) {
					t.Fatalf("%s: %s SymInner [%d,%d] = %v, naive %v (tol %g)", tc.reason, Name(), i, j, got, want, tol)
				}
			}
		}
	}
}

// TestSymInnerWorkerIndependent checks that SymInner's bits do not depend on the
// number of threads Go may use (the pure-Go build's worker count; OpenBLAS keeps its
// own), nor on repetition with the same workers.
func TestSymInnerWorkerIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const k, n = 100, 4*tileSize + 5
	b := blas64.General{Rows: k, Cols: n, Stride: n, Data: make([]float64, k*n)}
	for i := range b.Data {
		b.Data[i] = rng.Float64()
	}
	run := func(procs int) []float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
		SymInner(c, b)
		return c.Data
	}
	want := run(1)
	for _, procs := range []int{2, 3, 8, 2} {
		got := run(procs)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("GOMAXPROCS=%d: entry %d = %v, with 1: %v", procs, i, got[i], want[i])
			}
		}
	}
}

// TestThreadsReadOnly: Threads is min(SetThreads limit, GOMAXPROCS) and reading it
// changes neither (two reads agree, GOMAXPROCS stays as set).
func TestThreadsReadOnly(t *testing.T) {
	if Name() == "openblas" {
		t.Skip("OpenBLAS's thread count does not depend on GOMAXPROCS")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	defer SetThreads(SetThreads(3))
	for read := 1; read <= 2; read++ {
		if got := Threads(); got != 3 {
			t.Errorf("read %d: Threads() = %d with limit 3 and GOMAXPROCS 4, want 3", read, got)
		}
		if got := runtime.GOMAXPROCS(0); got != 4 {
			t.Errorf("read %d: GOMAXPROCS = %d after Threads(), want 4 (unchanged)", read, got)
		}
	}
}

// TestSetThreads checks the thread setting round trip (the value set is the value read
// back, the previous value is returned) and that the SYRK's bits do not depend on it.
func TestSetThreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const k, n = 70, 3*tileSize + 1
	b := blas64.General{Rows: k, Cols: n, Stride: n, Data: make([]float64, k*n)}
	for i := range b.Data {
		b.Data[i] = rng.Float64()
	}
	orig := Threads()
	defer SetThreads(orig)
	var want []float64
	for _, th := range []int{1, 2} {
		if prev := SetThreads(th); th == 1 && prev != orig {
			t.Errorf("SetThreads returned %d, Threads() was %d", prev, orig)
		}
		// The pure-Go limit is capped by GOMAXPROCS; OpenBLAS takes the value as set.
		if got, want := Threads(), min(th, runtime.GOMAXPROCS(0)); got != want && !(Name() == "openblas" && got == th) {
			t.Errorf("after SetThreads(%d): Threads() = %d", th, got)
		}
		c := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: make([]float64, n*n)}
		SymInner(c, b)
		if want == nil {
			want = c.Data
			continue
		}
		for i := range want {
			if math.Float64bits(c.Data[i]) != math.Float64bits(want[i]) {
				t.Fatalf("threads=%d: entry %d = %v, with 1 thread %v", th, i, c.Data[i], want[i])
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("SetThreads(0) did not panic")
		}
	}()
	SetThreads(0)
}
