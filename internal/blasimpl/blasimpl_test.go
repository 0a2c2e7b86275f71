package blasimpl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

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
		{k: 9, n: 7, reason: "below one tile: one serial Dsyrk"},
		{k: 40, n: tileSize + 1, reason: "one full tile and a one-column remainder"},
		{k: 130, n: 3*tileSize + 17, reason: "several tiles, ragged last tile"},
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
