package optimum

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Result is the unit-embedding optimum found by InfoNCE or SC.
type Result struct {
	// Embeddings holds the m×d unit embeddings u_i as rows (unique up to a rotation).
	Embeddings *mat.Dense
	// Cosine is the Gram matrix G = UUᵀ of cosines at the optimum.
	Cosine *mat.SymDense
	// Prob is the positive-pair probability by state pair at the optimum, the prob
	// output of the objective: e^{s_ij}/D_i for InfoNCE, the decoupled
	// e^{s_ij}/((N−1)Σ_l q_l e^{s_il}) for SC.
	Prob *mat.Dense
	// SupportProb is Prob on the support of c1, in feature.Support order (row by row,
	// columns increasing): the part of Prob the notebooks measure, and the only one a
	// sparse search (InfoNCESparse) reports, where Cosine and Prob are nil.
	SupportProb []float64
	// Target is the free-logit target the optimum is compared with: T1 for InfoNCE,
	// T2(α, β) for SC.
	Target mat.Matrix
	// MaxRelGap is max_ij |Prob_ij − Target_ij| / |Target_ij| (+Inf if a target entry
	// is 0 and the probability is not).
	MaxRelGap float64
	// Objective is the population loss (InfoNCE) or potential (SC) at the optimum.
	Objective float64
	// GradNorm is the largest entry of τ·∇_u (the Riemannian gradient per unit of
	// logit, see Options.GradTol) at the optimum.
	GradNorm float64
	// Seed is Options.Seed; Restarts the number of starts run.
	Seed     uint64
	Restarts int
	// Iterations counts the L-BFGS major iterations and polish steps of the kept
	// restart.
	Iterations int
	// Warnings lists what the caller should know but that did not stop the search:
	// restarts that failed or disagreed, an unattainable or negative target.
	Warnings []error
}

// InfoNCE returns the unit embeddings u_1..u_m ∈ R^d minimising the population InfoNCE
// loss of the logits s_ij = cos(u_i, u_j)/τ for batch size N
// (feature.Space.InfoNCEPopulationLoss), and the gap of their positive-pair
// probability to T1.
//
// It returns an error naming the value for invalid options. If no restart converges it
// returns the best restart's Result together with a *NotConvergedError, which wraps
// ErrNotConverged.
func InfoNCE(s *feature.Space, o Options) (*Result, error) {
	if s == nil {
		return nil, errors.New("optimum: nil feature space")
	}
	o, err := o.resolve(s.Len())
	if err != nil {
		return nil, err
	}
	return search(o, spaceEmbedding(s, o, false, 0, 0), s.InfoNCETarget(o.N), nil)
}

// InfoNCESparse is InfoNCE on a sparse space (feature.SparseSpace, docs/theory.md §11):
// the same objective, evaluated a block of rows of logits at a time, in memory
// O(m·d + nnz(c1)), for spaces whose m×m matrices do not fit (m = 10 000: 0.8 GB each).
// The Result has no m×m matrix: Cosine and Prob are nil, SupportProb holds P on the
// support of c1, Target is s.InfoNCETarget (T1 on the support, 0 off it), and
// MaxRelGap is taken over the support, or +Inf when some pair is off it (there T1 = 0
// while P > 0). Errors are those of InfoNCE.
func InfoNCESparse(s *feature.SparseSpace, o Options) (*Result, error) {
	if s == nil {
		return nil, errors.New("optimum: nil feature space")
	}
	o, err := o.resolve(s.Len())
	if err != nil {
		return nil, err
	}
	sup := s.Support()
	e := newEmbeddingOf(s.Len(), o.Dim, o.Tau, newRowObjective(sup, o.Tau, o.N, false, 0, 0))
	e.sup, e.lean = sup, true
	return search(o, e, s.InfoNCETarget(o.N), nil)
}

// spaceEmbedding is the row-blocked embedding of s's InfoNCE loss or (sc) SC potential.
func spaceEmbedding(s *feature.Space, o Options, sc bool, alpha, beta float64) *embedding {
	sup := s.Support()
	e := newEmbeddingOf(s.Len(), o.Dim, o.Tau, newRowObjective(sup, o.Tau, o.N, sc, alpha, beta))
	e.sup = sup
	return e
}

// SC returns the unit embeddings minimising the population SC-InfoNCE potential
// (feature.Space.SCPopulationPotential) with scale α and bias β, and the gap of their
// decoupled positive-pair probability to T2(α, β). Off α − β = 1 (R1) the potential is
// not invariant to a common shift of the logits, so the bounded cosines pin the
// optimum against the constraint and the gap measures the drift; a warning says so.
//
// Errors are those of InfoNCE, plus feature.CheckSCParams for α and β.
func SC(s *feature.Space, alpha, beta float64, o Options) (*Result, error) {
	if s == nil {
		return nil, errors.New("optimum: nil feature space")
	}
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return nil, fmt.Errorf("optimum: %w", err)
	}
	o, err := o.resolve(s.Len())
	if err != nil {
		return nil, err
	}
	var warn []error
	if !feature.Attainable(alpha, beta) {
		warn = append(warn, fmt.Errorf("optimum: α − β = %v ≠ 1: T2 is not attainable (R1), the gap measures the drift", alpha-beta))
	}
	if neg := s.NegativeTargetPairs(alpha, beta); len(neg) > 0 {
		warn = append(warn, fmt.Errorf("optimum: T2(α = %v, β = %v) is negative on %d state pairs (β > αρ_ij): no probability can reach it", alpha, beta, len(neg)))
	}
	return search(o, spaceEmbedding(s, o, true, alpha, beta), s.SCTarget(o.N, alpha, beta), warn)
}

