package trace

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Symmetric returns s_ij(a) = (a_ij + a_ji)/2, or whichever of the two is a number
// when one is NaN, or NaN when both are (package doc, the NaN rule).
func Symmetric(a mat.Matrix, p feature.Pair) float64 {
	x, y := a.At(p.I, p.J), a.At(p.J, p.I)
	switch {
	case math.IsNaN(x):
		return y
	case math.IsNaN(y):
		return x
	}
	return (x + y) / 2
}

// Spread returns the mean, minimum and maximum of the numbers in vs, NaN skipped; ok
// is false (and the three are NaN) when vs holds no number.
func Spread(vs []float64) (mean, lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	var n int
	for _, v := range vs {
		if math.IsNaN(v) {
			continue
		}
		mean += v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		n++
	}
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN(), false
	}
	return mean / float64(n), lo, hi, true
}

// Mean returns the entrywise mean of the matrices of ms, NaN entries skipped (NaN where
// every matrix has NaN); nil matrices (a replicate without that measurement) are
// skipped, and the result is nil when none is left. It panics when the shapes differ.
func Mean(ms []mat.Matrix) *mat.Dense {
	var sum, count *mat.Dense
	for _, a := range ms {
		if a == nil || isNilDense(a) {
			continue
		}
		r, c := a.Dims()
		if sum == nil {
			sum, count = mat.NewDense(r, c, nil), mat.NewDense(r, c, nil)
		}
		if sr, sc := sum.Dims(); sr != r || sc != c {
			panic("trace: Mean of matrices of different shapes")
		}
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if v := a.At(i, j); !math.IsNaN(v) {
					sum.Set(i, j, sum.At(i, j)+v)
					count.Set(i, j, count.At(i, j)+1)
				}
			}
		}
	}
	if sum == nil {
		return nil
	}
	sum.DivElem(sum, count) // 0/0 = NaN where no matrix had a number
	return sum
}

// isNilDense reports a typed nil *mat.Dense held in a mat.Matrix.
func isNilDense(a mat.Matrix) bool {
	d, ok := a.(*mat.Dense)
	return ok && d == nil
}
