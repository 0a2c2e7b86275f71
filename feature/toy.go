package feature

import "github.com/infonce-lab/infonce-lab/markov"

// ToyBatchSize is the batch size N = 1000 of the paper's toy experiment (docs/theory.md §7).
const ToyBatchSize = 1000

// Toy returns the paper's synthetic experiment (docs/theory.md §7), the lab's embedded
// default: m = 3, π uniform, A = [[.5 .3 .2] [.2 .5 .3] [.2 .3 .5]].
func Toy() *Space {
	a, err := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	if err != nil {
		panic(err) // a constant; cannot fail
	}
	s, err := NewSpace([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, a)
	if err != nil {
		panic(err)
	}
	return s
}
