package feature_test

import (
	"fmt"
	"math"
	"math/rand/v2"
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
// CPU time per op (benchcpu_unix_test.go).
func BenchmarkTargets(b *testing.B) {
	printBackend.Do(func() { fmt.Printf("blas: %s\n", blasimpl.Name()) })
	for _, m := range benchSizes {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			src, aug := benchSpace(b, m)
			pi := src.Values(nil)
			op := func() {
				s, err := feature.NewSpace(pi, aug)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.InfoNCETarget(benchBatch)
			}
			op() // untimed: grows NewSpace's shared scratch once per program, not per op
			b.ReportAllocs()
			cpu0, _ := processCPU()
			for b.Loop() {
				op()
			}
			reportCPU(b, cpu0)
		})
	}
}

const (
	benchBatch = 1000 // N of numpy_targets.py
	benchKappa = 1.0  // Dirichlet concentration of numpy_targets.py
)

var benchSizes = []int{256, 1024, 2048}

// benchSpace returns the random π and Dirichlet(κ=1) TPM of BenchmarkTargets for m states.
func benchSpace(b *testing.B, m int) (*markov.Dist, *markov.TPM) {
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
// on the same matrix, into storage allocated once. Targets/m=M ÷ Floor/m=M of one run
// is how far the targets are from the machine's floor.
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
			b.ReportAllocs()
			cpu0, _ := processCPU()
			for b.Loop() {
				blasimpl.SymInner(c1, bm)
			}
			reportCPU(b, cpu0)
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
			op() // untimed: sizes s, work and t1; at m = 2048 b.N is 1, so timing it would time only this
			b.ReportAllocs()
			cpu0, _ := processCPU()
			for b.Loop() {
				op()
			}
			reportCPU(b, cpu0)
		})
	}
}
