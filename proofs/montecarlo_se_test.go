package proofs

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// TestC9MinimumExpectedCountIsInclusive: MonteCarloC9 needs every expected count
// draws·min(c, 1 − c) to be at least 100 (its docs: "≥ 100; smaller ones are refused"). On
// the uninformative dyadic space π = (½, ½), A = [[½, ½], [½, ½]] every c1 and c2 entry is
// ¼ exactly (½·¼ + ½·¼ and ½·½), so 400 draws give exactly 100 (accepted) and 399 give
// 99.75 (refused, naming the count).
func TestC9MinimumExpectedCountIsInclusive(t *testing.T) {
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{0.5, 0.5}, {0.5, 0.5}})
	if _, err := MonteCarloC9(s, 10, 400, 1); err != nil {
		t.Errorf("400 draws, minimum expected count exactly 100: %v", err)
	}
	if _, err := MonteCarloC9(s, 10, 399, 1); err == nil || !strings.Contains(err.Error(), "99.8 < 100") {
		t.Errorf("399 draws, minimum expected count 99.75: %v, want a refusal naming it", err)
	}
}

// TestC9DiagonalT1StandardError: C9's plug-in T̂1 = ĉ1/(ĉ1 + kĉ2), k = N − 1, has the
// delta-method SE √(g1²v1 + g2²v2)/√D over D draws, with g1 = k·c2/d², g2 = −k·c1/d², d =
// c1 + k·c2 and, on the diagonal, the one-draw variances v = c(1 − c) of both ĉ1_ii and
// ĉ2_ii (simulate/sample doc: v(c) = c(1−c) if i = j; ĉ1 and ĉ2 are independent, so no
// covariance term), all at the true values. With T1_00 moved by 20 such SEs the check's
// worst entry is T1(0, 0) at |T̂1_00 − T1'|/SE, recomputed here from the same draws (1e-12
// relative: a few roundings).
func TestC9DiagonalT1StandardError(t *testing.T) {
	s := feature.Toy()
	const draws, n, seed = 20000, 1000, 9
	k := float64(n - 1)
	c1, c2, q := s.PositiveJoint(), s.NegativeJoint(), s.ViewMarginal()
	a, b := c1.At(0, 0), c2.At(0, 0)
	d := a + k*b
	g1, g2 := k*b/(d*d), -k*a/(d*d)
	se := math.Sqrt((g1*g1*a*(1-a) + g2*g2*b*(1-b)) / draws)
	t1 := mat.DenseCopyOf(s.InfoNCETarget(n))
	moved := t1.At(0, 0) + 20*se
	t1.Set(0, 0, moved)

	got, err := monteCarloC9(s, n, draws, seed, c1, c2, q, t1)
	if err != nil {
		t.Fatal(err)
	}
	e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(seed, 0))
	est := e.C1.At(0, 0) / (e.C1.At(0, 0) + k*e.C2.At(0, 0))
	want := math.Abs(est-moved) / se
	if got.Entry != "T1"+at(0, 0) || !equalRel(got.Err, want, 1e-12) {
		t.Errorf("worst entry %s at %v SE, want T1%s at %v SE", got.Entry, got.Err, at(0, 0), want)
	}
}
