package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// relGap is the largest relative gap |p_ij − t_ij|/|t_ij| over the state pairs where
// it is defined, with the pairs where the target is 0 and p is not (the relative gap
// is undefined there, not infinite) counted apart. Pairs where p is NaN (no anchor
// had them) are left out; p_ij = t_ij = 0 counts as a gap of 0.
type relGap struct {
	max       float64
	defined   int
	undefined int
	first     string // the first pair with an undefined gap, by its labels
}

// gapOf compares p with the target t over the states of sp.
func gapOf(p, t mat.Matrix, sp *feature.Space) relGap {
	var g relGap
	r, c := t.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			x, y := p.At(i, j), t.At(i, j)
			switch {
			case math.IsNaN(x):
			case y == 0 && x != 0:
				if g.undefined == 0 {
					g.first = pairLabel(sp, i, j)
				}
				g.undefined++
			case y == 0:
				g.defined++
			default:
				g.defined++
				g.max = math.Max(g.max, math.Abs(x-y)/math.Abs(y))
			}
		}
	}
	return g
}

// text prints the gap in per cent, and where it is undefined, "undefined (T = 0 …)"
// naming the target.
func (g relGap) text(target string) string {
	switch {
	case g.defined == 0 && g.undefined == 0:
		return "— (no pair to compare)"
	case g.defined == 0:
		return fmt.Sprintf("undefined (%s = 0)", target)
	case g.undefined == 0:
		return fmt.Sprintf("%.2f %%", 100*g.max)
	}
	return fmt.Sprintf("%.2f %% (undefined at %d pair(s) where %s = 0, e.g. %s)", 100*g.max, g.undefined, target, g.first)
}

// within reports whether the gap is defined everywhere and at most tol.
func (g relGap) within(tol float64) bool {
	return g.defined > 0 && g.undefined == 0 && g.max <= tol
}

// pairLabel names the state pair (i, j) by its labels.
func pairLabel(sp *feature.Space, i, j int) string {
	return fmt.Sprintf("(%s,%s)", sp.Label(i), sp.Label(j))
}
