package enumerate

import (
	"errors"
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// ErrNotConverged is wrapped by the error MinimiseExactInfoNCE returns when the gradient
// tolerance is not reached.
var ErrNotConverged = errors.New("enumerate: not converged")

// MinimiseOptions configures MinimiseExactInfoNCE; zero fields select the defaults.
type MinimiseOptions struct {
	// GradTol is the target max-norm of the exact gradient (default 1e-12; it cannot be
	// met below the rounding floor of GradientRoundingBound·max c1).
	GradTol float64
	// MaxIter bounds the L-BFGS major iterations (default 1000).
	MaxIter int
	// NewtonSteps bounds the Newton polishing steps (default 8).
	NewtonSteps int
}

// Minimum is the result of MinimiseExactInfoNCE.
type Minimum struct {
	Logits      *mat.Dense      // minimiser in the gauge s_i0 = 0 (column 0 is zero)
	Loss        float64         // exact expected loss at Logits
	GradMax     float64         // max |∂E[ℓ]/∂s_ij| at Logits
	Iterations  int             // L-BFGS major iterations
	NewtonSteps int             // Newton steps taken after L-BFGS
	Status      optimize.Status // L-BFGS termination status
}

// MinimiseExactInfoNCE minimises the exact expected InfoNCE loss (Exact.InfoNCE) over
// free state-pair logits for n sources per batch on s, from init (nil: zeros).
//
// Every row of s is shift-invariant, so the gauge s_i0 = 0 is fixed and the m(m−1) other
// logits are free; in this gauge the loss is strictly convex where every c1_ij > 0 (a
// c1-weighted sum of log-sum-exps minus a linear term, whose Hessian is positive
// definite off the row shifts). gonum's L-BFGS does the descent. Near the optimum a line
// search cannot resolve decreases below u·|E[ℓ]| (E[ℓ] ≈ log N), which stalls it at
// gradients of order √u, so a few Newton steps with the Hessian by central differences
// of the exact gradient (gonum diff/fd) polish the result to the rounding floor; a step
// is kept only while it reduces the gradient's max-norm.
//
// It returns an error naming the value for a bad size (CheckSize), a non-finite init
// entry, a pair with c1_ij = 0 (whose optimal logit is −∞), or bad options; and the
// result together with an error wrapping ErrNotConverged if GradMax > GradTol. It panics
// if init is not m×m. By the posterior argument (doc.go), the minimiser is log ρ up to
// row constants for every n ≥ 2.
func MinimiseExactInfoNCE(s *feature.Space, n int, init mat.Matrix, opt MinimiseOptions) (*Minimum, error) {
	m := s.Len()
	if err := CheckSize(m, n); err != nil {
		return nil, err
	}
	if opt.GradTol < 0 || math.IsNaN(opt.GradTol) || math.IsInf(opt.GradTol, 0) {
		return nil, fmt.Errorf("enumerate: GradTol = %v: need a finite value ≥ 0", opt.GradTol)
	}
	if opt.MaxIter < 0 {
		return nil, fmt.Errorf("enumerate: MaxIter = %d: need ≥ 0", opt.MaxIter)
	}
	if opt.NewtonSteps < 0 {
		return nil, fmt.Errorf("enumerate: NewtonSteps = %d: need ≥ 0", opt.NewtonSteps)
	}
	if opt.GradTol == 0 {
		opt.GradTol = 1e-12
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = 1000
	}
	if opt.NewtonSteps == 0 {
		opt.NewtonSteps = 8
	}
	c1 := s.PositiveJoint()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if c1.At(i, j) == 0 {
				return nil, fmt.Errorf("enumerate: c1[%d][%d] = 0: the optimal logit of that pair is −∞", i, j)
			}
		}
	}
	x0 := make([]float64, m*(m-1))
	if init != nil {
		if r, c := init.Dims(); r != m || c != m {
			panic(fmt.Sprintf("enumerate: %d×%d init in a %d-state space", r, c, m))
		}
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				v := init.At(i, j)
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("enumerate: init[%d][%d] = %v: need finite logits", i, j, v)
				}
				if j > 0 {
					x0[i*(m-1)+j-1] = v - init.At(i, 0)
				}
			}
		}
	}
	e, err := New(s, n)
	if err != nil {
		return nil, err
	}
	g := newGauge(e)
	prob := optimize.Problem{
		Func: func(x []float64) float64 { return g.eval(nil, x) },
		Grad: func(grad, x []float64) { g.eval(grad, x) },
	}
	settings := &optimize.Settings{
		GradientThreshold: opt.GradTol,
		MajorIterations:   opt.MaxIter,
		Converger:         &optimize.FunctionConverge{Absolute: 0, Relative: 0, Iterations: 20},
	}
	res, optErr := optimize.Minimize(prob, x0, settings, &optimize.LBFGS{})
	x := x0
	out := &Minimum{}
	if res != nil {
		x = append([]float64(nil), res.X...)
		out.Iterations, out.Status = res.MajorIterations, res.Status
	}
	grad := make([]float64, len(x))
	g.eval(grad, x)
	gmax := floats.Norm(grad, math.Inf(1))
	if gmax > opt.GradTol && len(x) > 0 {
		out.NewtonSteps, _ = g.newton(x, grad, opt.NewtonSteps, opt.GradTol)
	}
	out.Logits = g.logits(x)
	out.Loss = e.InfoNCE(nil, out.Logits)
	full := mat.NewDense(m, m, nil)
	e.InfoNCE(full, out.Logits)
	out.GradMax = maxAbs(full)
	if out.GradMax > opt.GradTol {
		if optErr != nil {
			return out, fmt.Errorf("%w: max |gradient| = %.3g > GradTol = %.3g after %d L-BFGS iterations (%v) and %d Newton steps", ErrNotConverged, out.GradMax, opt.GradTol, out.Iterations, optErr, out.NewtonSteps)
		}
		return out, fmt.Errorf("%w: max |gradient| = %.3g > GradTol = %.3g after %d L-BFGS iterations and %d Newton steps", ErrNotConverged, out.GradMax, opt.GradTol, out.Iterations, out.NewtonSteps)
	}
	return out, nil
}

