package proofs

import (
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// TestEqualRelTinyValues: equalRel is |a − b| ≤ tol·max(|a|, |b|) at every magnitude,
// including a difference below the smallest normal float64 between two normal numbers
// (gonum's EqualWithinRel asks |a − b| ≤ tol·2⁻¹⁰²² there); an infinity equals only
// itself, and NaN nothing.
func TestEqualRelTinyValues(t *testing.T) {
	for _, c := range []struct {
		a, b, tol float64
		want      bool
		reason    string
	}{
		{4.0000000000001095e-300, 4.0000000000000008e-300, 1e-12, true, "relative difference 2.7e-14, absolute 1.1e-313 below 2⁻¹⁰²²"},
		{4.0000000000001095e-300, 4.0000000000000008e-300, 1e-14, false, "the same pair, tolerance below 2.7e-14"},
		{1, 1 + 1e-10, 1e-12, false, "relative difference 1e-10"},
		{1, 1 + 1e-13, 1e-12, true, "relative difference 1e-13"},
		{-3, -3 * (1 + 1e-13), 1e-12, true, "negative numbers: |a|, |b|"},
		{0, 0, 0, true, "equal numbers need no tolerance"},
		{0, 1e-320, 1e-12, false, "0 against a subnormal: tol·1e-320 rounds to 0"},
		{math.Inf(1), math.Inf(1), 0, true, "an infinity equals itself"},
		{math.Inf(1), 1, 1e-12, false, "the bound tol·∞ is capped, so ∞ is not near 1"},
		{math.Inf(-1), math.Inf(1), 1e-12, false, "−∞ against +∞"},
		{math.MaxFloat64, math.Inf(1), 1, false, "the largest float64 against +∞, even at tolerance 1"},
		{math.NaN(), math.NaN(), 1, false, "NaN equals nothing"},
		{1, math.NaN(), 1, false, "NaN equals nothing"},
	} {
		if got := equalRel(c.a, c.b, c.tol); got != c.want {
			t.Errorf("equalRel(%v, %v, %v) = %v, want %v: %s", c.a, c.b, c.tol, got, c.want, c.reason)
		}
	}
}

// TestC11TinyTargets: C11 holds on the 2-state space π = (½, ½), A = [[1−ε, ε], [ε, 1−ε]]
// with ε = 1e-300, whose off-diagonal T1 = ε/(ε + (N−1)/4) ≈ 4e-300/(N−1) is normal; feature's
// population prob there is exp(log T1) (2.7e-14 relative from T1 at N = 2, within relP ≈
// 6e-13). The check used to report it as a violation: the difference, 1.1e-313, lies below
// the smallest normal float64, where gonum's EqualWithinRel is absolute (equalRel).
// (At ε ≤ 1e-308, T1 is subnormal and Go's math.Log on amd64 returns −709.07 for log(4e-310),
// not −712.4, so the logits themselves are wrong there and C11's report is right.)
func TestC11TinyTargets(t *testing.T) {
	const eps = 1e-300
	a, err := markov.New([][]float64{{1 - eps, eps}, {eps, 1 - eps}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace([]float64{0.5, 0.5}, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 3, 10, 1000} {
		if err := CheckC11GradientVanishesAtT1(s, n, 0); err != nil {
			t.Errorf("N = %d: %v", n, err)
		}
	}
}
