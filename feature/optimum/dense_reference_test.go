package optimum

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// The m×m evaluation of the level-2 objectives: the independent reference against which
// the tests check the row-blocked rowObjective the search uses, and the form of the
// tests' hand-made objectives. It lives with the tests since nothing else calls it.

// logitObjective is a population objective of the m×m state-pair logits s: it returns
// its value and, when grad (prob) is non-nil, writes ∂/∂s (the positive-pair
// probability). InfoNCEPopulationLoss and SCPopulationPotential of package feature,
// with their batch size and parameters bound, have this form.
type logitObjective func(grad, prob *mat.Dense, logits mat.Matrix) float64

// denseObjective evaluates a logitObjective on the full m×m logits (four m×m scratch
// matrices): the reference the row-blocked rowObjective reproduces bit for bit, and the
// form of the hand-made objectives of the tests.
type denseObjective struct {
	tau    float64
	f      logitObjective
	logits *mat.SymDense // s = UUᵀ/τ, exactly symmetric (SYRK)
	gs     *mat.Dense    // ∂f/∂s
	gg     *mat.Dense    // ∂f/∂G, symmetrised
}

func newDenseObjective(m int, tau float64, f logitObjective) *denseObjective {
	return &denseObjective{tau: tau, f: f, logits: mat.NewSymDense(m, nil), gs: mat.NewDense(m, m, nil), gg: mat.NewDense(m, m, nil)}
}

func (o *denseObjective) eval(gu, u *mat.Dense) float64 {
	o.logits.SymOuterK(1/o.tau, u)
	if gu == nil {
		return o.f(nil, nil, o.logits)
	}
	f := o.f(o.gs, nil, o.logits)
	m, _ := u.Dims()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			o.gg.Set(i, j, (o.gs.At(i, j)+o.gs.At(j, i))/o.tau)
		}
	}
	gu.Mul(o.gg, u)
	return f
}

func (o *denseObjective) probTo(dst, u *mat.Dense) float64 {
	o.logits.SymOuterK(1/o.tau, u)
	return o.f(nil, dst, o.logits)
}

// newEmbedding returns the embedding of a dense logit objective.
func newEmbedding(m, d int, tau float64, f logitObjective) *embedding {
	return newEmbeddingOf(m, d, tau, newDenseObjective(m, tau, f))
}

// infoNCEObjective binds the batch size of the population InfoNCE loss.
func infoNCEObjective(s *feature.Space, n int) logitObjective {
	return func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
		return s.InfoNCEPopulationLoss(grad, prob, logits, n)
	}
}

// scObjective binds the batch size and (α, β) of the SC-InfoNCE potential.
func scObjective(s *feature.Space, n int, alpha, beta float64) logitObjective {
	return func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
		return s.SCPopulationPotential(grad, prob, logits, n, alpha, beta)
	}
}
