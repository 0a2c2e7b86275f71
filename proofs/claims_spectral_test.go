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
	// The rival swaps eigenpair d−1 for eigenpair d: G_rival − G* = D^{−1/2}(λ_d v_d v_dᵀ −
	// λ_{d−1} v_{d−1} v_{d−1}ᵀ)D^{−1/2}, symmetric, with Σ_i q_i (G_rival − G*)_ii =
	// λ_d − λ_{d−1} (unit eigenvectors). 1e-12: sums of 16 products of O(1) numbers.
	q := dense.ViewMarginal()
	var tr float64
	for i := range q {
		tr += q[i] * (opt.alt.At(i, i) - opt.gram.At(i, i))
		for j := range q {
			if !scalar.EqualWithinAbs(opt.alt.At(i, j), opt.alt.At(j, i), 1e-12) {
				t.Fatalf("rival Gram not symmetric at (%d, %d): %v vs %v", i, j, opt.alt.At(i, j), opt.alt.At(j, i))
			}
		}
	}
	if want := opt.vals[c31Dim] - opt.vals[c31Dim-1]; !scalar.EqualWithinAbs(tr, want, 1e-12) {
		t.Errorf("Σ_i q_i (G_rival − G*)_ii = %v, want λ_d − λ_{d−1} = %v", tr, want)
	}
	nan := mat.DenseCopyOf(opt.gram)
	nan.Set(3, 5, math.NaN())
	if !math.IsNaN(maxAbsDiff(nan, opt.gram)) {
		t.Error("maxAbsDiff skips a NaN entry")
	}
}

// TestC31ChecksRejectWrongValues (tests of the tests): C31's spectrum check passes on
// Spectral's eigenpairs and fails on a perturbed eigenvalue, on a wrong eigenvector and on
// NaN; its training checks pass at the optimum's Gram matrix (Err 0 up to rounding) and
// fail at the nearest other stationary point's, or with one run NaN among good ones.
func TestC31ChecksRejectWrongValues(t *testing.T) {
	sp, dense, err := c31Space(c31TrainStates)
	if err != nil {
		t.Fatal(err)
	}
	vals, vecs, _, err := sp.SpectralWith(c31Dim+1, c31Spectral)
	if err != nil {
		t.Fatal(err)
	}
	if c := spectrumCheck(dense, vals, vecs); !c.Pass() {
		t.Errorf("Spectral's eigenpairs fail: %s", c.Summary())
	}
	bad := append([]float64(nil), vals...)
	bad[2] += 1e-8 // 100 times the tolerance
	if c := spectrumCheck(dense, bad, vecs); c.Pass() || c.Entry != "eigenvalue 2" {
		t.Errorf("eigenvalue 2 off by 1e-8 passes or is not the entry named: %s", c.Summary())
	}
	swapped := mat.DenseCopyOf(vecs)
	swapped.SetCol(1, mat.Col(nil, 3, vecs)) // λ_1 with λ_3's eigenvector
	if c := spectrumCheck(dense, vals, swapped); c.Pass() || c.Entry != "residual 1" {
		t.Errorf("a wrong eigenvector passes or is not the entry named: %s", c.Summary())
	}
	bad[2] = math.NaN()
	if c := spectrumCheck(dense, bad, vecs); c.Pass() || !math.IsInf(c.Err, 1) {
		t.Errorf("a NaN eigenvalue passes: %s", c.Summary())
	}
	opt, err := c31OptimumOf(sp, dense.ViewMarginal(), c31Dim)
	if err != nil {
		t.Fatal(err)
	}
	l, g := c31TrainingChecks(dense, opt, []*mat.Dense{opt.gram, opt.gram})
	if !l.Pass() || !g.Pass() || !(g.Err == 0) || !(l.Err <= 1e-9) {
		t.Errorf("the optimum's own Gram matrix: %s; %s", l.Summary(), g.Summary())
	}
	// Two identical runs tie: the first one is reported.
	if l.Entry != "run 0" || g.Entry != "run 0" {
		t.Errorf("two identical runs: worst loss at %q, worst Gram at %q, want run 0 for both", l.Entry, g.Entry)
	}
	l, g = c31TrainingChecks(dense, opt, []*mat.Dense{opt.gram, opt.alt})
	if l.Pass() || g.Pass() || l.Entry != "run 1" || g.Entry != "run 1" {
		t.Errorf("the rival stationary point as run 1: %s; %s", l.Summary(), g.Summary())
	}
	nan := mat.DenseCopyOf(opt.gram)
	nan.Set(0, 1, math.NaN())
	l, g = c31TrainingChecks(dense, opt, []*mat.Dense{opt.gram, nan, opt.gram})
	if l.Pass() || g.Pass() || !math.IsInf(l.Err, 1) || !math.IsInf(g.Err, 1) {
		t.Errorf("a NaN run among good ones: %s; %s", l.Summary(), g.Summary())
	}
}
