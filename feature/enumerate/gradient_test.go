package enumerate

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestInfoNCEGradientFiniteDifferences checks the exact gradient against central finite
// differences of the exact loss (claim C30 for this package), beyond the brute-force
// range of N.
func TestInfoNCEGradientFiniteDifferences(t *testing.T) {
	for _, sp := range spaces(t) {
		for _, n := range []int{2, 7, 40} {
			t.Run(fmt.Sprintf("%s/N=%d", sp.name, n), func(t *testing.T) {
				m := sp.space.Len()
				e := mustExact(t, sp.space, n)
				logits := randomLogits(m, uint64(n))
				grad := mat.NewDense(m, m, nil)
				f0 := e.InfoNCE(grad, logits)
				loss := func(v []float64) float64 { return e.InfoNCE(nil, mat.NewDense(m, m, v)) }
				const h = 1e-5
				num := fd.Gradient(nil, loss, mat.DenseCopyOf(logits).RawMatrix().Data, &fd.Settings{Formula: fd.Central, Step: h})
				// Central differences: truncation h²/6·max|f'''|, and along one logit f is a
				// c1-weighted (weights ≤ 1 in total) average of log(a + e^t) − linear, whose
				// third derivative p(1−p)(1−2p) is at most 1/(6√3); rounding δf/h, with δf the
				// error of the computed loss, ≤ (ε + 16u)|f| (ε = GradientRoundingBound, the same
				// sums; log adds a few u). Doubled.
				df := (e.GradientRoundingBound(logits) + 16*u) * math.Abs(f0)
				tol := 2 * (h*h/6/(6*math.Sqrt(3)) + df/h)
				for k, v := range num {
					i, j := k/m, k%m
					if !scalar.EqualWithinAbs(grad.At(i, j), v, tol) {
						t.Errorf("∂E[ℓ]/∂s[%d][%d] = %.12g, central difference %.12g (tol %.2g)", i, j, grad.At(i, j), v, tol)
					}
				}
				// Row shifts leave the loss unchanged, so each gradient row sums to 0.
				for i := 0; i < m; i++ {
					var sum, mag float64
					for j := 0; j < m; j++ {
						sum += grad.At(i, j)
						mag += math.Abs(grad.At(i, j)) + 2*sp.space.PositiveJoint().At(i, j)
					}
					// Each entry is accurate to ε·(|∂| + 2c1); m more roundings summing.
					if tol := (e.GradientRoundingBound(logits) + float64(m)*u) * mag; !scalar.EqualWithinAbs(sum, 0, tol) {
						t.Errorf("row %d of the gradient sums to %.3g, want 0 within %.2g", i, sum, tol)
					}
				}
			})
		}
	}
}
