package loss

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randDense(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	raw := m.RawMatrix()
	for i := range raw.Data {
		raw.Data[i] = rng.NormFloat64()
	}
	return m
}

// BenchmarkEval is the reference loss step of docs/design.md (N = 1000, d = 16, τ = 1):
// value and both gradients.
func BenchmarkEval(b *testing.B) {
	const n, d = 1000, 16
	for _, name := range theoryNames() {
		b.Run(fmt.Sprintf("%s/n=%d,d=%d", name, n, d), func(b *testing.B) {
			l, err := New(name, Params{Tau: 1, Alpha: 1, Beta: 0.1})
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
			g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			b.ReportAllocs()
			for b.Loop() {
				l.Eval(z1, z2, g1, g2)
			}
		})
	}
}
