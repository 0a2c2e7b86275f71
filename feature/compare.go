package feature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MaxRelGap returns the largest relative gap max_ij |got_ij − target_ij| / |target_ij|
// of a measured or optimised matrix to a target, over ordered pairs: 0 where the two
// agree exactly (0/0 included), +Inf where the target is 0 and got is not, and NaN as
// soon as any entry of either is NaN, so that a check `gap <= tol` cannot pass on NaN.
// It panics if the shapes differ.
func MaxRelGap(got, target mat.Matrix) float64 {
	r, c := target.Dims()
	if gr, gc := got.Dims(); gr != r || gc != c {
		panic(fmt.Sprintf("feature: MaxRelGap of a %d×%d matrix to a %d×%d target", gr, gc, r, c))
	}
	var worst float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g, t := got.At(i, j), target.At(i, j)
			d := math.Abs(g - t)
			switch {
			case math.IsNaN(d):
				return math.NaN()
			case d == 0:
			case t == 0:
				worst = math.Inf(1)
			default:
				worst = math.Max(worst, d/math.Abs(t))
			}
		}
	}
	return worst
}
