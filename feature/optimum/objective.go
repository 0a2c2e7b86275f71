package optimum

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// logitObjective is a population objective of the m×m state-pair logits s: it returns
// its value and, when grad (prob) is non-nil, writes ∂/∂s (the positive-pair
// probability). InfoNCEPopulationLoss and SCPopulationPotential of package feature,
// with their batch size and parameters bound, have this form.
type logitObjective func(grad, prob *mat.Dense, logits mat.Matrix) float64

// embedding is a logit objective composed with the unit-embedding map
//
//	x ∈ R^{m×d} ↦ u_i = x_i/‖x_i‖ ↦ G = UUᵀ ↦ s = G/τ,
//
// evaluated at the flattened row-major x of length m·d. It is not safe for concurrent
// use (it owns scratch matrices).
type embedding struct {
	m, d int
	tau  float64
	f    logitObjective

	u      *mat.Dense    // m×d unit rows
	norm   []float64     // ‖x_i‖
	logits *mat.SymDense // s = UUᵀ/τ, exactly symmetric (SYRK)
	gs     *mat.Dense    // ∂f/∂s
	gg     *mat.Dense    // ∂f/∂G, symmetrised
	gu     *mat.Dense    // ∂f/∂U
}

func newEmbedding(m, d int, tau float64, f logitObjective) *embedding {
	return &embedding{
		m: m, d: d, tau: tau, f: f,
		u:      mat.NewDense(m, d, nil),
		norm:   make([]float64, m),
		logits: mat.NewSymDense(m, nil),
		gs:     mat.NewDense(m, m, nil),
		gg:     mat.NewDense(m, m, nil),
		gu:     mat.NewDense(m, d, nil),
	}
}

// load sets u_i = x_i/‖x_i‖ and s = UUᵀ/τ.
func (e *embedding) load(x []float64) {
	for i := 0; i < e.m; i++ {
		row := x[i*e.d : (i+1)*e.d]
		r := floats.Norm(row, 2) // scaled, overflow-safe
		e.norm[i] = r
		for k, v := range row {
			e.u.Set(i, k, v/r)
		}
	}
	e.logits.SymOuterK(1/e.tau, e.u)
}

// Func returns f(s(x)).
func (e *embedding) Func(x []float64) float64 {
	e.load(x)
	return e.f(nil, nil, e.logits)
}

// Grad writes ∂f/∂x into grad by the chain rule:
//
//	∂f/∂G_ij = (∂f/∂s_ij)/τ summed over the (i,j) and (j,i) uses of G_ij = G_ji,
//	∂f/∂u_i  = Σ_j (g_ij + g_ji)/τ · u_j,
//	∂f/∂x_i  = (I − u_i u_iᵀ) ∂f/∂u_i / ‖x_i‖.
func (e *embedding) Grad(grad, x []float64) {
	e.load(x)
	e.f(e.gs, nil, e.logits)
	e.tangent(grad, true)
}

// tangent writes, row by row into dst (length m·d), the projection (I − u_i u_iᵀ) of
// ∂f/∂u_i onto the tangent space of the sphere at u_i, divided by ‖x_i‖ when scaled
// is true (the gradient in x) and not divided otherwise (the Riemannian gradient on the
// product of spheres). It reads e.gs, which must hold ∂f/∂s at the loaded point.
func (e *embedding) tangent(dst []float64, scaled bool) {
	m := e.m
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			e.gg.Set(i, j, (e.gs.At(i, j)+e.gs.At(j, i))/e.tau)
		}
	}
	e.gu.Mul(e.gg, e.u)
	for i := 0; i < m; i++ {
		g := e.gu.RawRowView(i)
		u := e.u.RawRowView(i)
		dot := 0.0
		for k := range g {
			dot += g[k] * u[k]
		}
		scale := 1.0
		if scaled {
			scale = 1 / e.norm[i]
		}
		for k := range g {
			dst[i*e.d+k] = (g[k] - dot*u[k]) * scale
		}
	}
}

// riemannianGrad writes into dst (length m·d) the Riemannian gradient of f on the
// product of unit spheres at the point x, (I − u_i u_iᵀ) ∂f/∂u_i row by row, and
// returns f there.
func (e *embedding) riemannianGrad(dst, x []float64) float64 {
	e.load(x)
	f := e.f(e.gs, nil, e.logits)
	e.tangent(dst, false)
	return f
}

// riemannianGradNorm returns the largest entry, in absolute value, of τ times the
// Riemannian gradient at x: the gradient measured per unit of logit,
// Σ_j (∂f/∂s_ij + ∂f/∂s_ji) u_j projected on u_i^⊥, whose size at a given Gram matrix
// does not depend on τ.
func (e *embedding) riemannianGradNorm(x []float64) float64 {
	g := make([]float64, e.m*e.d)
	e.riemannianGrad(g, x)
	return e.tau * floats.Norm(g, math.Inf(1))
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
