package optimum_test

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
)

// The toy gap max_ij |P − T1|/T1 at the unit-embedding optimum over d and τ: for d ≥ 3
// = m it is the same at every τ of the grid (the PSD constraint is slack up to
// τ ≈ 6.9); with d = 2 the rank constraint binds and the gap depends on τ.
func ExampleInfoNCE_gapTable() {
	taus := []float64{0.1, 0.25, 0.5, 1, 2, 5, 10}
	fmt.Print("d\\τ")
	for _, tau := range taus {
		fmt.Printf("%8v", tau)
	}
	fmt.Println()
	for _, d := range []int{2, 3, 8} {
		fmt.Printf("%-3d", d)
		for _, tau := range taus {
			r, err := optimum.InfoNCE(feature.Toy(), optimum.Options{Dim: d, Tau: tau, N: feature.ToyBatchSize, Seed: 1})
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("%7.3f%%", 100*r.MaxRelGap)
		}
		fmt.Println()
	}
	// Output:
	// d\τ     0.1    0.25     0.5       1       2       5      10
	// 2    7.698%  7.716%  7.744%  7.793%  7.860%  7.271%  8.296%
	// 3    4.090%  4.090%  4.090%  4.090%  4.090%  4.090%  8.296%
	// 8    4.090%  4.090%  4.090%  4.090%  4.090%  4.090%  8.296%
}
