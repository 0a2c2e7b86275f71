package feature

import (
	"fmt"
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
			for b.Loop() {
				s, err := NewSparseSpace(pi, a)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.InfoNCETarget(1000)
				_ = s.normalizedOp(sparseWorkers())
			}
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
			for b.Loop() {
				_, _, st, err = s.SpectralWith(16, SpectralOptions{Tol: 1e-10})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.MatVecs), "matvecs")
			b.ReportMetric(float64(st.Restarts), "restarts")
		})
	}
}
