package proofs

import (
	"math"
	"testing"
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
