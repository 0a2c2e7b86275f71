package enumerate_test

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"gonum.org/v1/gonum/mat"
)

// The exactly batch-averaged positive-pair probability at the optimal critic log ρ
// approaches T1 like 1/N on the paper's toy; N·gap tends to max_i Σ_j q_j ρ_ij² − 1.
func ExampleGapTable() {
	toy := feature.Toy()
	for _, r := range enumerate.GapTable(toy, []int{2, 16, 128, 512}) {
		fmt.Printf("N = %3d  gap = %.2e  N·gap = %.4f  pair (%d,%d)\n", r.N, r.Gap, r.NGap, r.Pair.I, r.Pair.J)
	}
	fmt.Printf("limit %.4f\n", enumerate.GapLimit(toy))
	// Output:
	// N =   2  gap = 6.03e-03  N·gap = 0.0121  pair (0,2)
	// N =  16  gap = 1.31e-03  N·gap = 0.0210  pair (0,2)
	// N = 128  gap = 1.72e-04  N·gap = 0.0220  pair (0,2)
	// N = 512  gap = 4.31e-05  N·gap = 0.0221  pair (0,2)
	// limit 0.0221
}

// The exact gradient of the exact expected InfoNCE loss vanishes at log ρ for every N.
func ExampleExactInfoNCE() {
	toy := feature.Toy()
	logRho := mat.NewDense(3, 3, nil)
	logRho.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, toy.DensityRatio())
	grad := mat.NewDense(3, 3, nil)
	for _, n := range []int{2, 8, 64} {
		loss := enumerate.ExactInfoNCE(toy, n, logRho, grad)
		fmt.Printf("N = %2d  E[loss] = %.6f  max|grad| < 1e-14: %v\n", n, loss, mat.Norm(grad, math.Inf(1)) < 1e-14)
	}
	// Output:
	// N =  2  E[loss] = 0.690318  max|grad| < 1e-14: true
	// N =  8  E[loss] = 2.074450  max|grad| < 1e-14: true
	// N = 64  E[loss] = 4.153256  max|grad| < 1e-14: true
}
