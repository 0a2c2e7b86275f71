package optimum

// Tests pinning behaviours that sampled mutation testing (go run ./internal/mutants -pkg
// ./feature/optimum -n 80 -seed 1) found unpinned: each names the behaviour, and the
// values it asserts are exact by construction (dyadic or bit-identical), so no
// tolerance is needed unless one is stated.

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// TestDescendAcceptsRoundWithinRounding: an L-BFGS round whose end point's objective
// exceeds the current one by exactly roundingSlack is accepted ("not worse beyond
// rounding"), one ulp more is refused. The objective reports 8 at its first evaluation
// (descend's start) and 8 + δ afterwards; its gradient is the toy's InfoNCE gradient at
// the first gradient evaluation (descend's start check, so the search starts) and 0
// afterwards, so L-BFGS stops at once (a round charged one iteration) at a critical
// point. Accepted, that point ends the search after one round, with objective 8 + δ;
// refused, descend stalls twice (two iterations) and the polish, seeing a zero
// gradient, returns the start at once.
func TestDescendAcceptsRoundWithinRounding(t *testing.T) {
	s := feature.Toy()
	const n = 1000
	slack := roundingSlack(8)
	if slack != 0x1p-43 { // 64 ulps of 8
		t.Fatalf("roundingSlack(8) = %v, want 2⁻⁴³", slack)
	}
	for _, tc := range []struct {
		delta float64
		iters int
	}{
		{slack, 1},           // on the boundary: accepted
		{slack + 0x1p-49, 2}, // one ulp of 8 (2⁻⁴⁹) beyond it: two stalled rounds
	} {
		calls, gradCalls := 0, 0
		f := func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
			calls++
			if grad != nil {
				gradCalls++
				if gradCalls == 1 {
					s.InfoNCEPopulationLoss(grad, nil, logits, n)
				} else {
					grad.Zero()
				}
			}
			if calls == 1 {
				return 8
			}
			return 8 + tc.delta
		}
		e := newEmbedding(3, 3, 1, f)
		o, err := Options{Tau: 1, N: n}.resolve(3)
		if err != nil {
			t.Fatal(err)
		}
		a := descend(e, start(3, 3, rand.New(rand.NewPCG(4, 0))), o)
		if !a.converged || a.iters != tc.iters || a.gradNorm != 0 || a.f != 8+tc.delta {
			t.Errorf("end point 8 + %v after a start at 8: converged %v after %d iterations (want %d), gradient %v, objective %v",
				tc.delta, a.converged, a.iters, tc.iters, a.gradNorm, a.f)
		}
	}
}

// TestRowObjectiveReusesCache: a second evaluation at the point just evaluated, given
// as an equal copy, reuses the cached normalisers and objective (prepare's contract:
// it recomputes only at a new point), and a point one ulp away does not. The probe
// overwrites the cached objective with a sentinel: reuse returns the sentinel,
// recomputation the objective, which must then equal the dense reference bit for bit
// (TestRowObjectiveExact).
func TestRowObjectiveReusesCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 21))
	s := randomSpace(t, 10, rng)
	ro := newRowObjective(s.Support(), 0.5, 8, false, 0, 0)
	dense := newDenseObjective(10, 0.5, infoNCEObjective(s, 8))
	u := randomUnitRows(10, 3, rng)
	f := ro.eval(nil, u)
	if want := dense.eval(nil, u); !closeToDense(f, want) {
		t.Fatalf("f = %.17g, dense %.17g", f, want)
	}
	const sentinel = -12345.0
	ro.loss = sentinel
	if got := ro.eval(nil, mat.DenseCopyOf(u)); got != sentinel {
		t.Errorf("same point again: f = %.17g, want the cached value (sentinel %v): the cache was not used", got, sentinel)
	}
	v := mat.DenseCopyOf(u)
	v.Set(4, 1, math.Nextafter(v.At(4, 1), 2))
	if got, want := ro.eval(nil, v), dense.eval(nil, v); !closeToDense(got, want) {
		t.Errorf("point one ulp away: f = %.17g, want the recomputed %.17g", got, want)
	}
}

// TestOptionsNegativeMaxPolish: a negative polish budget is refused with an error naming
// it, by InfoNCE and by SC.
func TestOptionsNegativeMaxPolish(t *testing.T) {
	o := Options{Tau: 1, N: 1000, MaxPolish: -3}
	if _, err := InfoNCE(feature.Toy(), o); err == nil || !strings.Contains(err.Error(), "MaxPolish = -3") {
		t.Errorf("InfoNCE with MaxPolish = -3: error %v, want one naming it", err)
	}
	if _, err := SC(feature.Toy(), 1, 0, o); err == nil || !strings.Contains(err.Error(), "MaxPolish = -3") {
		t.Errorf("SC with MaxPolish = -3: error %v, want one naming it", err)
	}
}

// TestNotConvergedCause: the optimiser's error is reported only for an unconverged
// search. With GradTol = 1e-300, below the gradient's rounding floor (≈ 1e-17), the
// line search fails once objective decreases fall below the rounding of the loss
// (descend's doc), and that failure is the NotConvergedError's Cause; with a budget of
// 3 iterations the search stops on its budget, not on an optimiser error: no Cause.
func TestNotConvergedCause(t *testing.T) {
	_, err := InfoNCE(feature.Toy(), Options{Tau: 1, N: 1000, Restarts: 1, MaxIter: 50, GradTol: 1e-300})
	var nc *NotConvergedError
	if !errors.As(err, &nc) {
		t.Fatalf("GradTol = 1e-300: err = %v, want a *NotConvergedError", err)
	}
	if nc.Cause == nil || !strings.Contains(nc.Cause.Error(), "linesearch") || !errors.Is(err, nc.Cause) {
		t.Errorf("GradTol = 1e-300: Cause = %v, want the line search failure", nc.Cause)
	}
	_, err = InfoNCE(feature.Toy(), Options{Tau: 1, N: 1000, Restarts: 1, MaxIter: 3})
	if !errors.As(err, &nc) {
		t.Fatalf("MaxIter = 3: err = %v, want a *NotConvergedError", err)
	}
	if nc.Cause != nil {
		t.Errorf("MaxIter = 3: Cause = %v, want none (the budget ran out)", nc.Cause)
	}
}

