package proofs

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// TestCheckPassAndMargin: Pass is Err ≤ Tol (Err ≥ Tol with AtLeast), ties included, NaN
// failing; margin is Err/Tol (Tol/Err with AtLeast), 0 for 0/0, +Inf for x/0 with x > 0 and
// for NaN. Values are picked so that every ratio is exact in float64.
func TestCheckPassAndMargin(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		check  Check
		pass   bool
		margin float64
	}{
		{Check{Err: 0.5, Tol: 1}, true, 0.5},
		{Check{Err: 1, Tol: 1}, true, 1},
		{Check{Err: 2, Tol: 1}, false, 2},
		{Check{Err: 0, Tol: 0}, true, 0},
		{Check{Err: 1, Tol: 0}, false, inf},
		{Check{Err: nan, Tol: 1}, false, inf},
		{Check{Err: 1, Tol: nan}, false, inf},
		{Check{Err: 4, Tol: 2, AtLeast: true}, true, 0.5},
		{Check{Err: 2, Tol: 2, AtLeast: true}, true, 1},
		{Check{Err: 1, Tol: 2, AtLeast: true}, false, 2},
		{Check{Err: 0, Tol: 2, AtLeast: true}, false, inf},
		{Check{Err: 0, Tol: 0, AtLeast: true}, true, 0},
		{Check{Err: nan, Tol: 2, AtLeast: true}, false, inf},
		{Check{Err: nan, Tol: 1, Skipped: true}, true, inf},
	} {
		if got := c.check.Pass(); got != c.pass {
			t.Errorf("%+v: Pass = %v, want %v", c.check, got, c.pass)
		}
		if got := c.check.margin(); got != c.margin {
			t.Errorf("%+v: margin = %v, want %v", c.check, got, c.margin)
		}
	}
}

// TestWithinNoise: per entry the tolerance is k·SE + bias·pred, reported relative to pred,
// at the entry with the largest |mean − pred|/tolerance. By hand: pred = (2, 4),
// SE = (0.1, 0.1), k = 3, bias = 0.05 give relative tolerances (0.3 + 0.1)/2 = 0.2 and
// (0.3 + 0.2)/4 = 0.125; means 2.39 and 4.4 are 0.195 and 0.1 off, ratios 0.975 and 0.8.
func TestWithinNoise(t *testing.T) {
	pred := mat.NewDense(1, 2, []float64{2, 4})
	se := mat.NewDense(1, 2, []float64{0.1, 0.1})
	c := withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2.39, 4.4}), se, pred, 3, 0.05, "o")
	// 1e-15 relative: a few roundings of numbers of order 1.
	if !c.Pass() || c.Entry != at(0, 0) || !equalRel(c.Err, 0.195, 1e-15) || !equalRel(c.Tol, 0.2, 1e-15) {
		t.Errorf("mean (2.39, 4.4): %+v, want a pass at (0, 0) with Err 0.195, Tol 0.2", c)
	}
	// 2.41 is 0.205 off: ratio 1.025, a failure.
	c = withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2.41, 4.4}), se, pred, 3, 0.05, "o")
	if c.Pass() || !equalRel(c.Err, 0.205, 1e-15) {
		t.Errorf("mean (2.41, 4.4): %+v, want a failure with Err 0.205", c)
	}
	// A NaN mean is an infinite error.
	c = withinNoise(RouteTraining, "q", mat.NewDense(1, 2, []float64{2, math.NaN()}), se, pred, 3, 0.05, "o")
	if c.Pass() || !math.IsInf(c.Err, 1) || c.Entry != at(0, 1) {
		t.Errorf("NaN mean: %+v, want a failure with Err +Inf at (0, 1)", c)
	}
}

