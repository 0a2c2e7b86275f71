package optimum

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// objective is a level-2 objective f of the unit embeddings u (m×d, one unit row per
// state), through the logits s_ij = u_i·u_j/τ.
type objective interface {
	// eval returns f at u and, when gu is non-nil, writes ∂f/∂u into gu (m×d):
	// ∂f/∂u_i = Σ_j (g_ij + g_ji)/τ · u_j with g = ∂f/∂s.
	eval(gu, u *mat.Dense) float64
	// probTo writes the positive-pair probability at u into dst (m×m) and returns f.
	probTo(dst, u *mat.Dense) float64
}

// embedding is an objective composed with the unit-embedding map
//
//	x ∈ R^{m×d} ↦ u_i = x_i/‖x_i‖ ↦ G = UUᵀ ↦ s = G/τ,
//
// evaluated at the flattened row-major x of length m·d. It is not safe for concurrent
// use (it owns scratch matrices).
type embedding struct {
	m, d int
	tau  float64
	obj  objective
	sup  *feature.Support // c1's support, for Result.SupportProb (nil: not reported)
	lean bool             // no m×m output: Result.Cosine and Result.Prob stay nil

	u    *mat.Dense // m×d unit rows
	norm []float64  // ‖x_i‖
	gu   *mat.Dense // ∂f/∂U
}

func newEmbeddingOf(m, d int, tau float64, obj objective) *embedding {
	return &embedding{m: m, d: d, tau: tau, obj: obj, u: mat.NewDense(m, d, nil), norm: make([]float64, m), gu: mat.NewDense(m, d, nil)}
}

// load sets u_i = x_i/‖x_i‖.
func (e *embedding) load(x []float64) {
	for i := 0; i < e.m; i++ {
		row := x[i*e.d : (i+1)*e.d]
		r := floats.Norm(row, 2) // scaled, overflow-safe
		e.norm[i] = r
		for k, v := range row {
			e.u.Set(i, k, v/r)
		}
	}
}

// Func returns f(s(x)).
func (e *embedding) Func(x []float64) float64 {
	e.load(x)
	return e.obj.eval(nil, e.u)
}

// Grad writes ∂f/∂x into grad by the chain rule:
//
//	∂f/∂G_ij = (∂f/∂s_ij)/τ summed over the (i,j) and (j,i) uses of G_ij = G_ji,
//	∂f/∂u_i  = Σ_j (g_ij + g_ji)/τ · u_j,
//	∂f/∂x_i  = (I − u_i u_iᵀ) ∂f/∂u_i / ‖x_i‖.
func (e *embedding) Grad(grad, x []float64) {
	e.load(x)
	e.obj.eval(e.gu, e.u)
	e.tangent(grad, true)
}

// tangent writes, row by row into dst (length m·d), the projection (I − u_i u_iᵀ) of
// ∂f/∂u_i onto the tangent space of the sphere at u_i, divided by ‖x_i‖ when scaled
// is true (the gradient in x) and not divided otherwise (the Riemannian gradient on the
// product of spheres). It reads e.gu, which must hold ∂f/∂u at the loaded point.
func (e *embedding) tangent(dst []float64, scaled bool) {
	for i := 0; i < e.m; i++ {
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
	f := e.obj.eval(e.gu, e.u)
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
