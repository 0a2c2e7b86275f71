package kernels

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkExpSum: one similarity row of the reference step (1000 exponentials).
func BenchmarkExpSum(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	src := make([]float64, 1000)
	for i := range src {
		src[i] = 2*rng.Float64() - 1
	}
	dst := make([]float64, len(src))
	b.Run("vector", func(b *testing.B) {
		for b.Loop() {
			ExpSum(dst, src, 1)
		}
	})
	b.Run("portable", func(b *testing.B) {
		withPortable(func() {
			for b.Loop() {
				ExpSum(dst, src, 1)
			}
		})
	})
}

// BenchmarkKernels: one 4-row block of the reference step (n = 1000, d = 16): each
// kernel performs 4·16·1000 = 64000 multiply–adds.
func BenchmarkKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	const dp, nb = 16, 1000
	a, bt := randSlice(rng, 4*dp), randSlice(rng, dp*nb)
	s, out, w := make([]float64, 4*nb), make([]float64, 4*dp), randSlice(rng, 4*dp)
	gbt := make([]float64, dp*nb)
	b.Run("sim", func(b *testing.B) {
		for b.Loop() {
			simBlock4(s, nb, a, dp, bt, nb, nb)
		}
	})
	b.Run("gradA", func(b *testing.B) {
		for b.Loop() {
			gradA4(out, s, nb, bt, nb, dp, nb)
		}
	})
	b.Run("gradB", func(b *testing.B) {
		for b.Loop() {
			gradB4(gbt, nb, s, nb, w, dp, nb)
		}
	})
}
