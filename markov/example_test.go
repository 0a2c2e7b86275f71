package markov_test

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/markov"
)

func ExampleNew() {
	_, err := markov.New([][]float64{{0.5, 0.5}, {0.7, 0.4}})
	fmt.Println(err)
	a, _ := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	fmt.Println(a.Len(), a.At(1, 2))
	// Output:
	// markov: row 1 sums to 1.1, want 1 (within 1e-09)
	// 3 0.3
}
