package optimum

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// polish refines a point x (unit rows) near a minimiser with Riemannian
// Barzilai–Borwein steps (Wen & Yin, Math. Program. 142, 2013, without their
// non-monotone line search):
//
//	u ← normalise(u − α g),  α = ⟨Δu, Δu⟩ / ⟨Δu, Δg⟩,
//
// g the Riemannian gradient. It uses only gradients, so it converges below the floor
// where a line search can no longer tell function values apart (a decrease of
// ‖g‖²/(2λ) below the rounding of f). It stops once τ‖g‖∞ ≤ tol, after maxSteps
// steps, or when the step becomes invalid, and returns the visited point of smallest
// gradient whose objective is within rounding of f(x), its objective, τ‖g‖∞ and the
// number of steps taken (at most maxSteps).
func (e *embedding) polish(x []float64, tol float64, maxSteps int) (best []float64, fbest, gbest float64, steps int) {
	n := len(x)
	cur := append([]float64(nil), x...)
	g := make([]float64, n)
	f0 := e.riemannianGrad(g, cur)
	best, fbest, gbest = x, f0, e.tau*floats.Norm(g, math.Inf(1)) // x is never written
	// The first step moves every coordinate by at most 1e-6: small enough to stay in
	// the quadratic basin, large enough that the gradient change (≈ λ·1e-6) is far above
	// its rounding (≈ 1e-16), so the first BB ratio is accurate.
	alpha := 1e-6 / floats.Norm(g, math.Inf(1))
	next := make([]float64, n)
	gnext := make([]float64, n)
	ds := make([]float64, n)
	dg := make([]float64, n)
	for ; steps < maxSteps && gbest > tol; steps++ {
		if !(alpha > 0) || math.IsInf(alpha, 1) {
			break
		}
		floats.AddScaledTo(next, cur, -alpha, g)
		next = normalizeRows(next, e.m, e.d)
		f := e.riemannianGrad(gnext, next)
		gn := e.tau * floats.Norm(gnext, math.Inf(1))
		if math.IsNaN(f) || math.IsNaN(gn) {
			break
		}
		if gn < gbest && f <= f0+roundingSlack(f0) {
			best, fbest, gbest = append([]float64(nil), next...), f, gn
		}
		floats.SubTo(ds, next, cur)
		floats.SubTo(dg, gnext, g)
		alpha = floats.Dot(ds, ds) / floats.Dot(ds, dg)
		cur, next = next, cur
		g, gnext = gnext, g
	}
	return best, fbest, gbest, steps
}
