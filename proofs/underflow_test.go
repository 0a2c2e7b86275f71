package proofs

import (
	"testing"
)

// TestC11TinyTargets: C11 holds on the 2-state space π = (½, ½), A = [[1−ε, ε], [ε, 1−ε]]
// with ε = 1e-300, whose off-diagonal T1 = ε/(ε + (N−1)/4) ≈ 4e-300/(N−1) is normal; feature's
// population prob there is exp(log T1) (2.7e-14 relative from T1 at N = 2, within relP ≈
// 6e-13). The check used to report it as a violation: the difference, 1.1e-313, lies below
// the smallest normal float64, where gonum's EqualWithinRel is absolute (equalRel).
func TestC11TinyTargets(t *testing.T) {
	const eps = 1e-300
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1 - eps, eps}, {eps, 1 - eps}})
	for _, n := range []int{2, 3, 10, 1000} {
		if err := CheckC11GradientVanishesAtT1(s, n, 0); err != nil {
			t.Errorf("N = %d: %v", n, err)
		}
	}
}

// TestSubnormalTargetsAndRatios: the checks take logs with fplog.Log, so a subnormal T1
// or ρ is no false violation. Go's math.Log on amd64 returns about −709.09 for every
// subnormal argument (golang/go#56600: −709.07 for log(4e-310) = −712.42), which made
// C11 report prob ≈ 1.13e-308 against T1 ≈ 4e-310 at ε = 1e-310 below, and C14 report a
// range of log T1 − log ρ of 6.9 against a bound of 0.003 on the 3-state space below,
// whose ρ₀₁ = ρ₁₀ ≈ 3e-310.
func TestSubnormalTargetsAndRatios(t *testing.T) {
	const eps = 1e-310 // off-diagonal T1 = ε/(ε + (N−1)/4) ≈ 4e-310/(N−1): subnormal
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1 - eps, eps}, {eps, 1 - eps}})
	for _, n := range []int{2, 3, 10} {
		if err := CheckC11GradientVanishesAtT1(s, n, 0); err != nil {
			t.Errorf("C11, 2 states, ε = %g, N = %d: %v", eps, n, err)
		}
	}
	const e3 = 1e-155 // c1₀₁ = 0, c1₀₂ ≈ ε/3: ρ₀₁ = c1₀₁/(q₀q₁) ≈ 3e-310 through the third state
	s3 := mustSpace(t, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, [][]float64{{1, 0, 0}, {0, 1, 0}, {e3, e3, 1 - 2*e3}})
	if r := s3.DensityRatio().At(0, 1); !(r > 0 && r < 0x1p-1022) {
		t.Fatalf("ρ₀₁ = %g, want a subnormal", r)
	}
	if err := CheckC14MeanFieldOffset(s3, 1000); err != nil {
		t.Errorf("C14, 3 states, subnormal ρ₀₁: %v", err)
	}
}
