package optimum

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Defaults applied to zero fields of Options.
const (
	// DefaultRestarts is the number of random starts when Options.Restarts is 0.
	DefaultRestarts = 4
	// DefaultMaxIter is the budget of L-BFGS major iterations per restart when
	// Options.MaxIter is 0. On the toy a restart converges in under 50.
	DefaultMaxIter = 1000
	// DefaultGradTol is the gradient tolerance when Options.GradTol is 0. The gradient
	// is measured per unit of logit (τ·∇_u, see Options.GradTol), whose entries are sums
	// of m terms (∂L/∂s_ij + ∂L/∂s_ji)u_j of size ≲ 2q_i, so its rounding floor is about
	// m·ε·max q ≈ 1e-16 (measured on the toy: 1e-17 to 1e-16). 1e-10 sits six orders
	// above that floor and, the logit curvature being ≳ 1e-3 on the toy, fixes the
	// optimal logits, hence the relative probabilities, to ≈ 1e-7, far below the
	// percent-level gaps this package measures. (An L-BFGS line search alone stalls
	// near 1e-8 to 1e-9, where objective decreases ‖g‖²/λ fall below the rounding of
	// L ≈ log(N−1); a gradient-only polish takes it the rest of the way.)
	DefaultGradTol = 1e-10
	// DefaultMaxPolish is the bound on the final polish's Barzilai–Borwein steps when
	// Options.MaxPolish is 0: near a nondegenerate minimiser each step divides the
	// gradient by a roughly constant factor, so a few dozen steps take it from the
	// line-search floor to the rounding floor.
	DefaultMaxPolish = 100
)

// Options configures a search for the unit-embedding optimum.
type Options struct {
	// Dim is the embedding dimension d ≥ 1; 0 means d = m, the smallest d for which
	// every positive semi-definite unit-diagonal Gram matrix is realisable.
	Dim int
	// Tau is the temperature τ > 0 of the logits s_ij = cos(u_i, u_j)/τ.
	Tau float64
	// N is the batch size (sources per batch), N ≥ 2.
	N int
	// Restarts is the number of random starts ≥ 1 (0: DefaultRestarts); the best
	// converged one is kept.
	Restarts int
	// Seed seeds the starts: restart r draws from PCG(Seed, r).
	Seed uint64
	// MaxIter bounds the L-BFGS major iterations of each restart (0: DefaultMaxIter);
	// a final gradient-only polish adds at most MaxPolish steps.
	MaxIter int
	// MaxPolish bounds the steps of that polish (0: DefaultMaxPolish). Short budgets
	// (MaxIter and MaxPolish of a few steps) bound the cost of a search at large m,
	// where each step evaluates m² logits, at the price of convergence.
	MaxPolish int
	// GradTol is the convergence tolerance on the largest entry of τ·∇_u f, the
	// Riemannian gradient of the objective f on the product of unit spheres measured per
	// unit of logit, Σ_j (∂f/∂s_ij + ∂f/∂s_ji) u_j projected on u_i^⊥, which does not
	// scale with τ (0: DefaultGradTol).
	GradTol float64
}

// resolve validates o for a space of m states and fills its defaults.
func (o Options) resolve(m int) (Options, error) {
	if o.Dim < 0 {
		return o, fmt.Errorf("optimum: embedding dimension Dim = %d: need Dim ≥ 1 (or 0 for Dim = m = %d)", o.Dim, m)
	}
	if o.Dim == 0 {
		o.Dim = m
	}
	if !(o.Tau > 0) || math.IsInf(o.Tau, 1) {
		return o, fmt.Errorf("optimum: temperature τ = %v: need a finite τ > 0", o.Tau)
	}
	if err := feature.CheckBatchSize(o.N); err != nil {
		return o, fmt.Errorf("optimum: %w", err)
	}
	if o.Restarts < 0 {
		return o, fmt.Errorf("optimum: Restarts = %d: need Restarts ≥ 1 (or 0 for %d)", o.Restarts, DefaultRestarts)
	}
	if o.Restarts == 0 {
		o.Restarts = DefaultRestarts
	}
	if o.MaxIter < 0 {
		return o, fmt.Errorf("optimum: MaxIter = %d: need MaxIter ≥ 1 (or 0 for %d)", o.MaxIter, DefaultMaxIter)
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.MaxPolish < 0 {
		return o, fmt.Errorf("optimum: MaxPolish = %d: need MaxPolish ≥ 1 (or 0 for %d)", o.MaxPolish, DefaultMaxPolish)
	}
	if o.MaxPolish == 0 {
		o.MaxPolish = DefaultMaxPolish
	}
	if !(o.GradTol >= 0) || math.IsInf(o.GradTol, 1) {
		return o, fmt.Errorf("optimum: gradient tolerance GradTol = %v: need a finite GradTol > 0 (or 0 for %g)", o.GradTol, DefaultGradTol)
	}
	if o.GradTol == 0 {
		o.GradTol = DefaultGradTol
	}
	return o, nil
}
