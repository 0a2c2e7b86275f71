package enumerate

import (
	"fmt"
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// scLogits returns the mean-field target logits: log T2 for the paper form, log p̃* for
// the decoupled form.
func scLogits(t *testing.T, s *feature.Space, n int, alpha, beta float64, decoupled bool) *mat.Dense {
	t.Helper()
	var target mat.Matrix
	if decoupled {
		p, err := s.DecoupledSCFixedPoint(n, alpha, beta)
		if err != nil {
			t.Fatal(err)
		}
		target = p
	} else {
		target = s.SCTarget(n, alpha, beta)
	}
	m := s.Len()
	l := mat.NewDense(m, m, nil)
	l.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, target)
	return l
}

// scResidual returns N·F_ik/c1_ik, F the exact expected SC field at the mean-field target.
func scResidual(t *testing.T, s *feature.Space, n int, alpha, beta float64, decoupled bool) *mat.Dense {
	e := mustExact(t, s, n)
	l := scLogits(t, s, n, alpha, beta, decoupled)
	var f *mat.Dense
	if decoupled {
		f = e.DecoupledSCFieldTo(nil, l, alpha, beta)
	} else {
		f = e.SCFieldTo(nil, l, alpha, beta)
	}
	c1 := s.PositiveJoint()
	f.Apply(func(i, k int, v float64) float64 { return float64(n) * v / c1.At(i, k) }, f)
	return f
}

// TestC17_SCFieldResidualAtT2 (claim (c) of the brief): on the attainable line α − β = 1,
// the exact expected SC field at the mean-field target is O(1/N) relative to c1, with
// N·F_ik/c1_ik → (τ_ik/ρ_ik)(α(α−1)v_i − τ_ik), τ = αρ − β (SCResidualLimit), for the
// paper form at log T2 and the decoupled form at log p̃*.
//
// Check by Richardson extrapolation: with A(N) = N·F/c1 = L + a/N + b/N² + O(N⁻³), the
// two-point extrapolants L2(N) = 2A(2N) − A(N) = L − b/(2N²) + O(N⁻³) satisfy
// L2(256) − L ≈ (L2(256) − L2(128))/3, so |L2(256) − L| ≤ |L2(256) − L2(128)| allows three
// times the a-posteriori error estimate for the O(N⁻³) terms. Rounding: each A carries
// N·(ε + u)·(α + |β| + 2)·max(1, c2/c1) (ε = GradientRoundingBound on the positive part
// G ≈ c2τ, the α c1 and β c2 terms exact to a few u), entering L2 with weight ≤ 3 and the
// difference with weight ≤ 6.
func TestC17_SCFieldResidualAtT2(t *testing.T) {
	for _, sp := range []testSpace{{"m=2", two(t)}, {"toy", feature.Toy()}, {"sharp", sharp(t)}} {
		for _, ab := range [][2]float64{{1, 0}, {1.3, 0.3}, {1.5, 0.5}, {0.8, -0.2}} {
			for _, decoupled := range []bool{false, true} {
				alpha, beta := ab[0], ab[1]
				name := fmt.Sprintf("%s/α=%g,β=%g/decoupled=%v", sp.name, alpha, beta, decoupled)
				t.Run(name, func(t *testing.T) {
					s := sp.space
					m := s.Len()
					if neg := s.NegativeTargetPairs(alpha, beta); len(neg) > 0 {
						t.Skipf("T2 < 0 on pairs %v (β > αρ, C26): no logit reaches it", neg)
					}
					lim, err := SCResidualLimit(nil, s, alpha, beta)
					if err != nil {
						t.Fatal(err)
					}
					a128 := scResidual(t, s, 128, alpha, beta, decoupled)
					a256 := scResidual(t, s, 256, alpha, beta, decoupled)
					a512 := scResidual(t, s, 512, alpha, beta, decoupled)
					e := mustExact(t, s, 512)
					rhoMin, _ := s.RhoRange()
					round := 6 * 512 * (e.GradientRoundingBound(scLogits(t, s, 512, alpha, beta, decoupled)) + u) * (alpha + math.Abs(beta) + 2) * math.Max(1, 1/rhoMin)
					for i := 0; i < m; i++ {
						for k := 0; k < m; k++ {
							l2a := 2*a256.At(i, k) - a128.At(i, k)
							l2b := 2*a512.At(i, k) - a256.At(i, k)
							tol := math.Abs(l2b-l2a) + round
							if !scalar.EqualWithinAbs(l2b, lim.At(i, k), tol) {
								t.Errorf("(%d,%d): N·F/c1 = %.6g, %.6g, %.6g at N = 128, 256, 512; extrapolated %.8g, derived limit %.8g (tol %.2g)",
									i, k, a128.At(i, k), a256.At(i, k), a512.At(i, k), l2b, lim.At(i, k), tol)
							}
							// O(1/N) and no faster: the limit is non-zero here.
							if !(math.Abs(lim.At(i, k)) > 10*tol) {
								t.Errorf("(%d,%d): limit %.3g not resolved against tol %.2g", i, k, lim.At(i, k), tol)
							}
						}
					}
				})
			}
		}
	}
}