// attempt is the outcome of one restart.
type attempt struct {
	x         []float64
	f         float64
	gradNorm  float64
	iters     int
	converged bool
	err       error // the optimiser's last error, if any
}

// search runs o.Restarts restarts on e and keeps the converged one of lowest objective.
func search(o Options, e *embedding, target mat.Matrix, warn []error) (*Result, error) {
	m, d := e.m, o.Dim
	if d == 1 {
		warn = append(warn, errors.New("optimum: Dim = 1: the unit sphere is {−1, +1}, so the search only compares the restarts' random sign patterns"))
	}
	runs := make([]attempt, o.Restarts)
	best := -1
	for r := range runs {
		runs[r] = descend(e, start(m, d, rand.New(rand.NewPCG(o.Seed, uint64(r)))), o)
		if better(runs[r], best, runs) {
			best = r
		}
	}
	b := runs[best]
	fmin, fmax := math.Inf(1), math.Inf(-1)
	for r, a := range runs {
		switch {
		case !a.converged:
			warn = append(warn, fmt.Errorf("optimum: restart %d did not converge: gradient %.3g > tolerance %.3g after %d iterations", r, a.gradNorm, o.GradTol, a.iters))
			if b.converged && a.f < b.f {
				warn = append(warn, fmt.Errorf("optimum: unconverged restart %d reached a lower objective %.17g than the kept %.17g", r, a.f, b.f))
			}
		default:
			fmin, fmax = math.Min(fmin, a.f), math.Max(fmax, a.f)
		}
	}
	// At a converged point the objective exceeds its local minimum by about
	// ‖g‖²/(2λ) (g per unit of logit, λ the logit curvature), below 1e-9 for the
	// default GradTol = 1e-10 and λ ≥ 1e-3 by 10 orders, so a larger spread means
	// distinct critical points.
	if fmax-fmin > 1e-9*math.Max(1, math.Abs(fmin)) {
		warn = append(warn, fmt.Errorf("optimum: converged restarts reached different objectives (%.17g to %.17g): local optima; the lowest is kept", fmin, fmax))
	}
	res := e.result(b.x, target)
	res.GradNorm = b.gradNorm
	res.Seed = o.Seed
	res.Restarts = o.Restarts
	res.Iterations = b.iters
	res.Warnings = warn
	if !b.converged {
		return res, &NotConvergedError{Restarts: o.Restarts, MaxIter: o.MaxIter, GradNorm: b.gradNorm, GradTol: o.GradTol, Cause: b.err}
	}
	return res, nil
}

// better reports whether run a beats runs[best]: converged beats unconverged, then
// the lower objective wins; ties keep the earlier restart.
func better(a attempt, best int, runs []attempt) bool {
	if best < 0 {
		return true
	}
	b := runs[best]
	if a.converged != b.converged {
		return a.converged
	}
	return a.f < b.f
}

// start draws x with independent standard normal entries and unit rows (the uniform
// law on each sphere).
func start(m, d int, rng *rand.Rand) []float64 {
	x := make([]float64, m*d)
	for i := 0; i < m; i++ {
		row := x[i*d : (i+1)*d]
		for {
			for k := range row {
				row[k] = rng.NormFloat64()
			}
			if r := floats.Norm(row, 2); r > 0 {
				floats.Scale(1/r, row)
				break
			}
		}
	}
	return x
}

