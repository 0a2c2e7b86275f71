package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

func TestNewFreeLogitsErrors(t *testing.T) {
	tests := []struct {
		m      int
		init   float64
		want   string
		reason string
	}{
		{0, 0, "m = 0", "no states"},
		{-3, 0, "m = -3", "negative state count"},
		{2, math.NaN(), "init = NaN", "NaN logit"},
		{2, math.Inf(1), "init = +Inf", "infinite logit"},
	}
	for _, tt := range tests {
		_, err := NewFreeLogits(tt.m, tt.init)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewFreeLogits(%d, %v) error = %v, want one naming %q (%s)", tt.m, tt.init, err, tt.want, tt.reason)
		}
	}
	f, err := NewFreeLogits(1, 0.5)
	if err != nil || len(f.Params()) != 1 {
		t.Fatalf("NewFreeLogits(1, 0.5) = %v params, %v; want 1 parameter", len(f.Params()), err)
	}
}

// randomSym returns an m×m symmetric matrix with standard normal entries.
func randomSym(rng *rand.Rand, m int) *mat.SymDense {
	s := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			s.SetSym(i, j, rng.NormFloat64())
		}
	}
	return s
}

func TestFreeLogitsLayoutAndLogits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const m = 4
	f, err := NewFreeLogits(m, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Params()), m*(m+1)/2; got != want {
		t.Fatalf("len(Params) = %d, want m(m+1)/2 = %d", got, want)
	}
	for k, v := range f.Params() {
		if v != 0.25 {
			t.Errorf("initial Params[%d] = %v, want 0.25", k, v)
		}
	}
	theta := randomSym(rng, m)
	if err := f.SetTheta(theta); err != nil {
		t.Fatal(err)
	}
	// Packed row-major upper triangle: θ_00 θ_01 θ_02 θ_03 θ_11 θ_12 θ_13 θ_22 θ_23 θ_33.
	k := 0
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			if f.Params()[k] != theta.At(i, j) {
				t.Errorf("Params[%d] = %v, want θ[%d][%d] = %v", k, f.Params()[k], i, j, theta.At(i, j))
			}
			k++
		}
	}
	if !mat.Equal(f.Theta(), theta) {
		t.Errorf("Theta() = %v, want the θ set", mat.Formatted(f.Theta()))
	}
	rows := []int{0, 2, 1, 3, 2}
	cols := []int{2, 0, 3, 3, 1, 0}
	s := f.LogitsTo(nil, rows, cols)
	for a, i := range rows {
		for b, j := range cols {
			if s.At(a, b) != theta.At(i, j) {
				t.Errorf("s[%d][%d] = %v, want θ[%d][%d] = %v", a, b, s.At(a, b), i, j, theta.At(i, j))
			}
		}
	}
	var empty mat.Dense
	if got := f.LogitsTo(&empty, rows, cols); got != &empty || !mat.Equal(got, s) {
		t.Errorf("LogitsTo into an empty dst did not resize and fill it")
	}
	bad := mat.NewSymDense(m, nil)
	bad.SetSym(1, 2, math.NaN())
	if err := f.SetTheta(bad); err == nil || !strings.Contains(err.Error(), "θ[1][2] = NaN") {
		t.Errorf("SetTheta with NaN at [1][2]: error = %v, want one naming θ[1][2] = NaN", err)
	}
	if !mat.Equal(f.Theta(), theta) {
		t.Errorf("a rejected SetTheta changed θ")
	}
}

// TestC30_FreeLogitsGradient checks BackwardLogits against finite differences of
// L = Σ W∘s over the packed parameters, and against the symmetrised full-matrix
// gradient G_ij + G_ji (G_ii on the diagonal) accumulated independently.
func TestC30_FreeLogitsGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const m = 4
	f, _ := NewFreeLogits(m, 0)
	if err := f.SetTheta(randomSym(rng, m)); err != nil {
		t.Fatal(err)
	}
	// Rows and cols repeat states and contain both (0,2) and (2,0) and the diagonal.
	rows := []int{0, 2, 1, 3, 2, 2}
	cols := []int{2, 0, 3, 3, 1, 0, 1}
	w := randDense(rng, len(rows), len(cols))
	s := mat.NewDense(len(rows), len(cols), nil)
	f.ZeroGrad()
	f.BackwardLogits(w, rows, cols)
	grad := append([]float64(nil), f.Grad()...)
	checkGradient(t, "FreeLogits", f.Params(), grad, func() float64 {
		f.LogitsTo(s, rows, cols)
		return weightedSum(w, s)
	})

	// Independent: full-matrix gradient G, then the symmetric reduction.
	g := mat.NewDense(m, m, nil)
	for a, i := range rows {
		for b, j := range cols {
			g.Set(i, j, g.At(i, j)+w.At(a, b))
		}
	}
	k := 0
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			want := g.At(i, j) + g.At(j, i)
			if i == j {
				want = g.At(i, i)
			}
			// Both are sums of the same ≤ 42 terms of order 1 in different orders:
			// rounding ≤ 42·ε·Σ|w| ≈ 1e-13.
			if !scalar.EqualWithinAbsOrRel(grad[k], want, 1e-12, 1e-12) {
				t.Errorf("∂L/∂θ[%d][%d] = %v, want G_ij + G_ji = %v", i, j, grad[k], want)
			}
			k++
		}
	}
	// Backward accumulates: a second call adds the same sums again. Each entry is a
	// sum of ≤ 42 terms of order 1 added to itself term by term, so it equals 2× the
	// single sum up to re-association rounding ≤ 42·ε·Σ|w| ≈ 1e-13.
	f.BackwardLogits(w, rows, cols)
	for k, v := range f.Grad() {
		if !scalar.EqualWithinAbsOrRel(v, 2*grad[k], 1e-12, 1e-12) {
			t.Errorf("after two BackwardLogits Grad[%d] = %v, want 2×%v", k, v, grad[k])
		}
	}
	f.ZeroGrad()
	for k, v := range f.Grad() {
		if v != 0 {
			t.Errorf("after ZeroGrad Grad[%d] = %v", k, v)
		}
	}
}

func TestFreeLogitsPanics(t *testing.T) {
	f, _ := NewFreeLogits(3, 0)
	tests := []struct {
		name string
		call func()
	}{
		{"LogitsTo wrong dst shape", func() { f.LogitsTo(mat.NewDense(2, 2, nil), []int{0, 1}, []int{0}) }},
		{"LogitsTo state out of range", func() { f.LogitsTo(nil, []int{0, 3}, []int{0}) }},
		{"LogitsTo negative state", func() { f.LogitsTo(nil, []int{0}, []int{-1}) }},
		{"BackwardLogits wrong gs shape", func() { f.BackwardLogits(mat.NewDense(2, 2, nil), []int{0}, []int{0, 1}) }},
		{"BackwardLogits state out of range", func() { f.BackwardLogits(mat.NewDense(1, 1, nil), []int{5}, []int{0}) }},
		{"SetTheta wrong size", func() { _ = f.SetTheta(mat.NewSymDense(2, nil)) }},
	}
	for _, tt := range tests {
		mustPanic(t, tt.name, tt.call)
	}
}
