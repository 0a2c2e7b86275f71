package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkMLPForwardBackward times one Forward and one Backward of the reference
// encoder 8→16→16→16 on 2000 rows (both views of N = 1000 stacked, docs/design.md).
func BenchmarkMLPForwardBackward(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			m, err := NewMLP([]int{8, 16, 16, 16}, rng)
			if err != nil {
				b.Fatal(err)
			}
			m.Workers = workers
			x := randDense(rng, 2000, 8)
			gz := randDense(rng, 2000, 16)
			z := mat.NewDense(2000, 16, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				m.ZeroGrad()
				m.Forward(z, nil, x)
				m.Backward(gz)
			}
		})
	}
}

func randDense(rng *rand.Rand, r, c int) *mat.Dense {
	d := make([]float64, r*c)
	for i := range d {
		d[i] = rng.NormFloat64()
	}
	return mat.NewDense(r, c, d)
}
