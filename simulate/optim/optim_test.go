package optim

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// ulps is the tolerance for an update computed with a few float64 operations on
// values of order 1: each operation rounds by ≤ ε/2 = 1.1e-16 relative.
const ulps = 1e-15

func TestNewSGDErrors(t *testing.T) {
	tests := []struct {
		mu     float64
		want   string
		reason string
	}{
		{-0.1, "momentum = -0.1", "negative momentum"},
		{1, "momentum = 1", "momentum 1 never forgets"},
		{math.NaN(), "momentum = NaN", "NaN"},
	}
	for _, tt := range tests {
		if _, err := NewSGD(tt.mu); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewSGD(%v) error = %v, want one naming %q (%s)", tt.mu, err, tt.want, tt.reason)
		}
	}
}

// TestSGDMomentumByHand: μ = 0.9, lr = 0.1, gradients 1, 2, 3 (and −1, 0, 0.5 for
// a second parameter). By hand: v = 1, 2.9, 5.61 so p = p0 − 0.1, − 0.29, − 0.561;
// second parameter v = −1, −0.9, −0.31 so p moves +0.1, +0.09, +0.031.
func TestSGDMomentumByHand(t *testing.T) {
	o, err := NewSGD(0.9)
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{5, -2}
	grads := [][]float64{{1, -1}, {2, 0}, {3, 0.5}}
	want := [][]float64{{4.9, -1.9}, {4.61, -1.81}, {4.049, -1.779}}
	for s, g := range grads {
		o.Step(p, g, 0.1)
		for k := range p {
			if !scalar.EqualWithinAbsOrRel(p[k], want[s][k], ulps*10, ulps*10) {
				t.Errorf("step %d: p[%d] = %.17g, want %.17g", s+1, k, p[k], want[s][k])
			}
		}
	}
	// Reset forgets the velocity: the next step is plain −lr·g.
	o.Reset()
	o.Step(p, []float64{1, 1}, 0.1)
	if !scalar.EqualWithinAbsOrRel(p[0], 3.949, ulps*10, ulps*10) {
		t.Errorf("after Reset p[0] = %v, want 3.949", p[0])
	}
	// Momentum 0 (also the zero value) is plain SGD.
	var plain SGD
	q := []float64{1}
	plain.Step(q, []float64{2}, 0.25)
	plain.Step(q, []float64{2}, 0.25)
	if q[0] != 0 {
		t.Errorf("plain SGD: p = %v, want 1 − 2·0.25·2 = 0", q[0])
	}
}

func TestNewAdamErrors(t *testing.T) {
	tests := []struct {
		b1, b2, eps float64
		want        string
		reason      string
	}{
		{1, 0.999, 1e-8, "β1 = 1", "β1 = 1 divides by 1 − β1^t = 0"},
		{-0.5, 0.999, 1e-8, "β1 = -0.5", "negative β1"},
		{0.9, 1, 1e-8, "β2 = 1", "β2 = 1 divides by 0"},
		{0.9, math.NaN(), 1e-8, "β2 = NaN", "NaN β2"},
		{0.9, 0.999, 0, "ε = 0", "ε = 0 divides by zero on a zero gradient"},
		{0.9, 0.999, math.Inf(1), "ε = +Inf", "infinite ε"},
	}
	for _, tt := range tests {
		if _, err := NewAdam(tt.b1, tt.b2, tt.eps); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewAdam(%v, %v, %v) error = %v, want one naming %q (%s)", tt.b1, tt.b2, tt.eps, err, tt.want, tt.reason)
		}
	}
}

