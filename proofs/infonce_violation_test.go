package proofs

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestC10TargetBelowOne: T1 = ρ/(ρ + N − 1) < 1 wherever c1 > 0, since N − 1 ≥ 1
// (docs/theory.md §4, C10). A target equal to 1 at its largest entry (every other entry
// right) must be reported there as a *Violation of "T1" < 1, got 1 (both exact).
func TestC10TargetBelowOne(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const n = 40
	t1 := s.InfoNCETarget(n)
	i, j := argmax(t1)
	one := dense(t1)
	one.Set(i, j, 1)
	err := checkInfoNCETargetShape(s, n, func(int) mat.Matrix { return one })
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "T1" || v.Entry != at(i, j) || v.Relation != "<" || v.Got != 1 || v.Want != 1 {
		t.Errorf("T1_%d%d = 1: %v, want a violation of T1 < 1 at (%d, %d)", i, j, err, i, j)
	}
}
