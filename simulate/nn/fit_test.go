package nn_test

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/nn"
	"github.com/infonce-lab/infonce-lab/simulate/optim"
)

// TestMLPAdamFitsLinearTarget is an end-to-end sanity check of Forward, Backward and
// Adam together: an MLP 4→16→16→3 trained with Adam (lr 1e-2) on the squared error
// to a fixed linear target y = xM + c must cut its loss at least tenfold within 300
// steps (a ReLU net of width ≥ 2·4 can represent the linear map exactly, via
// x = relu(x) − relu(−x), so the target is reachable; the run reaches ~5e-4 of the
// initial loss, so the 10× bar fails only if training is broken).
func TestMLPAdamFitsLinearTarget(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	const rows, steps = 256, 300
	m, err := nn.NewMLP([]int{4, 16, 16, 3}, rng)
	if err != nil {
		t.Fatal(err)
	}
	adam, err := optim.NewAdam(optim.DefaultBeta1, optim.DefaultBeta2, optim.DefaultEps)
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(rows, 4, nil)
	coef := mat.NewDense(4, 3, nil)
	for _, d := range [][]float64{x.RawMatrix().Data, coef.RawMatrix().Data} {
		for i := range d {
			d[i] = rng.NormFloat64()
		}
	}
	y := &mat.Dense{}
	y.Mul(x, coef)
	for i := 0; i < rows; i++ {
		y.Set(i, 0, y.At(i, 0)+1)
	}
	z := &mat.Dense{}
	g := mat.NewDense(rows, 3, nil)
	// loss = mean over the rows·3 entries of (z − y)², ∂loss/∂z = 2(z − y)/(rows·3).
	loss := func() float64 {
		m.Forward(z, nil, x)
		g.Sub(z, y)
		l := mat.Norm(g, 2)
		l = l * l / (rows * 3)
		g.Scale(2.0/(rows*3), g)
		return l
	}
	first := loss()
	for s := 0; s < steps; s++ {
		loss()
		m.ZeroGrad()
		m.Backward(g)
		adam.Step(m.Params(), m.Grad(), 1e-2)
	}
	last := loss()
	if !(last < first/10) {
		t.Errorf("loss %v → %v after %d Adam steps, want a tenfold reduction", first, last, steps)
	}
	t.Logf("loss %.4g → %.4g", first, last)
}
