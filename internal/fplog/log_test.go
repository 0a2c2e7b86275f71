package fplog

import (
	"math"
	"testing"
)

// TestLogSubnormal: at x = f·2^e with f ∈ {1, 3} and e from −1074 to −1023 (every x
// subnormal), Log(x) = log f + e·ln 2, the closed form computed with math.Log of the
// normal number f and math.Ln2, within 4 ulp of 745 (two roundings of each side, each of
// magnitude ≤ 745, plus math.Log's own sub-ulp error on a normal number).
func TestLogSubnormal(t *testing.T) {
	tol := 4 * 0x1p-52 * 745
	for _, f := range []float64{1, 3} {
		for e := -1074; e <= -1023; e++ {
			x := math.Ldexp(f, e)
			if !(x > 0 && x < minNormal) {
				continue // 3·2⁻¹⁰²³ is normal
			}
			want := math.Log(f) + float64(e)*math.Ln2
			if got := Log(x); !(math.Abs(got-want) <= tol) {
				t.Errorf("Log(%g·2^%d) = %.17g, want %.17g within %.1e", f, e, got, want, tol)
			}
		}
	}
	// The example of the package doc: log(4e-310) = log 4 − 310·log 10 ≈ −712.42.
	if got, want := Log(4e-310), math.Log(4)-310*math.Log(10); !(math.Abs(got-want) <= tol) {
		t.Errorf("Log(4e-310) = %.17g, want %.17g", got, want)
	}
}

// TestLogElsewhereIsMathLog: every argument that is not a positive subnormal goes to
// math.Log unchanged: bit-identical results on normal numbers (the smallest normal
// included), 0, negative numbers, ±Inf and NaN.
func TestLogElsewhereIsMathLog(t *testing.T) {
	for _, x := range []float64{minNormal, math.Nextafter(minNormal, 1), 1e-300, 0.5, 1, math.E, 1e300, math.MaxFloat64,
		0, math.Copysign(0, -1), -1e-310, -1, math.Inf(1), math.Inf(-1), math.NaN()} {
		got, want := Log(x), math.Log(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Log(%g) = %v, want math.Log's %v", x, got, want)
		}
	}
}
