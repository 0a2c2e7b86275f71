package enumerate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
	"gonum.org/v1/gonum/mat"
)

// u is the unit roundoff 2⁻⁵³.
const u = unitRoundoff

// testSpace is a named feature space for table tests.
type testSpace struct {
	name  string
	space *feature.Space
}

func mustSpace(t testing.TB, pi []float64, rows [][]float64) *feature.Space {
	t.Helper()
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// randomSpace draws π ~ Dirichlet(2·1) and a Dirichlet(kappa) TPM from PCG(seed, 0).
func randomSpace(t testing.TB, m int, kappa float64, seed uint64) *feature.Space {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	pi, err := markov.RandomDist(m, 2, rng)
	if err != nil {
		t.Fatal(err)
	}
	a, err := markov.RandomDirichlet(m, kappa, rng)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(pi.Values(nil), a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// two is an m = 2 space with ρ within 0.4 of 1.
func two(t testing.TB) *feature.Space {
	return mustSpace(t, []float64{0.6, 0.4}, [][]float64{{0.8, 0.2}, {0.3, 0.7}})
}

// sharp is an m = 3 space with strongly informative augmentations (ρ up to ≈ 2.6).
func sharp(t testing.TB) *feature.Space {
	return mustSpace(t, []float64{0.5, 0.3, 0.2}, [][]float64{{0.9, 0.05, 0.05}, {0.1, 0.8, 0.1}, {0.05, 0.15, 0.8}})
}

// spaces returns the spaces the claims are checked on: m = 2, 3 (toy and sharp), 4.
func spaces(t testing.TB) []testSpace {
	return []testSpace{
		{"m=2", two(t)},
		{"toy", feature.Toy()},
		{"sharp", sharp(t)},
		{"m=4 dirichlet", randomSpace(t, 4, 1, 7)},
	}
}

// randomLogits returns m×m standard normal logits from PCG(seed, 1).
func randomLogits(m int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			s.Set(i, j, rng.NormFloat64())
		}
	}
	return s
}

// logRhoPlus returns log ρ_ij + shift[i] + global.
func logRhoPlus(s *feature.Space, shift []float64, global float64) *mat.Dense {
	l := logDensityRatio(s)
	m := s.Len()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			l.Set(i, j, l.At(i, j)+shift[i]+global)
		}
	}
	return l
}

func matMaxAbs(a mat.Matrix) float64 {
	r, c := a.Dims()
	var mx float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			mx = math.Max(mx, math.Abs(a.At(i, j)))
		}
	}
	return mx
}

func mustExact(t testing.TB, s *feature.Space, n int) *Exact {
	t.Helper()
	e, err := New(s, n)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
