package optim

import (
	"math"
	"strings"
	"testing"
)

// TestAdamEdgeParameters: β1 = β2 = 0 are valid (no averaging): m = g, v = g², no
// bias correction (1 − 0^t = 1), so every step moves by −lr·g/(|g| + ε) exactly as
// computed here with the same three roundings.
func TestAdamEdgeParameters(t *testing.T) {
	o, err := NewAdam(0, 0, 0.5)
	if err != nil {
		t.Fatalf("β1 = β2 = 0: %v", err)
	}
	p := []float64{1, 1}
	for _, g := range [][]float64{{2, -0.5}, {-4, 0.5}} {
		before := append([]float64(nil), p...)
		o.Step(p, g, 0.25)
		for k := range p {
			// ε = 0.5 and dyadic gradients: |g|/(|g|+ε) ∈ {0.8, 0.5, 8/9}; 1e-15 covers
			// the rounding of p (≈ 1) plus one division.
			want := -0.25 * g[k] / (math.Abs(g[k]) + 0.5)
			if !(math.Abs(p[k]-before[k]-want) <= 1e-15) {
				t.Errorf("g = %v: moved by %.17g, want %.17g", g[k], p[k]-before[k], want)
			}
		}
	}
	for _, tc := range []struct {
		b1, b2, eps float64
		want        string
	}{
		{math.NaN(), 0.9, 1, "β1 = NaN"},
		{0.5, -0.1, 1, "β2 = -0.1"},
		{0.5, 0.5, -1, "ε = -1"},
		{0.5, 0.5, math.Inf(-1), "ε = -Inf"},
	} {
		if _, err := NewAdam(tc.b1, tc.b2, tc.eps); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewAdam(%v, %v, %v) = %v, want an error naming %q", tc.b1, tc.b2, tc.eps, err, tc.want)
		}
	}
}

func TestZeroLearningRate(t *testing.T) {
	adam, _ := NewAdam(DefaultBeta1, DefaultBeta2, DefaultEps)
	sgd, err := NewSGD(0)
	if err != nil {
		t.Fatalf("momentum 0: %v", err)
	}
	mom, _ := NewSGD(0.5)
	for name, o := range map[string]Optimizer{"Adam": adam, "SGD": sgd, "SGD momentum": mom} {
		p := []float64{1, -2}
		o.Step(p, []float64{3, 4}, 0) // lr = 0 is valid and moves nothing
		if p[0] != 1 || p[1] != -2 {
			t.Errorf("%s with lr = 0 moved p to %v", name, p)
		}
	}
}

// TestResetSameLengthAllocatesNothing: after Reset a model of the same size reuses the
// optimiser's state.
func TestResetSameLengthAllocatesNothing(t *testing.T) {
	p, g := make([]float64, 100), make([]float64, 100)
	adam, _ := NewAdam(DefaultBeta1, DefaultBeta2, DefaultEps)
	mom, _ := NewSGD(0.9)
	for name, o := range map[string]Optimizer{"Adam": adam, "SGD momentum": mom} {
		o.Step(p, g, 1e-3)
		if n := testing.AllocsPerRun(10, func() { o.Reset(); o.Step(p, g, 1e-3) }); n != 0 {
			t.Errorf("%s: %v allocations per Reset+Step, want 0", name, n)
		}
	}
}

func TestScheduleEdges(t *testing.T) {
	// Total = 1, no warm-up: step 0 is the cosine's start, Base; step 1 is past the end.
	w, err := NewWarmupCosine(0.5, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if w.LR(0) != 0.5 || w.LR(1) != 0 {
		t.Errorf("Total = 1: LR(0), LR(1) = %v, %v; want 0.5, 0", w.LR(0), w.LR(1))
	}
	for _, tc := range []struct {
		w    WarmupCosine
		want string
	}{
		{WarmupCosine{Base: math.NaN(), Warmup: 0, Total: 1}, "Base = NaN"},
		{WarmupCosine{Base: -1, Warmup: 0, Total: 1}, "Base = -1"},
		{WarmupCosine{Base: math.Inf(-1), Warmup: 0, Total: 1}, "Base = -Inf"},
		{WarmupCosine{Base: 1, Warmup: 0, Total: -3}, "Total = -3"},
		{WarmupCosine{Base: 1, Warmup: 0, Total: 0}, "Total = 0: need ≥ 1 step"},
	} {
		if err := tc.w.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Validate = %v, want an error naming %q", tc.w, err, tc.want)
		}
	}
	if _, err := NewConstant(math.Inf(1)); err == nil || !strings.Contains(err.Error(), "+Inf") {
		t.Errorf("NewConstant(+Inf) = %v", err)
	}
	if c, err := NewConstant(0.125); err != nil || c.LR(7) != 0.125 {
		t.Errorf("NewConstant(0.125) = %v, %v", c, err)
	}
}

// TestPlainSGDKeepsNoState: with momentum 0 SGD is p −= lr·g and holds no state, so
// models of different sizes can follow each other without Reset.
func TestPlainSGDKeepsNoState(t *testing.T) {
	var o SGD
	a := []float64{1}
	o.Step(a, []float64{4}, 0.25)
	b := []float64{1, 2}
	o.Step(b, []float64{4, -4}, 0.25) // would panic if a velocity of length 1 were kept
	if a[0] != 0 || b[0] != 0 || b[1] != 3 {
		t.Errorf("plain SGD: %v, %v; want [0], [0 3]", a, b)
	}
}
