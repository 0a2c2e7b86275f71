package proofs

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestCycleSpectrumMatchesDenseEigenvalues: the closed form C31 compares Spectral with is
// the spectrum of M = D^{-1/2} c1 D^{-1/2} computed densely by gonum's EigenSym from
// feature.Space's c1, for even and odd cycles (m = 6: λ = cos⁴(π/2) = 0 once at j = 3).
// Tolerance: EigenSym's backward error 8m·u·‖M‖_F plus relTol(m)‖M‖_F for M's entries
// (proofs doc.go), ‖M‖_F ≤ √m.
func TestCycleSpectrumMatchesDenseEigenvalues(t *testing.T) {
	for _, m := range []int{6, 7, 16} {
		_, dense, err := c31Space(m)
		if err != nil {
			t.Fatal(err)
		}
		q := dense.ViewMarginal()
		c1 := dense.PositiveJoint()
		sym := mat.NewSymDense(m, nil)
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				sym.SetSym(i, j, c1.At(i, j)/math.Sqrt(q[i]*q[j]))
			}
		}
		var eig mat.EigenSym
		if !eig.Factorize(sym, false) {
			t.Fatalf("m = %d: EigenSym failed", m)
		}
		got := eig.Values(nil)
		sort.Sort(sort.Reverse(sort.Float64Slice(got)))
		want := cycleSpectrum(m, m)
		tol := (8*float64(m)*unitRoundoff + relTol(m)) * math.Sqrt(float64(m))
		for k := range want {
			if !scalar.EqualWithinAbs(got[k], want[k], tol) {
				t.Errorf("m = %d: eigenvalue %d = %.17g, closed form %.17g", m, k, got[k], want[k])
			}
		}
	}
}

// TestC31OptimumAndItsRival: the optimum's Gram matrix attains −Σλ² in the population
// loss and the rival stationary point (eigenvector 3 for 2) attains −Σλ² + λ_2² − λ_3²
// (Eckart–Young, checked on spectralPopulationLoss independently of training), within
// 1e-9 (Spectral's residual 1e-10 times the loss's O(1) Lipschitz constant in G, with
// room); and C31's training checks fail on the rival: its Gram matrix is 4 tolerances from
// G* and its loss 10 tolerances from L*.
func TestC31OptimumAndItsRival(t *testing.T) {
	sp, dense, err := c31Space(c31TrainStates)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := c31OptimumOf(sp, dense.ViewMarginal(), c31Dim)
	if err != nil {
		t.Fatal(err)
	}
	if l := spectralPopulationLoss(dense, opt.gram); !scalar.EqualWithinAbs(l, opt.loss, 1e-9) {
		t.Errorf("loss at G* = %.12f, −Σλ² = %.12f", l, opt.loss)
	}
	if l := spectralPopulationLoss(dense, opt.alt); !scalar.EqualWithinAbs(l, opt.next, 1e-9) {
		t.Errorf("loss at the rival = %.12f, closed form %.12f", l, opt.next)
	}
	if !(opt.next-opt.loss > 0.3) { // λ_2² − λ_3² = 0.856 − 0.531 on the 16-cycle
		t.Errorf("rival's loss gap %.4g: the training tolerance could not tell them apart", opt.next-opt.loss)
	}
	if d := maxAbsDiff(opt.alt, opt.gram); !(d > 1) {
		t.Errorf("max |G_rival − G*| = %.3g: too close to tell apart", d)
	}
	nan := mat.DenseCopyOf(opt.gram)
	nan.Set(3, 5, math.NaN())
	if !math.IsNaN(maxAbsDiff(nan, opt.gram)) {
		t.Error("maxAbsDiff skips a NaN entry")
	}
}
