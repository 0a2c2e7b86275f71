package feature_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/blasimpl"
	"github.com/infonce-lab/infonce-lab/markov"
)

var printBackend sync.Once

// BenchmarkTargets times the analytic targets of docs/design.md's speed comparison: per op,
// q = πA and c1 = Aᵀdiag(π)A by SYRK (NewSpace), and T1 for N = 1000 with c2 = q qᵀ
// formed on the fly (InfoNCETarget), for a random π and a Dirichlet(κ=1) TPM built
// outside the timer: the same work as the team's numpy peer, numpy_targets.py (not
// part of this repository). The BLAS backend is printed once as the benchfmt
// configuration line "blas: gonum" or "blas: openblas" (-tags openblas), which
// benchstat reads as a key. Besides ns/op (wall) it reports cpu-ns/op, the process's
// CPU time per op, and faults/op, its page faults per op (benchcpu_unix_test.go). The
// timed ops are those of a warm program (warmUp).
func BenchmarkTargets(b *testing.B) {
	printBackend.Do(func() { fmt.Printf("blas: %s\n", blasimpl.Name()) })
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			src, aug := benchSpace(b, m)
			pi := src.Values(nil)
			op := func() {
				targetsSink.space, targetsSink.t1 = nil, nil
				s, err := feature.NewSpace(pi, aug)
				if err != nil {
					b.Fatal(err)
				}
				targetsSink.space, targetsSink.t1 = s, s.InfoNCETarget(benchBatch)
			}
			warmUp(m, op)
			b.ReportAllocs()
			u0, _ := processUsage()
			for b.Loop() {
				op()
			}
			reportUsage(b, u0)
		})
	}
}

const (
	benchBatch = 1000 // N of numpy_targets.py
	benchKappa = 1.0  // Dirichlet concentration of numpy_targets.py
)

var benchSizes = []int{256, 1024, 2048}

// warmUp runs op untimed until the program is warm: at m = 2048 b.N is 1–3, so
// without it the timed ops would be the process's first, which pay for memory it has
// not touched yet. It starts by returning the heap the testing package's forced garbage
// collection (one before each run) has just freed to the kernel, now and synchronously
// (debug.FreeOSMemory): else Go's background scavenger returns it during the timed loop,
// and the ops that reuse those pages fault them back in (37–125 MiB, 2 100–2 300
// faults/op in a slow run, measured with GODEBUG=gctrace=1,scavtrace=1). The first op
// grows the shared scratch (B, 32 MiB at m = 2048) and starts OpenBLAS's threads and
// buffers. Then, while the Go heap grows to its steady size (about twice the live data),
// each op's fresh matrices are partly pages the kernel must still zero and map, at
// several µs per 4 KiB page on the 2-core VM, tens of ms per op; a page the op leaves
// untouched (the strict lower triangle of c1 and T1) is faulted in by a later op that
// reuses it. Once every page of the heap has been touched, its memory is recycled (Go
// zeroes it, about 1 ms per 8 MiB) and ops take no page faults. warmUp stops after two
// ops in a row that each fault in fewer pages than 1/64 of one m×m matrix, or after 24
// ops (or after one op where faults are not counted).
func warmUp(m int, op func()) {
	debug.FreeOSMemory()
	limit := int64(m * m * 8 / 4096 / 64)
	quiet := 0
	for range 24 {
		u0, ok := processUsage()
		op()
		u1, _ := processUsage()
		if !ok {
			return
		}
		if quiet = quiet + 1; u1.faults-u0.faults >= limit {
			quiet = 0
		}
		if quiet == 2 {
			return
		}
	}
}

// targetsSink holds the last op's Space and T1, so that the work is not optimised away.
// Each op drops the previous result before building the next, as a loop whose body
// declares its space does: the garbage collections inside the loop then find the same
// live heap (the scratch B and at most the space being built), the heap goal stays put
// and the scavenger returns nothing. Holding the previous result through the next
// build instead makes the live heap at a collection depend on where in the op it falls
// (c1 and T1 of one or two ops), the goal moves with it, and each drop of the goal
// returns pages the next ops fault back in: with warmUp as it is, eight runs at
// m = 2048 took 116–136 ms (1.17× spread), with 768 faults/op in every other run,
// against 116–121 ms (1.04×) and at most 10 faults/op when the op drops it.
var targetsSink struct {
	space *feature.Space
	t1    mat.Matrix
}

var benchInputs sync.Map // m → [2]any{*markov.Dist, *markov.TPM}, built once per m

// benchSpace returns the random π and Dirichlet(κ=1) TPM of BenchmarkTargets for m
// states, built once per program (so that -count runs share them, as numpy_targets.py's
// repetitions share theirs).
func benchSpace(b *testing.B, m int) (*markov.Dist, *markov.TPM) {
	if v, ok := benchInputs.Load(m); ok {
		in := v.([2]any)
		return in[0].(*markov.Dist), in[1].(*markov.TPM)
	}
	src, aug := newBenchSpace(b, m)
	benchInputs.Store(m, [2]any{src, aug})
	return src, aug
}

func newBenchSpace(b *testing.B, m int) (*markov.Dist, *markov.TPM) {
	rng := rand.New(rand.NewPCG(7, uint64(m)))
	src, err := markov.RandomDist(m, benchKappa, rng)
	if err != nil {
		b.Fatal(err)
	}
	aug, err := markov.RandomDirichlet(m, benchKappa, rng)
	if err != nil {
		b.Fatal(err)
	}
	return src, aug
}

// BenchmarkFloor times the one O(m³) step of BenchmarkTargets alone: the SYRK
// c1 = BᵀB (B = diag(√π)A, m×m, upper triangle, β = 0) through the same backend
// (blasimpl.SymInner: one Dsyrk with -tags openblas, the tiled pure-Go SYRK otherwise),
// on the same matrix, into storage allocated once and warmed by one untimed call.
// Targets/m=M ÷ Floor/m=M of one run is how far the targets are from the machine's
// floor.
func BenchmarkFloor(b *testing.B) {
	printBackend.Do(func() { fmt.Printf("blas: %s\n", blasimpl.Name()) })
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			src, aug := benchSpace(b, m)
			bm := aug.Dense().RawMatrix()
			for k := 0; k < m; k++ {
				sk := math.Sqrt(src.At(k))
				for i := range m {
					bm.Data[k*bm.Stride+i] *= sk
				}
			}
			c1 := blas64.Symmetric{Uplo: blas.Upper, N: m, Stride: m, Data: make([]float64, m*m)}
			warmUp(m, func() { blasimpl.SymInner(c1, bm) })
			b.ReportAllocs()
			u0, _ := processUsage()
			for b.Loop() {
				blasimpl.SymInner(c1, bm)
			}
			reportUsage(b, u0)
		})
	}
}

// BenchmarkSpaceSet is BenchmarkTargets in the reusing form (Space.Set with one
// SpaceWorkspace, InfoNCETargetTo into one matrix): no allocation in steady state.
func BenchmarkSpaceSet(b *testing.B) {
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			src, aug := benchSpace(b, m)
			var (
				s    feature.Space
				work feature.SpaceWorkspace
				t1   mat.SymDense
			)
			op := func() {
				if err := s.Set(src, aug, &work); err != nil {
					b.Fatal(err)
				}
				s.InfoNCETargetTo(&t1, benchBatch)
			}
			warmUp(m, op) // sizes s, work and t1
			b.ReportAllocs()
			u0, _ := processUsage()
			for b.Loop() {
				op()
			}
			reportUsage(b, u0)
		})
	}
}
