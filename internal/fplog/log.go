package fplog

import "math"

// minNormal is 2⁻¹⁰²², the smallest normal float64.
const minNormal = 0x1p-1022

// Log returns the natural logarithm of x, as math.Log does, and also for a subnormal x
// (package doc).
func Log(x float64) float64 {
	if x > 0 && x < minNormal {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}