// TestSCFieldIdentities: F(α=1, β=0) = ∇E[ℓ] − c1⊙E[P] (paper form: the InfoNCE gradient
// without the positive's probability term), row shifts leave both fields unchanged, and
// off the attainable line SCResidualLimit refuses.
func TestSCFieldIdentities(t *testing.T) {
	s := sharp(t)
	m := s.Len()
	e := mustExact(t, s, 12)
	logits := randomLogits(m, 5)
	grad := mat.NewDense(m, m, nil)
	e.InfoNCE(grad, logits)
	p := e.PositiveProbTo(nil, logits)
	f := e.SCFieldTo(nil, logits, 1, 0)
	c1 := s.PositiveJoint()
	eps := e.GradientRoundingBound(logits)
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			want := grad.At(i, k) - c1.At(i, k)*p.At(i, k)
			// Both sides are the same accumulations up to ε·(|∂| + 2c1) each.
			tol := 2 * (eps + 4*u) * (math.Abs(grad.At(i, k)) + 2*c1.At(i, k))
			if !scalar.EqualWithinAbs(f.At(i, k), want, tol) {
				t.Errorf("F(1,0)[%d][%d] = %.17g, ∇ − c1·E[P] = %.17g", i, k, f.At(i, k), want)
			}
		}
	}
	shifted := mat.DenseCopyOf(logits)
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			shifted.Set(i, k, shifted.At(i, k)+float64(3*i)-1.5)
		}
	}
	for _, tc := range []struct {
		name string
		f    func(l mat.Matrix) *mat.Dense
	}{
		{"paper", func(l mat.Matrix) *mat.Dense { return e.SCFieldTo(nil, l, 1.3, 0.2) }},
		{"decoupled", func(l mat.Matrix) *mat.Dense { return e.DecoupledSCFieldTo(nil, l, 1.3, 0.2) }},
		{"E[P]", func(l mat.Matrix) *mat.Dense { return e.PositiveProbTo(nil, l) }},
	} {
		// Shifting a row by ≤ 6 changes the exp arguments' rounding by ≤ 6u·|s| relative.
		a, b := tc.f(logits), tc.f(shifted)
		tol := (2*eps + 16*u) * (matMaxAbs(a) + 2)
		if !mat.EqualApprox(a, b, tol) {
			t.Errorf("%s field changes under row shifts:\n%v\n%v", tc.name, mat.Formatted(a), mat.Formatted(b))
		}
	}
	if _, err := SCResidualLimit(nil, s, 1, -0.2); err == nil {
		t.Error("SCResidualLimit accepted α − β = 1.2")
	}
	if _, err := SCResidualLimit(nil, s, math.NaN(), 0); err == nil {
		t.Error("SCResidualLimit accepted α = NaN")
	}
}
