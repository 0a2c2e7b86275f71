package optimum

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestSlackLimit checks the bisection against a closed form: for m = 3 and G(1) with
// every off-diagonal cosine g, G(τ) = J + τ(G(1) − J) has off-diagonal c = 1 − τ(1 − g)
// and eigenvalues 1 + 2c and 1 − c (twice), so it leaves the PSD cone when 1 + 2c = 0,
// at τ* = 3 / (2(1 − g)).
func TestSlackLimit(t *testing.T) {
	for _, g := range []float64{0.5, 0.8, -0.2} {
		g1 := mat.NewSymDense(3, []float64{1, g, g, g, 1, g, g, g, 1})
		want := 3 / (2 * (1 - g))
		// Bisection to the float64 resolution of τ; the smallest eigenvalue is computed
		// to ~1e-15, which moves the root by 1e-15 / |dλ/dτ| = 1e-15 / (2(1 − g)).
		if got := SlackLimit(g1); !scalar.EqualWithinRel(got, want, 1e-12) {
			t.Errorf("g = %v: τ* = %v, want %v", g, got, want)
		}
	}
	// A G(1) that is not positive definite (two equal states) has no τ* > 1.
	if got := SlackLimit(mat.NewSymDense(2, []float64{1, 1, 1, 1})); !math.IsNaN(got) {
		t.Errorf("singular G(1): τ* = %v, want NaN", got)
	}
}
