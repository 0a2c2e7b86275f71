package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// fdStep is gonum's default step for central differences (fd.Central.Step).
const fdStep = 6e-6

// checkGradient compares grad (from Backward) with central finite differences of
// loss(params) over params, where loss evaluates the model after its Params have been
// set to the given vector. It restores params afterwards.
//
// Tolerance: the central-difference error is h²/6·|f⁽³⁾| + δ/h, where δ is the
// rounding noise of one evaluation of f. Every loss here is L = Σ W∘out over
// n ≤ 4800 terms of order 1 with random signs: partial sums are O(√n), each of the n
// additions rounds by ≤ ε·√n with a random sign, so δ ≈ √n·ε·√n = n·ε ≈ 1e-12 and
// δ/h ≈ 2e-7 at h = 6e-6. f⁽³⁾ vanishes for the linear models and is O(10) for the
// MLP (a product of three layers), so h²/6·|f⁽³⁾| ≲ 1e-9. abs = rel = 1e-6 bounds
// the error with margin (the worst observed is 7e-9), while a wrong gradient term
// (of order 0.1–10) fails by far.
func checkGradient(t *testing.T, name string, params, grad []float64, loss func() float64) {
	t.Helper()
	const tol = 1e-6
	orig := append([]float64(nil), params...)
	f := func(p []float64) float64 {
		copy(params, p)
		return loss()
	}
	want := fd.Gradient(nil, f, orig, &fd.Settings{Formula: fd.Central, Step: fdStep})
	copy(params, orig)
	bad := 0
	for k := range want {
		if !scalar.EqualWithinAbsOrRel(grad[k], want[k], tol, tol) {
			if bad < 5 {
				t.Errorf("%s: ∂L/∂p[%d] = %.12g, finite differences %.12g", name, k, grad[k], want[k])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d gradient entries disagree with finite differences", name, bad, len(want))
	}
}

// weightedSum returns Σ_ab W_ab·out_ab, so that ∂L/∂out = W.
func weightedSum(w, out *mat.Dense) float64 {
	r, c := out.Dims()
	var s float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			s += w.At(i, j) * out.At(i, j)
		}
	}
	return s
}

func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// mustPanic fails unless f panics.
func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: did not panic", name)
		}
	}()
	f()
}