// descend minimises from x0 with L-BFGS in rounds, each from unit rows with a fresh
// L-BFGS memory, until the Riemannian gradient is within GradTol or MaxIter major
// iterations are spent (a round that stops at once is charged one). Rounds absorb the
// drift of ‖x_i‖ (the gradient in x is the Riemannian one over ‖x_i‖) and the line
// search failures that begin once the objective decrease per step falls to the
// rounding level of the objective (about ε|F|): near the optimum F no longer
// discriminates, so a round's end point is accepted when F is not worse beyond
// rounding, and the accepted point of smallest gradient is kept. The search gives up
// after maxStalls rounds in a row that fail to lower that gradient.
func descend(e *embedding, x0 []float64, o Options) attempt {
	const maxStalls = 2
	cur := append([]float64(nil), x0...)
	fcur := e.Func(cur)
	a := attempt{x: cur, f: fcur, gradNorm: e.riemannianGradNorm(cur)}
	for stalls := 0; a.gradNorm > o.GradTol && a.iters < o.MaxIter && stalls < maxStalls; {
		settings := &optimize.Settings{
			MajorIterations: o.MaxIter - a.iters,
			Converger:       &riemannianConverge{m: e.m, d: e.d, tol: o.GradTol / o.Tau},
		}
		p := optimize.Problem{Func: e.Func, Grad: e.Grad}
		res, err := optimize.Minimize(p, cur, settings, &optimize.LBFGS{})
		if res == nil { // only for an invalid problem, which cannot happen here
			a.err = err
			break
		}
		a.iters += max(1, res.MajorIterations)
		a.err = err
		next := normalizeRows(res.X, e.m, e.d)
		fnext := e.Func(next)
		if !(fnext <= fcur+roundingSlack(fcur)) {
			stalls++ // a worse point (or NaN): keep the current one
			continue
		}
		cur, fcur = next, fnext
		if g := e.riemannianGradNorm(next); g < a.gradNorm {
			a.x, a.f, a.gradNorm = next, fnext, g
			stalls = 0
		} else {
			stalls++
		}
	}
	if a.gradNorm > o.GradTol {
		var steps int
		a.x, a.f, a.gradNorm, steps = e.polish(a.x, o.GradTol, o.MaxPolish)
		a.iters += steps
	}
	a.converged = a.gradNorm <= o.GradTol
	if a.converged {
		a.err = nil
	}
	return a
}

// roundingSlack is the resolution of an objective value f: the population objectives
// add O(m²) terms of size up to |f| and the relative error of a sum grows slowly with
// the number of terms in practice, so 64 ulps of max(1, |f|) bound the noise while
// staying far below any genuine decrease away from the optimum.
func roundingSlack(f float64) float64 {
	return 64 * 0x1p-52 * math.Max(1, math.Abs(f))
}

// normalizeRows returns a copy of x with each of its m rows of length d scaled to
// unit norm (the same point u, so the same objective).
func normalizeRows(x []float64, m, d int) []float64 {
	y := append([]float64(nil), x...)
	for i := 0; i < m; i++ {
		row := y[i*d : (i+1)*d]
		floats.Scale(1/floats.Norm(row, 2), row)
	}
	return y
}

// riemannianConverge stops L-BFGS when the Riemannian gradient ‖x_i‖·∂f/∂x_i (the
// x-gradient is the tangent gradient over ‖x_i‖) is within tol in every entry.
type riemannianConverge struct {
	m, d int
	tol  float64
}

func (c *riemannianConverge) Init(int) {}

func (c *riemannianConverge) Converged(loc *optimize.Location) optimize.Status {
	if loc.Gradient == nil {
		return optimize.NotTerminated
	}
	for i := 0; i < c.m; i++ {
		r := floats.Norm(loc.X[i*c.d:(i+1)*c.d], 2)
		for _, g := range loc.Gradient[i*c.d : (i+1)*c.d] {
			if !(math.Abs(g)*r <= c.tol) {
				return optimize.NotTerminated
			}
		}
	}
	return optimize.GradientThreshold
}

// result assembles the Result at x (any row scaling) against target.
func (e *embedding) result(x []float64, target mat.Matrix) *Result {
	e.load(x)
	u := mat.DenseCopyOf(e.u)
	res := &Result{Embeddings: u, Target: target}
	if e.lean {
		ro := e.obj.(*rowObjective)
		res.SupportProb, res.Objective = ro.supportProb(u)
		res.MaxRelGap = supportMaxRelGap(e.sup, res.SupportProb, target)
		return res
	}
	res.Cosine = mat.NewSymDense(e.m, nil)
	res.Cosine.SymOuterK(1, u)
	res.Prob = mat.NewDense(e.m, e.m, nil)
	res.Objective = e.obj.probTo(res.Prob, u)
	res.MaxRelGap = feature.MaxRelGap(res.Prob, target)
	if e.sup != nil {
		res.SupportProb = make([]float64, e.sup.NNZ())
		for i := 0; i < e.m; i++ {
			cols, _, off := e.sup.Row(i)
			for p, j := range cols {
				res.SupportProb[off+p] = res.Prob.At(i, int(j))
			}
		}
	}
	return res
}

// supportMaxRelGap is feature.MaxRelGap over the support of c1 (prob and target read
// on the stored pairs), +Inf if some pair is off the support (T = 0 there, P > 0)
// unless the gap on the support is NaN.
func supportMaxRelGap(sup *feature.Support, prob []float64, target mat.Matrix) float64 {
	m, nnz := sup.Len(), sup.NNZ()
	t := make([]float64, nnz)
	for i := 0; i < m; i++ {
		cols, _, off := sup.Row(i)
		for p, j := range cols {
			t[off+p] = target.At(i, int(j))
		}
	}
	gap := feature.MaxRelGap(mat.NewDense(1, nnz, prob), mat.NewDense(1, nnz, t))
	if nnz < m*m && !math.IsNaN(gap) {
		return math.Inf(1)
	}
	return gap
}