// gauge evaluates the exact loss on the free logits x (row i: s_i1 … s_i,m−1; s_i0 = 0).
type gauge struct {
	e    *Exact
	s, g *mat.Dense
}

func newGauge(e *Exact) *gauge {
	return &gauge{e: e, s: mat.NewDense(e.m, e.m, nil), g: mat.NewDense(e.m, e.m, nil)}
}

func (g *gauge) eval(grad, x []float64) float64 {
	m := g.e.m
	for i := 0; i < m; i++ {
		g.s.Set(i, 0, 0)
		for j := 1; j < m; j++ {
			g.s.Set(i, j, x[i*(m-1)+j-1])
		}
	}
	if grad == nil {
		return g.e.InfoNCE(nil, g.s)
	}
	f := g.e.InfoNCE(g.g, g.s)
	for i := 0; i < m; i++ {
		for j := 1; j < m; j++ {
			grad[i*(m-1)+j-1] = g.g.At(i, j)
		}
	}
	return f
}

func (g *gauge) logits(x []float64) *mat.Dense {
	g.eval(nil, x)
	return mat.DenseCopyOf(g.s)
}

// newton takes up to steps Newton steps x ← x − H⁻¹∇ from x (updated in place, grad the
// gradient at x), H by central differences of the exact gradient, keeping a step only
// if it lowers the max-norm of the gradient. It returns the steps kept and that norm.
func (g *gauge) newton(x, grad []float64, steps int, tol float64) (int, float64) {
	d := len(x)
	h := mat.NewDense(d, d, nil)
	trial := make([]float64, d)
	tgrad := make([]float64, d)
	gmax := floats.Norm(grad, math.Inf(1))
	kept := 0
	for k := 0; k < steps && gmax > tol; k++ {
		fd.Jacobian(h, func(y, x []float64) { g.eval(y, x) }, x, &fd.JacobianSettings{Formula: fd.Central})
		var hs mat.Dense
		hs.Add(h, h.T())
		hs.Scale(0.5, &hs)
		var step mat.VecDense
		if err := step.SolveVec(&hs, mat.NewVecDense(d, grad)); err != nil {
			break // singular Hessian: keep the L-BFGS point
		}
		for i := range trial {
			trial[i] = x[i] - step.AtVec(i)
		}
		g.eval(tgrad, trial)
		tmax := floats.Norm(tgrad, math.Inf(1))
		if !(tmax < gmax) {
			break
		}
		copy(x, trial)
		copy(grad, tgrad)
		gmax = tmax
		kept++
	}
	return kept, gmax
}

func maxAbs(a *mat.Dense) float64 {
	var mx float64
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			mx = math.Max(mx, math.Abs(a.At(i, j)))
		}
	}
	return mx
}