// TestMaxIterSharedByRounds: MaxIter bounds the L-BFGS iterations of a restart over all
// its rounds, and the polish adds at most MaxPolish steps, so Iterations ≤ MaxIter +
// MaxPolish. GradTol = 1e-300 is unreachable (TestNotConverged), so the search runs
// until the budget or the stalls stop it; on the toy the first round's line search
// fails before 25 iterations (measured), so for budgets from 10 to 24 later rounds
// start with part of the budget spent and must get only the rest.
func TestMaxIterSharedByRounds(t *testing.T) {
	for maxIter := 10; maxIter <= 24; maxIter++ {
		o := Options{Tau: 1, N: 1000, Restarts: 1, MaxIter: maxIter, MaxPolish: 1, GradTol: 1e-300}
		r, err := InfoNCE(feature.Toy(), o)
		if !errors.Is(err, ErrNotConverged) {
			t.Fatalf("MaxIter = %d: err = %v, want ErrNotConverged", maxIter, err)
		}
		if r.Iterations > maxIter+o.MaxPolish {
			t.Errorf("MaxIter = %d, MaxPolish = 1: %d iterations", maxIter, r.Iterations)
		}
	}
}

// TestDescendChargesFailedRounds: a round in which L-BFGS stops before its first
// iteration is still charged one, so that the iteration count bounds the rounds. The
// objective is the toy's InfoNCE loss at descend's own first two evaluations (the start
// and its gradient, so the search begins) and NaN afterwards: gonum refuses the NaN
// starting value of each round (zero major iterations, an error), the round's end
// point is refused (NaN is not within rounding: a stall), and descend gives up after
// maxStalls = 2 rounds, charged 2 iterations; the polish breaks on the NaN before its
// first step. The optimiser's error is kept, the search being unconverged.
func TestDescendChargesFailedRounds(t *testing.T) {
	s := feature.Toy()
	const n = 1000
	calls := 0
	f := func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
		calls++
		l := s.InfoNCEPopulationLoss(grad, nil, logits, n)
		if calls > 2 {
			return math.NaN()
		}
		return l
	}
	e := newEmbedding(3, 3, 1, f)
	o, err := Options{Tau: 1, N: n}.resolve(3)
	if err != nil {
		t.Fatal(err)
	}
	a := descend(e, start(3, 3, rand.New(rand.NewPCG(4, 0))), o)
	if a.converged || a.iters != 2 || a.err == nil {
		t.Errorf("NaN objective after the start: converged %v after %d iterations (want 2), error %v", a.converged, a.iters, a.err)
	}
}

// TestRowObjectiveGradientUnitWeight: the row-blocked gradient Σ_l v_il u_l skips only
// the terms with v_il = 0, not those of any other value. Hand case, every number a
// power of two or 0 (but c1, see the tolerance): the 2-state identity chain from the
// uniform law (q = (½, ½), c1 = diag(½, ½)), SC with N = 2 (k = 1), α = β = 1, τ = 1,
// and d = 1 collapsed embeddings u = (1, 1), so every s_il = 1. Then Z_i = Σ_l q_l e¹,
// log Z_i = 1, P_il = e^{s_il − 1}/k = 1, g_il = k q_i q_l P_il + β q_i q_l − α c1_il
// is ½ off the diagonal and 0 on it, so v_01 = v_10 = (½ + ½)/τ = 1 and v_ii = 0.
// Differentiating f = Σ_i q_i log Z_i + Σ_il (β q_i q_l − α c1_il) u_i u_l directly at
// u = (1, 1): ∂f/∂u_0 = q_0(q_0·2 + q_1·1) + q_1 q_0·1 + (−¼)·2 + ¼·2 = ¾ + ¼ − ½ + ½ = 1
// (and ∂f/∂u_1 = 1 by symmetry), f = ½ + ½ + (−¼ + ¼ + ¼ − ¼) = 1.
func TestRowObjectiveGradientUnitWeight(t *testing.T) {
	a, err := markov.Identity(2)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace([]float64{0.5, 0.5}, a)
	if err != nil {
		t.Fatal(err)
	}
	ro := newRowObjective(s.Support(), 1, 2, true, 1, 1)
	u := mat.NewDense(2, 1, []float64{1, 1})
	gu := mat.NewDense(2, 1, nil)
	f := ro.eval(gu, u)
	// NewSpace's c1_ii is ½ to one rounding (0.5000000000000001 = ½ + 2⁻⁵³), and f and
	// ∂f/∂u are linear in c1 with coefficients of size ≤ α·2·|u| = 2, so they are off by
	// a few 1e-16: 1e-15 bounds that with margin (the other numbers are exact).
	const tol = 1e-15
	for _, got := range []float64{f, gu.At(0, 0), gu.At(1, 0)} {
		if !(math.Abs(got-1) <= tol) {
			t.Errorf("f = %v, ∂f/∂u = (%v, %v); want 1 and (1, 1)", f, gu.At(0, 0), gu.At(1, 0))
			break
		}
	}
}
