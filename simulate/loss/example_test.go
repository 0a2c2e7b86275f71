package loss_test

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"gonum.org/v1/gonum/mat"
)

func Example() {
	// Two sources, each seen in two views (rows of z1 and z2), τ = 1.
	z1 := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	z2 := mat.NewDense(2, 2, []float64{2, 0, 0, 3}) // same directions, other lengths
	l, err := loss.New("infonce", loss.Params{Tau: 1})
	if err != nil {
		panic(err)
	}
	g1, g2 := mat.NewDense(2, 2, nil), mat.NewDense(2, 2, nil)
	v := l.Eval(z1, z2, g1, g2)
	// Each anchor's logits are (1, 0) with the positive first: ℓ = log(1 + e⁻¹).
	fmt.Printf("loss %.6f\n", v)

	// The same through the logit form, and the positive-pair probabilities.
	s := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	fmt.Printf("logit loss %.6f\n", l.(loss.LogitLoss).EvalLogits(s, nil))
	p := make([]float64, 2)
	loss.PositiveProb(p, s, false)
	fmt.Printf("P_aa %.6f %.6f\n", p[0], p[1])
	// Output:
	// loss 0.313262
	// logit loss 0.313262
	// P_aa 0.731059 0.731059
}
