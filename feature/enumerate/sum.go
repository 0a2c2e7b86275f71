package enumerate

import "math"

// unitRoundoff is u = 2⁻⁵³: every float64 operation satisfies |fl(x∘y) − x∘y| ≤ u|x∘y|.
const unitRoundoff = 0x1p-53

// neumaier is compensated (Kahan–Babuška–Neumaier) summation: the error of a sum of K
// terms is at most 2u·Σ|x| + O(K u²)·Σ|x|, independent of K to first order (Higham,
// Accuracy and Stability of Numerical Algorithms, §4.3), where plain recursive summation
// allows (K−1)u·Σ|x|.
type neumaier struct{ sum, comp float64 }

func (a *neumaier) add(x float64) {
	t := a.sum + x
	if math.Abs(a.sum) >= math.Abs(x) {
		a.comp += (a.sum - t) + x
	} else {
		a.comp += (x - t) + a.sum
	}
	a.sum = t
}

func (a *neumaier) value() float64 { return a.sum + a.comp }
