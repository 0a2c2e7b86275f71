package optimum

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// randomSpace returns a space with a Dirichlet(κ = 1) TPM and source law over m states.
func randomSpace(t *testing.T, m int, rng *rand.Rand) *feature.Space {
	t.Helper()
	a, err := markov.RandomDirichlet(m, 1, rng)
	if err != nil {
		t.Fatal(err)
	}
	p, err := markov.RandomDist(m, 1, rng)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(p.Values(nil), a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestC30_EmbeddingGradient checks the chain rule through u_i = x_i/‖x_i‖ and the
// symmetric use of G = UUᵀ against central finite differences of the objective value,
// at random x (rows of random length, so the 1/‖x_i‖ factor is exercised).
func TestC30_EmbeddingGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(30, 1))
	tests := []struct {
		m, d   int
		tau    float64
		n      int
		sc     bool
		alpha  float64
		beta   float64
		reason string
	}{
		{3, 3, 1, 1000, false, 0, 0, "toy size, InfoNCE"},
		{4, 2, 0.5, 16, false, 0, 0, "d < m: rank-constrained Gram matrix"},
		{5, 7, 0.2, 4, false, 0, 0, "d > m, small τ: large logits"},
		{2, 1, 2, 2, false, 0, 0, "d = 1: the gradient is identically 0"},
		{3, 3, 1, 1000, true, 1, 0, "SC on α − β = 1 (DCL)"},
		{4, 3, 0.7, 64, true, 0.5, 0.2, "SC off α − β = 1: no shift invariance"},
		{5, 2, 0.3, 8, true, 2, -0.4, "SC with β < 0, d < m"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("m=%d,d=%d,tau=%v,sc=%t", tc.m, tc.d, tc.tau, tc.sc), func(t *testing.T) {
			s := randomSpace(t, tc.m, rng)
			f := infoNCEObjective(s, tc.n)
			if tc.sc {
				f = scObjective(s, tc.n, tc.alpha, tc.beta)
			}
			e := newEmbedding(tc.m, tc.d, tc.tau, f)
			for trial := 0; trial < 3; trial++ {
				x := make([]float64, tc.m*tc.d)
				for i := range x {
					x[i] = 0.5 + rng.NormFloat64()
				}
				got := make([]float64, len(x))
				e.Grad(got, x)
				want := fd.Gradient(nil, e.Func, x, &fd.Settings{Formula: fd.Central, Step: 1e-5})
				// Central differences with step h: truncation h²/6·|f'''| ≈ 1e-10/τ³ and
				// rounding ε|f|/h ≈ 1e-11·|f| (|f| ≲ 10): 1e-7 covers both with room
				// (τ ≥ 0.2, ‖x_i‖ of order 1).
				const tol = 1e-7
				for i := range got {
					if !scalar.EqualWithinAbsOrRel(got[i], want[i], tol, tol) {
						t.Errorf("%s: trial %d: ∂f/∂x[%d] = %.10g, finite differences %.10g", tc.reason, trial, i, got[i], want[i])
					}
				}
				// On unit rows the x-gradient is the Riemannian gradient (‖x_i‖ = 1).
				u := normalizeRows(x, tc.m, tc.d)
				gx := make([]float64, len(x))
				e.Grad(gx, u)
				gr := make([]float64, len(x))
				e.riemannianGrad(gr, u)
				// Same arithmetic up to a division by ‖x_i‖ = 1 ± ε.
				if !floats.EqualApprox(gx, gr, 1e-12) {
					t.Errorf("%s: Riemannian gradient %v ≠ x-gradient %v on unit rows", tc.reason, gr, gx)
				}
			}
		})
	}
}
