package feature

import (
	"fmt"
	"math"
	"syscall"
	"testing"

	"github.com/infonce-lab/infonce-lab/markov"
)

// hashSpace builds the peer's hash-graph space (uniform π) outside the timed region.
func hashSpace(b *testing.B, m int) (*markov.SparseTPM, []float64) {
	b.Helper()
	a, err := markov.HashGraph(m)
	if err != nil {
		b.Fatal(err)
	}
	return a, uniform(m)
}

// BenchmarkSparseBuild times q, c1, T1 (N = 1000) and the normalised operator for the
// hash graph, the peer's sec_build (notebooks/graph/README.md).
func BenchmarkSparseBuild(b *testing.B) {
	for _, m := range []int{20011, 200003} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			a, pi := hashSpace(b, m)
			b.ReportAllocs()
			cpu0 := processCPUSeconds()
			for b.Loop() {
				s, err := NewSparseSpace(pi, a)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.InfoNCETarget(1000)
				_ = s.normalizedOp(sparseWorkers())
			}
			b.ReportMetric((processCPUSeconds()-cpu0)/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkSpectral times the top-16 eigenpairs of the hash graph at the peer's
// tolerance 1e-10 (sec_eigs).
func BenchmarkSpectral(b *testing.B) {
	for _, m := range []int{20011, 200003} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			a, pi := hashSpace(b, m)
			s, err := NewSparseSpace(pi, a)
			if err != nil {
				b.Fatal(err)
			}
			var st SpectralStats
			cpu0 := processCPUSeconds()
			for b.Loop() {
				_, _, st, err = s.SpectralWith(16, SpectralOptions{Tol: 1e-10})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((processCPUSeconds()-cpu0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(st.MatVecs), "matvecs")
			b.ReportMetric(float64(st.Restarts), "restarts")
		})
	}
}

// processCPUSeconds returns the process's user+system CPU time (getrusage), the
// measure of work that other processes on a shared machine do not dilute.
func processCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)*1e-6
}