// TestToleranceFormulas: the rounding allowances of tolerance.go at m = 3, in units of
// u = 2⁻⁵³, from their documented formulas: relTol = 8(m+5)u = 64u; residualTol(m, 2) =
// 2·relTol·2 = 256u; eigTol(m, 1) = relTol + 8m·u = 88u; sumTol(m, 0) = relTol + m²u = 73u,
// plus 3d for a defect d. Every value is an exact multiple of u.
func TestToleranceFormulas(t *testing.T) {
	const u = 0x1p-53
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"relTol(3)", relTol(3), 64 * u},
		{"residualTol(3, 2)", residualTol(3, 2), 256 * u},
		{"residualTol(3, 0.5)", residualTol(3, 0.5), 64 * u},
		{"eigTol(3, 1)", eigTol(3, 1), 88 * u},
		{"eigTol(3, 4)", eigTol(3, 4), 352 * u},
		{"sumTol(3, 0)", sumTol(3, 0), 73 * u},
		{"sumTol(3, 0.25)", sumTol(3, 0.25), 73*u + 0.75},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v (%v u), want %v u", c.name, c.got, c.got/u, c.want/u)
		}
	}
}

// TestC26ViolationsReportTheirNumbers: each C26 violation names its quantity and the bound
// 0 the target's sign is judged against (the inputs of TestChecksRejectWrongNegativePairs).
func TestC26ViolationsReportTheirNumbers(t *testing.T) {
	s, n, alpha, beta, pairs, t2, _ := negativePairsInput(t)
	// The listed pair with the most negative target, far from the boundary β = αρ.
	k0 := 0
	for k, p := range pairs {
		if t2.At(p.I, p.J) < t2.At(pairs[k0].I, pairs[k0].J) {
			k0 = k
		}
	}
	p0 := pairs[k0]
	others := append(append([]feature.Pair(nil), pairs[:k0]...), pairs[k0+1:]...)
	flipped := dense(t2)
	flipped.Set(p0.I, p0.J, -t2.At(p0.I, p0.J))
	flipped.Set(p0.J, p0.I, -t2.At(p0.J, p0.I))
	for _, c := range []struct {
		name, quantity, relation string
		err                      error
	}{
		{"a negative pair not listed", "T2", "≥", checkNegativePairs(s, n, alpha, beta, t2, others)},
		{"a negative target made positive", "T2", "<", checkNegativePairs(s, n, alpha, beta, flipped, pairs)},
		// Listing and sign agree, but β > αρ says the pair's target is negative.
		{"a flipped target not listed", "T2 sign vs β > αρ", "<", checkNegativePairs(s, n, alpha, beta, flipped, others)},
	} {
		var v *Violation
		if !errors.As(c.err, &v) || v.Quantity != c.quantity || v.Relation != c.relation || v.Want != 0 || v.Entry != at(p0.I, p0.J) {
			t.Errorf("%s: %#v, want a violation of %q %s 0 at %s", c.name, c.err, c.quantity, c.relation, at(p0.I, p0.J))
		}
	}
}

// TestMaxRatio: max_ij |a_ij/b_ij| over every entry, the first row and column included.
func TestMaxRatio(t *testing.T) {
	b := mat.NewDense(2, 3, []float64{1, 2, 4, 1, 1, 1})
	for _, c := range []struct {
		a    []float64
		want float64
	}{
		{[]float64{-6, 1, 1, 1, 1, 1}, 6}, // at (0, 0)
		{[]float64{1, 1, 1, 5, 1, 1}, 5},  // at (1, 0)
		{[]float64{1, -8, 1, 1, 1, 1}, 4}, // at (0, 1)
		{[]float64{1, 1, 1, 1, 1, 3}, 3},  // at (1, 2)
	} {
		if got := maxRatio(mat.NewDense(2, 3, c.a), b); got != c.want {
			t.Errorf("maxRatio(%v, %v) = %v, want %v", c.a, b.RawMatrix().Data, got, c.want)
		}
	}
}

