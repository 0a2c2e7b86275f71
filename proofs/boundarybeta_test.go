package proofs

import (
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestBoundaryBetaPicksPairRowMajor: BoundaryBeta(s, α, pair, t) is α·ρ_kl·(1 + t) for the
// pair number pair mod m² read row-major (k = pair/m, l = pair mod m), also for pair ≥ m²
// and pair < 0. On the toy ρ is docs/theory.md §7's printed goldenRho.
func TestBoundaryBetaPicksPairRowMajor(t *testing.T) {
	s := feature.Toy()
	rho := s.DensityRatio()
	const alpha = 2.0
	for pair := -9; pair < 18; pair++ {
		r := ((pair % 9) + 9) % 9 // pair mod m², m = 3, in [0, 9)
		k, l := r/3, r%3
		// t = 0: the exact product α·ρ_kl that feature's sign test compares with.
		if got, want := BoundaryBeta(s, alpha, pair, 0), alpha*rho.At(k, l); got != want {
			t.Errorf("BoundaryBeta(toy, %g, %d, 0) = %v, want α·ρ_%d%d = %v", alpha, pair, got, k, l, want)
		}
		// Against the printed ρ: 6 decimals, so |ρ − printed| ≤ ½·10⁻⁶, times α (1 + t) =
		// 3; the float64 rounding of the product (a few ulps of ~3) is 10⁹ times smaller.
		const tt = 0.5
		want := alpha * goldenRho[k][l] * (1 + tt)
		if got := BoundaryBeta(s, alpha, pair, tt); !(math.Abs(got-want) <= alpha*(1+tt)*0.5e-6) {
			t.Errorf("BoundaryBeta(toy, %g, %d, %g) = %v, want α·ρ_%d%d·(1 + t) = %v (printed ρ)", alpha, pair, tt, got, k, l, want)
		}
	}
}
