package optimum

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/infonce-lab/infonce-lab/feature"
)

func TestBetter(t *testing.T) {
	conv := func(f float64) attempt { return attempt{f: f, converged: true} }
	unconv := func(f float64) attempt { return attempt{f: f} }
	runs := []attempt{conv(2), unconv(1), conv(2)}
	tests := []struct {
		reason string
		a      attempt
		best   int
		want   bool
	}{
		{"anything beats no run", unconv(5), -1, true},
		{"a lower converged objective wins", conv(1), 0, true},
		{"a higher converged objective loses", conv(3), 0, false},
		{"a tie keeps the earlier run", conv(2), 0, false},
		{"converged beats a lower unconverged", conv(3), 1, true},
		{"unconverged loses to converged, even lower", unconv(0), 0, false},
		{"between unconverged runs the lower wins", unconv(0.5), 1, true},
	}
	for _, tc := range tests {
		if got := better(tc.a, tc.best, runs); got != tc.want {
			t.Errorf("%s: better = %v, want %v", tc.reason, got, tc.want)
		}
	}
}

// TestKeepsBestRestart: with d = 1 the sphere is {−1, +1}, every start is a critical
// point (the tangent space is {0}), and the search keeps the sign pattern of lowest
// loss among its restarts. With 16 restarts (each of the 4 patterns up to a global flip
// is missed by all with probability (3/4)¹⁶ ≈ 1 %, and the seed is fixed) the kept
// objective is the minimum over all 2³ patterns, found here by exact enumeration with
// package feature's loss; the other restarts reached higher values, so a warning says so.
func TestKeepsBestRestart(t *testing.T) {
	s := feature.Toy()
	const n, tau = 1000, 1.0
	r, err := InfoNCE(s, Options{Dim: 1, Tau: tau, N: n, Restarts: 16, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	best, worst := math.Inf(1), math.Inf(-1)
	for mask := range 8 {
		sign := func(i int) float64 { return float64(1 - 2*(mask>>i&1)) }
		logits := mat.NewDense(3, 3, nil)
		logits.Apply(func(i, j int, _ float64) float64 { return sign(i) * sign(j) / tau }, logits)
		l := s.InfoNCEPopulationLoss(nil, nil, logits, n)
		best, worst = math.Min(best, l), math.Max(worst, l)
	}
	// Both routes evaluate the same sums at logits ±1 exactly: rounding only.
	if !(math.Abs(r.Objective-best) <= 1e-14) {
		t.Errorf("kept objective %.17g, best sign pattern %.17g (worst %.17g)", r.Objective, best, worst)
	}
	for _, want := range []string{"different objectives", "Dim = 1"} {
		found := false
		for _, w := range r.Warnings {
			found = found || strings.Contains(w.Error(), want)
		}
		if !found {
			t.Errorf("Warnings = %v, want one naming %q", r.Warnings, want)
		}
	}
	// With d = 3 the toy has no such warning.
	r3, err := InfoNCE(s, Options{Dim: 3, Tau: tau, N: n, Restarts: 2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r3.Warnings) != 0 {
		t.Errorf("d = 3: Warnings = %v, want none", r3.Warnings)
	}
}

// TestMaxIterBounds: on a 6-state Dirichlet space at τ = 0.05 a restart needs about
// 40 L-BFGS iterations (measured: it converges within the default budget). With
// MaxIter = 10 it must stop after 10, and the polish (at most DefaultMaxPolish steps) cannot
// finish the job from there: the search reports ErrNotConverged, having spent at most
// MaxIter + DefaultMaxPolish iterations.
func TestMaxIterBounds(t *testing.T) {
	s := randomSpace(t, 6, rand.New(rand.NewPCG(6, 1)))
	o := Options{Tau: 0.05, N: 64, Restarts: 1, Seed: 3}
	if _, err := InfoNCE(s, o); err != nil {
		t.Fatalf("default budget: %v", err)
	}
	o.MaxIter = 10
	r, err := InfoNCE(s, o)
	var nc *NotConvergedError
	if !errors.As(err, &nc) || nc.MaxIter != 10 {
		t.Fatalf("MaxIter = 10: err = %v, want a *NotConvergedError with MaxIter 10", err)
	}
	if r.Iterations > o.MaxIter+DefaultMaxPolish || r.Iterations < o.MaxIter {
		t.Errorf("MaxIter = 10: %d iterations, want between 10 and %d", r.Iterations, o.MaxIter+DefaultMaxPolish)
	}
	if !strings.Contains(err.Error(), "within 10 iterations") {
		t.Errorf("error %q does not name the budget", err)
	}
}

func TestRoundingSlack(t *testing.T) {
	// 64 ulps of max(1, |f|): powers of two, exact.
	for _, tc := range []struct{ f, want float64 }{
		{0, 0x1p-46},
		{0.5, 0x1p-46},
		{-0.5, 0x1p-46},
		{1, 0x1p-46},
		{8, 0x1p-43},
		{-8, 0x1p-43},
	} {
		if got := roundingSlack(tc.f); got != tc.want {
			t.Errorf("roundingSlack(%v) = %v, want %v", tc.f, got, tc.want)
		}
	}
}

func TestNormalizeRows(t *testing.T) {
	x := []float64{3, 4, 0, -2}
	y := normalizeRows(x, 2, 2)
	want := []float64{0.6, 0.8, 0, -1}
	for k := range want {
		if !(math.Abs(y[k]-want[k]) <= 3e-16) { // 1/r then a product, values ≤ 1: ≤ 2 ulps
			t.Errorf("normalizeRows = %v, want %v", y, want)
			break
		}
	}
	if x[0] != 3 || x[3] != -2 {
		t.Errorf("normalizeRows changed its input to %v", x)
	}
}

func TestRiemannianConverge(t *testing.T) {
	// Rows of length 2 and 1/2: the test is |g|·‖x_i‖ ≤ tol entrywise; dyadic, exact.
	c := &riemannianConverge{m: 2, d: 2, tol: 0.5}
	x := []float64{2, 0, 0, 0.5}
	for _, tc := range []struct {
		grad []float64
		want optimize.Status
	}{
		{nil, optimize.NotTerminated},
		{[]float64{0.25, -0.25, 1, -1}, optimize.GradientThreshold}, // every |g|·r = 0.5: on the boundary
		{[]float64{0.25, 0, 1.5, 0}, optimize.NotTerminated},        // row 1: 1.5·0.5 = 0.75
		{[]float64{0.5, 0, 0, 0}, optimize.NotTerminated},           // row 0: 0.5·2 = 1
		{[]float64{0, 0, 0, math.NaN()}, optimize.NotTerminated},
	} {
		if got := c.Converged(&optimize.Location{X: x, Gradient: tc.grad}); got != tc.want {
			t.Errorf("gradient %v: status %v, want %v", tc.grad, got, tc.want)
		}
	}
}

// TestPolish starts the gradient-only polish from the toy optimum rotated by 1e-3 rad
// in one coordinate plane, where the gradient is of order 1e-3·curvature, and checks
// its contract: it returns the visited point of smallest gradient, its objective within
// rounding of the start's, its gradient (recomputed here) at most the tolerance, and
// leaves its input alone; from a point already within tolerance it takes no step.
func TestPolish(t *testing.T) {
	s := feature.Toy()
	// τ = 0.5, not 1, so that τ·‖g‖ and ‖g‖/τ differ.
	const n, tau, tol = 1000, 0.5, 1e-10
	r, x := rotatedToyOptimum(t, tau, n)
	e := newEmbedding(3, 3, tau, infoNCEObjective(s, n))
	x0 := append([]float64(nil), x...)
	f0, g0 := e.Func(x), e.riemannianGradNorm(x)
	if !(g0 > 1e-6) {
		t.Fatalf("rotated start has gradient %.3g: not a test of the polish", g0)
	}
	best, fbest, gbest, steps := e.polish(x, tol, DefaultMaxPolish)
	if !floats.Equal(x, x0) {
		t.Error("polish wrote into its input")
	}
	if !(gbest <= tol) || steps < 1 || steps > DefaultMaxPolish {
		t.Errorf("polish: gradient %.3g after %d steps, want ≤ %g within %d", gbest, steps, tol, DefaultMaxPolish)
	}
	if g := e.riemannianGradNorm(best); g != gbest {
		t.Errorf("returned gradient %.17g, recomputed at the returned point %.17g", gbest, g)
	}
	if f := e.Func(best); f != fbest || !(fbest <= f0+roundingSlack(f0)) {
		t.Errorf("returned objective %.17g, recomputed %.17g, start %.17g", fbest, f, f0)
	}
	// The polished point is the optimum again: cosines within the 1e-7 resolution of
	// GradTol = 1e-10 (see TestC29_ToyGapIndependentRoute), 1e-6 with margin.
	if got := e.result(best, r.Target); !mat.EqualApprox(got.Cosine, r.Cosine, 1e-6) {
		t.Errorf("polished Gram matrix\n%v\nwant the optimum\n%v", mat.Formatted(got.Cosine), mat.Formatted(r.Cosine))
	}
	// Already within tolerance — the tolerance equal to the start's gradient, the
	// boundary, included: no step, the input point itself.
	same, _, g, steps := e.polish(x, g0, DefaultMaxPolish)
	if steps != 0 || &same[0] != &x[0] || g != g0 {
		t.Errorf("polish with tol = the start's gradient: %d steps, gradient %v (start %v)", steps, g, g0)
	}
}

// TestPolishAcceptsWithinRounding: the polish keeps a point whose objective exceeds the
// start's by exactly the rounding slack (64 ulps of 8 = 2⁻⁴³). The objective reports 8
// at its first evaluation (the start) and 8 + 2⁻⁴³ at every later one, with the toy's
// true gradient, so the steps lower the gradient as in TestPolish.
func TestPolishAcceptsWithinRounding(t *testing.T) {
	s := feature.Toy()
	const n, tau = 1000, 0.5
	_, x := rotatedToyOptimum(t, tau, n)
	calls := 0
	f := func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
		s.InfoNCEPopulationLoss(grad, prob, logits, n)
		calls++
		if calls == 1 {
			return 8
		}
		return 8 + roundingSlack(8)
	}
	if roundingSlack(8) != 0x1p-43 {
		t.Fatalf("roundingSlack(8) = %v, want 2⁻⁴³", roundingSlack(8))
	}
	e := newEmbedding(3, 3, tau, f)
	_, fbest, gbest, steps := e.polish(x, 1e-10, DefaultMaxPolish)
	if steps < 1 || fbest != 8+0x1p-43 || !(gbest <= 1e-10) {
		t.Errorf("polish kept objective %v with gradient %.3g after %d steps; want 8 + 2⁻⁴³ and ≤ 1e-10", fbest, gbest, steps)
	}
}

// TestDescendAtTolerance: a start whose gradient equals GradTol is converged as it is:
// no L-BFGS round, no polish, no iteration.
func TestDescendAtTolerance(t *testing.T) {
	s := feature.Toy()
	e := newEmbedding(3, 3, 1, infoNCEObjective(s, 1000))
	x0 := start(3, 3, rand.New(rand.NewPCG(4, 0)))
	o, err := Options{Tau: 1, N: 1000}.resolve(3)
	if err != nil {
		t.Fatal(err)
	}
	o.GradTol = e.riemannianGradNorm(x0)
	a := descend(e, x0, o)
	if !a.converged || a.iters != 0 || !floats.Equal(a.x, x0) || a.gradNorm != o.GradTol {
		t.Errorf("gradient = GradTol at the start: converged %v after %d iterations (gradient %v, tol %v)", a.converged, a.iters, a.gradNorm, o.GradTol)
	}
}

func TestStartIsUniformOnSpheres(t *testing.T) {
	a := start(3, 4, rand.New(rand.NewPCG(9, 0)))
	b := start(3, 4, rand.New(rand.NewPCG(9, 0)))
	if !floats.Equal(a, b) {
		t.Error("start is not deterministic in its generator")
	}
	for i := 0; i < 3; i++ {
		if r := floats.Norm(a[i*4:(i+1)*4], 2); !(math.Abs(r-1) <= 1e-15) { // one normalisation
			t.Errorf("row %d has norm %v", i, r)
		}
	}
}

func TestNotConvergedErrorUnwrap(t *testing.T) {
	cause := errors.New("line search failed")
	withCause := &NotConvergedError{Restarts: 2, MaxIter: 7, GradNorm: 1e-3, GradTol: 1e-10, Cause: cause}
	if !errors.Is(withCause, ErrNotConverged) || !errors.Is(withCause, cause) {
		t.Errorf("%v: errors.Is misses ErrNotConverged or the cause", withCause)
	}
	if got := withCause.Unwrap(); len(got) != 2 {
		t.Errorf("Unwrap with a cause = %v, want ErrNotConverged and the cause", got)
	}
	if !strings.Contains(withCause.Error(), "(line search failed)") || !strings.Contains(withCause.Error(), "no restart of 2 converged within 7 iterations") {
		t.Errorf("message %q", withCause.Error())
	}
	plain := &NotConvergedError{Restarts: 1, MaxIter: 3}
	if got := plain.Unwrap(); len(got) != 1 || got[0] != ErrNotConverged {
		t.Errorf("Unwrap without a cause = %v, want [ErrNotConverged]", got)
	}
	if strings.Contains(plain.Error(), "(") {
		t.Errorf("message without a cause %q has a parenthesis", plain.Error())
	}
}

// TestSCWarnings: on the toy, (α, β) = (0.1, 0.5) has every T2 entry negative
// (β > α max ρ = 0.122, docs/theory.md §7), and is off α − β = 1; (1.5, 0.5) is on the line
// with T2 > 0 (β = 0.5 < α min ρ = 1.3), so no warning.
func TestSCWarnings(t *testing.T) {
	has := func(ws []error, s string) bool {
		for _, w := range ws {
			if strings.Contains(w.Error(), s) {
				return true
			}
		}
		return false
	}
	r, err := SC(feature.Toy(), 0.1, 0.5, Options{Tau: 1, N: 1000, Seed: 1, Restarts: 1})
	if r == nil {
		t.Fatalf("SC(0.1, 0.5): no result: %v", err)
	}
	if !has(r.Warnings, "negative on 6 state pairs") || !has(r.Warnings, "not attainable") {
		t.Errorf("SC(0.1, 0.5) warnings %v, want the negative-target and R1 ones", r.Warnings)
	}
	r, err = SC(feature.Toy(), 1.5, 0.5, Options{Tau: 1, N: 1000, Seed: 1, Restarts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("SC(1.5, 0.5) warnings %v, want none", r.Warnings)
	}
}

// TestPolishStopsOnNegativeCurvature: near a strict maximiser the Barzilai–Borwein
// ratio ⟨Δu, Δu⟩/⟨Δu, Δg⟩ is negative (Δg ≈ HΔu with H negative definite across the
// rotation orbit, and Δu = −α g lies across it), and a step along +g would ascend, so the
// polish must stop after its first step. The objective is minus the toy's InfoNCE
// loss, started from its minimiser (our maximiser) rotated by 1e-3 rad.
func TestPolishStopsOnNegativeCurvature(t *testing.T) {
	s := feature.Toy()
	const n, tau = 1000, 0.5
	_, x := rotatedToyOptimum(t, tau, n)
	negated := func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
		l := s.InfoNCEPopulationLoss(grad, prob, logits, n)
		if grad != nil {
			grad.Scale(-1, grad)
		}
		return -l
	}
	e := newEmbedding(3, 3, tau, negated)
	if _, _, _, steps := e.polish(x, 1e-10, DefaultMaxPolish); steps != 1 {
		t.Errorf("polish took %d steps at a maximiser, want 1 (a negative BB step must stop it)", steps)
	}
}

// TestSpreadWarningThreshold: converged restarts whose objectives differ by more than
// 1e-9·max(1, |f_min|) are distinct critical points and draw a warning; smaller spreads
// are the optimiser's resolution and do not. With d = 1 every start is converged (the
// tangent space is {0}) at its random sign pattern σ, and the objective f = c + δ·s_01
// (s_01 = σ_0σ_1/τ = ±1) makes the restarts' spread exactly 2δ once both signs occur
// (8 restarts; the seed is fixed).
func TestSpreadWarningThreshold(t *testing.T) {
	s := feature.Toy()
	const t9 = 1e-9
	for _, tc := range []struct {
		c, delta float64
		warn     bool
	}{
		{0.5, 0.4e-9, false}, // spread 0.8e-9 ≤ 1e-9·max(1, 0.5)
		{0.5, 0.6e-9, true},  // 1.2e-9 > 1e-9
		{4, 1e-9, false},     // 2e-9 ≤ 1e-9·4
		{4, 3e-9, true},      // 6e-9 > 4e-9
		// At the threshold itself (the rule is "more than"): c = δ = h/2, so the two
		// objectives are c − δ = 0 and c + δ = h exactly (s_01 = ±1 exactly at d = 1,
		// τ = 1; halving is exact), f_min = 0 and the threshold is 1e-9·1 = t.
		{t9 / 2, t9 / 2, false}, // spread = t
		{math.Nextafter(t9, 1) / 2, math.Nextafter(t9, 1) / 2, true},  // one ulp above
		{math.Nextafter(t9, 0) / 2, math.Nextafter(t9, 0) / 2, false}, // one ulp below
	} {
		f := func(grad, prob *mat.Dense, logits mat.Matrix) float64 {
			if grad != nil {
				grad.Zero()
			}
			return tc.c + tc.delta*logits.At(0, 1)
		}
		o, err := Options{Dim: 1, Tau: 1, N: 10, Restarts: 8, Seed: 3}.resolve(3)
		if err != nil {
			t.Fatal(err)
		}
		r, err := search(o, newEmbedding(3, 1, 1, f), s.InfoNCETarget(10), nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.c - tc.delta; r.Objective != want {
			t.Fatalf("c = %v, δ = %v: kept objective %v, want c − δ = %v (both signs must occur)", tc.c, tc.delta, r.Objective, want)
		}
		warned := false
		for _, w := range r.Warnings {
			warned = warned || strings.Contains(w.Error(), "different objectives")
		}
		if warned != tc.warn {
			t.Errorf("c = %v, spread %v: warning %v, want %v (%v)", tc.c, 2*tc.delta, warned, tc.warn, r.Warnings)
		}
	}
}

// rotatedToyOptimum returns the toy's InfoNCE optimum at τ and N (d = 3, seed 1) and a
// copy of its embeddings, flattened, with u_0 rotated by 1e-3 rad in its first
// coordinate plane: a point near the optimum whose gradient is of order 1e-3·curvature.
func rotatedToyOptimum(t *testing.T, tau float64, n int) (*Result, []float64) {
	t.Helper()
	r, err := InfoNCE(feature.Toy(), Options{Dim: 3, Tau: tau, N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := append([]float64(nil), r.Embeddings.RawMatrix().Data...)
	c, sn := math.Cos(1e-3), math.Sin(1e-3)
	x[0], x[1] = c*x[0]-sn*x[1], sn*x[0]+c*x[1]
	return r, x
}