// TestAdamClosedForms checks Adam against hand-derived closed forms.
//
// Step 1: m̂ = g, v̂ = g², so every parameter moves by −lr·g/(|g| + ε), i.e. by lr
// against the sign of g whatever |g| (up to ε/|g|).
//
// Constant gradient g: m_t = (1−β1^t) g and v_t = (1−β2^t) g², so the bias
// corrections cancel and every step moves by −lr·g/(|g| + ε).
//
// Gradients 1 then −1 (β1 = 0.9, β2 = 0.999): m_2 = 0.9·0.1 − 0.1 = −0.01,
// m̂_2 = −0.01/0.19 = −1/19; v_2 = 0.999·0.001 + 0.001 = 0.001999 = 1 − 0.999², so
// v̂_2 = 1 and step 2 moves by +lr/(19(1 + ε)).
func TestAdamClosedForms(t *testing.T) {
	o, err := NewAdam(DefaultBeta1, DefaultBeta2, DefaultEps)
	if err != nil {
		t.Fatal(err)
	}
	const lr = 1e-3
	g := []float64{3e-4, -250, 1, 0}
	p := []float64{1, 2, 3, 4}
	for s := 1; s <= 3; s++ {
		before := append([]float64(nil), p...)
		o.Step(p, g, lr)
		for k := range p {
			want := -lr * g[k] / (math.Abs(g[k]) + DefaultEps)
			// The step is the difference of two numbers of order 1, so it carries the
			// rounding of p: ≤ ε·|p| ≈ 1e-15 absolute.
			if !scalar.EqualWithinAbsOrRel(p[k]-before[k], want, 1e-14, 0) {
				t.Errorf("step %d, g = %v: moved by %.17g, want −lr·g/(|g|+ε) = %.17g", s, g[k], p[k]-before[k], want)
			}
		}
	}
	if o.Steps() != 3 {
		t.Errorf("Steps() = %d, want 3", o.Steps())
	}
	o.Reset()
	q := []float64{0}
	o.Step(q, []float64{1}, lr)
	o.Step(q, []float64{-1}, lr)
	want := -lr/(1+DefaultEps) + lr/(19*(1+DefaultEps))
	// A few roundings of values of order lr = 1e-3: ≤ 1e-18 each; 1e-17 covers them.
	if !scalar.EqualWithinAbsOrRel(q[0], want, 1e-17, 0) {
		t.Errorf("gradients 1, −1: p = %.17g, want %.17g", q[0], want)
	}
	if o.Steps() != 2 {
		t.Errorf("Steps() after Reset and two steps = %d, want 2", o.Steps())
	}
}

func TestStepPanics(t *testing.T) {
	adam, _ := NewAdam(DefaultBeta1, DefaultBeta2, DefaultEps)
	adam.Step(make([]float64, 3), make([]float64, 3), 1e-3)
	sgd, _ := NewSGD(0.5)
	sgd.Step(make([]float64, 3), make([]float64, 3), 1e-3)
	tests := []struct {
		name string
		call func()
	}{
		{"Adam length mismatch", func() { adam.Step(make([]float64, 3), make([]float64, 2), 1e-3) }},
		{"Adam other model without Reset", func() { adam.Step(make([]float64, 4), make([]float64, 4), 1e-3) }},
		{"Adam NaN lr", func() { adam.Step(make([]float64, 3), make([]float64, 3), math.NaN()) }},
		{"Adam negative lr", func() { adam.Step(make([]float64, 3), make([]float64, 3), -1) }},
		{"SGD length mismatch", func() { sgd.Step(make([]float64, 3), make([]float64, 4), 1e-3) }},
		{"SGD other model without Reset", func() { sgd.Step(make([]float64, 2), make([]float64, 2), 1e-3) }},
		{"SGD infinite lr", func() { sgd.Step(make([]float64, 3), make([]float64, 3), math.Inf(1)) }},
		{"plain SGD length mismatch", func() { (&SGD{}).Step(make([]float64, 1), nil, 1) }},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: did not panic", tt.name)
				}
			}()
			tt.call()
		}()
	}
	// After Reset a new length is accepted.
	adam.Reset()
	adam.Step(make([]float64, 5), make([]float64, 5), 1e-3)
	sgd.Reset()
	sgd.Step(make([]float64, 5), make([]float64, 5), 1e-3)
}

func TestStepZeroAllocs(t *testing.T) {
	p := make([]float64, 1000)
	g := make([]float64, 1000)
	for i := range g {
		g[i] = float64(i%7) - 3
	}
	adam, _ := NewAdam(DefaultBeta1, DefaultBeta2, DefaultEps)
	sgd, _ := NewSGD(0.9)
	var plain SGD
	for name, o := range map[string]Optimizer{"Adam": adam, "SGD momentum": sgd, "SGD": &plain} {
		o.Step(p, g, 1e-3)
		if n := testing.AllocsPerRun(10, func() { o.Step(p, g, 1e-3) }); n != 0 {
			t.Errorf("%s: %v allocations per Step, want 0", name, n)
		}
	}
}