// TestDriftRate: per replicate, the least-squares slope of the mean packed logit against
// the step, over the records from step `from` on (records without logits skipped). Logits
// c + 0.5·step on a 2×2 θ lie on a line of slope 0.5 exactly; the second replicate,
// 1 − 0.25·step plus a ±0.1 wobble symmetric about the middle step, has slope −0.25
// (the wobble is orthogonal to the centred steps).
func TestDriftRate(t *testing.T) {
	rec := func(step int, v float64) simulate.Record {
		return simulate.Record{Step: step, Logits: mat.NewSymDense(2, []float64{v - 1, v, v, v + 1})}
	}
	r := &FreeLogitRuns{Results: []*simulate.Result{
		{Records: []simulate.Record{rec(0, 100), rec(2, 3+1), rec(3, 3+1.5), rec(4, 3+2), {Step: 5}, rec(6, 3+3)}},
		{Records: []simulate.Record{rec(2, 1-0.5+0.1), rec(3, 1-0.75-0.1), rec(4, 0-0.1), rec(5, 1-1.25+0.1)}},
	}}
	got := r.DriftRate(2)
	// 1e-14 absolute: sums of a few numbers of order 10–100 (rounding ~1e-14 relative of
	// the normal equations' terms, which cancel to a slope of order 1).
	if len(got) != 2 || !equalAbs(got[0], 0.5, 1e-14) || !equalAbs(got[1], -0.25, 1e-14) {
		t.Errorf("DriftRate(2) = %v, want [0.5 −0.25]", got)
	}
}

// TestC9ComparesEveryEntry: on the 3-state toy, C9's Monte Carlo check compares K = 3 (q) +
// 6 (c1, i ≤ j) + 6 (c2, i ≤ j) + 9 (T1) = 24 entries, so its tolerance is the Bonferroni
// k = Φ⁻¹(1 − α/(2·24)) at α = FamilyAlpha.
func TestC9ComparesEveryEntry(t *testing.T) {
	c, err := MonteCarloC9(feature.Toy(), 10, 40_000, 1)
	if err != nil {
		t.Fatal(err)
	}
	k := distuv.UnitNormal.Quantile(1 - FamilyAlpha/(2*24))
	// 1e-12 relative: two evaluations of the normal quantile (accurate to ~1e-15).
	if !equalRel(c.Tol, k, 1e-12) || !strings.Contains(c.Origin, "K = 24 entries") {
		t.Errorf("tolerance %v (%s), want k = %v for K = 24", c.Tol, c.Origin, k)
	}
	if !c.Pass() {
		t.Errorf("the toy's own statistics fail C9: %s", c.Summary())
	}
}

// TestC9OffDiagonalStandardError: an off-diagonal ĉ1_ij (i ≠ j) is half the frequency of
// the unordered pair {i, j}, whose probability is 2c, so its SE is
// √(2c(1 − 2c)/4D) = √((c/2 − c²)/D) over D draws, not the diagonal's √(c(1 − c)/D).
// With c1_01 moved by 8 such SEs to c', the check's worst entry is c1(0, 1) at
// |ĉ1_01 − c'|/SE(c') (SEs at the values under test), recomputed here from the same draws
// (1e-12 relative: a few roundings).
func TestC9OffDiagonalStandardError(t *testing.T) {
	s := feature.Toy()
	const draws, n, seed = 20000, 1000, 9
	c1, c2, q := s.PositiveJoint(), s.NegativeJoint(), s.ViewMarginal()
	c := c1.At(0, 1)
	se := math.Sqrt((c/2 - c*c) / draws)
	shifted := mat.DenseCopyOf(c1)
	shifted.Set(0, 1, c+8*se)
	shifted.Set(1, 0, c+8*se)

	got, err := monteCarloC9(s, n, draws, seed, shifted, c2, q, s.InfoNCETarget(n))
	if err != nil {
		t.Fatal(err)
	}
	e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(seed, 0))
	moved := c + 8*se
	want := math.Abs(e.C1.At(0, 1)-moved) / math.Sqrt((moved/2-moved*moved)/draws)
	if got.Entry != "c1"+at(0, 1) || !equalRel(got.Err, want, 1e-12) {
		t.Errorf("worst entry %s at %v SE, want c1%s at %v SE", got.Entry, got.Err, at(0, 1), want)
	}
}
