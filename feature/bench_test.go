package feature_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/blasimpl"
	"github.com/infonce-lab/infonce-lab/markov"
)

var printBackend sync.Once

// BenchmarkTargets times the analytic targets of docs/design.md's speed comparison: per op,
// q = πA, c1 = Aᵀdiag(π)A (SYRK), c2 = qqᵀ (NewSpace) and T1 for N = 1000
// (InfoNCETarget), for a random π and a Dirichlet(κ=1) TPM built outside the timer —
// the same work as the numpy peer numpy_targets.py (docs/design.md §3). The BLAS backend is printed once as
// the benchfmt configuration line "blas: gonum" or "blas: openblas" (-tags openblas),
// which benchstat reads as a key.
func BenchmarkTargets(b *testing.B) {
	const (
		batch = 1000 // N of numpy_targets.py
		kappa = 1.0  // Dirichlet concentration of numpy_targets.py
	)
	printBackend.Do(func() { fmt.Printf("blas: %s\n", blasimpl.Name()) })
	for _, m := range []int{256, 1024, 2048} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, uint64(m)))
			src, err := markov.RandomDist(m, kappa, rng)
			if err != nil {
				b.Fatal(err)
			}
			aug, err := markov.RandomDirichlet(m, kappa, rng)
			if err != nil {
				b.Fatal(err)
			}
			pi := src.Values(nil)
			b.ReportAllocs()
			for b.Loop() {
				s, err := feature.NewSpace(pi, aug)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.InfoNCETarget(batch)
			}
		})
	}
}
