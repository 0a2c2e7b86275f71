package mnist

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// toyEstimator has m = 12 random 4×4 "images" with the default augmentation.
func toyEstimator(workers int) *Estimator {
	rng := rand.New(rand.NewPCG(4, 4))
	img := mat.NewDense(12, 16, nil)
	for i := 0; i < 12; i++ {
		for p := 0; p < 16; p++ {
			img.Set(i, p, rng.Float64())
		}
	}
	return &Estimator{Snapper: NewSnapper(img), Rows: 4, Cols: 4, Augment: DefaultAugment, Workers: workers}
}

func toyConfig(name string) TrainConfig {
	return TrainConfig{Hidden: []int{8}, Dim: 4, Loss: name, Params: simulate.LossParams{Tau: 0.5, Alpha: 1.5, Beta: 0.5}, Batch: 5, LR: 1e-2, Seed: 3}
}

// TestTrainerGradientFiniteDifference checks the gradient a step applies (MLP
// backprop fed by the loss's gradient through the two view halves) against central
// differences of the loss on the same snapped batch.
func TestTrainerGradientFiniteDifference(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hidden []int
		dim    int
	}{{"infonce", []int{8}, 4}, {"dcl", []int{8}, 4}, {"infonce", []int{16}, 16}, {"dcl", []int{32}, 16}} {
		// Widths 16 → 16 → 16 and 16 → 32 → 16 run on the KernelMLP, 16 → 8 → 4 on nn.MLP.
		// (Not scinfonce: its stop-gradient makes its update field differ from ∂L.)
		name := tc.name
		cfg := toyConfig(name)
		cfg.Hidden, cfg.Dim = tc.hidden, tc.dim
		tr, err := NewTrainer(toyEstimator(1), cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, kernel := tr.mlp.(*KernelMLP)
		if kernel != (tc.dim == 16) {
			t.Errorf("widths %v/%d: KernelMLP used = %v", tc.hidden, tc.dim, kernel)
		}
		tr.lossGrad()
		grad := slices.Clone(tr.mlp.Grad())
		params := tr.mlp.Params()
		eval := func() float64 {
			tr.mlp.Forward(tr.z, nil, tr.x)
			return tr.loss.Eval(tr.z1, tr.z2, nil, nil)
		}
		const h = 1e-6
		for _, k := range []int{0, 7, 40, 130, 135, len(params) - 20, len(params) - 1} {
			old := params[k]
			params[k] = old + h
			up := eval()
			params[k] = old - h
			down := eval()
			params[k] = old
			fd := (up - down) / (2 * h)
			// Central difference: truncation O(h²·f''') ≈ 1e-12, rounding ε·|L|/h ≈ 1e-10;
			// 1e-6 absolute plus 1e-5 relative leaves room for ReLU kinks nearby.
			if !(math.Abs(fd-grad[k]) <= 1e-6+1e-5*math.Abs(fd)) {
				t.Errorf("%s: ∂L/∂θ[%d] = %v, finite difference %v", name, k, grad[k], fd)
			}
		}
	}
}

func TestTrainerDeterministic(t *testing.T) {
	run := func(workers int) ([]float64, []float64) {
		tr, err := NewTrainer(toyEstimator(workers), toyConfig("scinfonce"))
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		for range 5 {
			losses = append(losses, tr.Step())
		}
		return losses, slices.Clone(tr.Encoder().Params())
	}
	l1, p1 := run(1)
	l2, p2 := run(2)
	if !slices.Equal(l1, l2) || !slices.Equal(p1, p2) {
		t.Errorf("1 worker: losses %v; 2 workers: %v (params equal: %v)", l1, l2, slices.Equal(p1, p2))
	}
}

func TestTrainerErrors(t *testing.T) {
	for _, tc := range []struct {
		mod  func(*TrainConfig)
		want string
	}{
		{func(c *TrainConfig) { c.Loss = "nope" }, "nope"},
		{func(c *TrainConfig) { c.Batch = 1 }, "batch of 1"},
		{func(c *TrainConfig) { c.LR = 0 }, "learning rate 0"},
		{func(c *TrainConfig) { c.Dim = 0 }, "dimension 0"},
		{func(c *TrainConfig) { c.Params.Tau = -1 }, "-1"},
	} {
		c := toyConfig("infonce")
		tc.mod(&c)
		if _, err := NewTrainer(toyEstimator(1), c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// TestTrainerFeedsSnappedStates: after a step's draw, row v of the MLP's input holds the
// pixels of the state view v snapped to, and that state is the brute-force nearest
// state to the augmented view (docs/theory.md §12: every view is a state).
func TestTrainerFeedsSnappedStates(t *testing.T) {
	e := toyEstimator(2)
	tr, err := NewTrainer(e, toyConfig("infonce"))
	if err != nil {
		t.Fatal(err)
	}
	tr.lossGrad()
	m, d := e.Snapper.Len(), e.Snapper.Dim()
	for v, j := range tr.snapped {
		if got, want := tr.x.RawRowView(v), e.Snapper.State(j); !slices.Equal(got, want) {
			t.Errorf("input row %d = %v, want state %d's pixels %v", v, got, j, want)
		}
		view := tr.views.RawRowView(v)
		best, bestD := -1, math.Inf(1)
		for k := 0; k < m; k++ {
			var s float64
			for p := 0; p < d; p++ {
				s += (view[p] - e.Snapper.State(k)[p]) * (view[p] - e.Snapper.State(k)[p])
			}
			if s < bestD {
				best, bestD = k, s
			}
		}
		if j != best {
			t.Errorf("view %d snapped to %d, brute-force nearest %d", v, j, best)
		}
	}
}
