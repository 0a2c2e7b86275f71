package nn_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/nn"
)

// Free logits: the logit of a pair is θ of its two states, and the gradient of θ_ij
// collects the logit gradients of the pairs (i, j) and (j, i).
func ExampleFreeLogits() {
	f, _ := nn.NewFreeLogits(2, 0)
	copy(f.Params(), []float64{1, 2, 3}) // θ_00, θ_01, θ_11
	rows, cols := []int{0, 1}, []int{1, 0}
	s := f.LogitsTo(nil, rows, cols)
	fmt.Println(mat.Formatted(s))
	f.BackwardLogits(mat.NewDense(2, 2, []float64{0.5, 1, 2, 4}), rows, cols)
	fmt.Println(f.Grad()) // θ_00: 1; θ_01: 0.5 + 4 (pairs (0,1) and (1,0)); θ_11: 2
	// Output:
	// ⎡2  1⎤
	// ⎣3  2⎦
	// [1 4.5 2]
}
