package simulate

import (
	"testing"
)

// BenchmarkToyTrainStep is one full Adam step of the reference workload (docs/design.md):
// the toy, a batch of N = 1000 sources with two noisy views each, the MLP 8→16→16→16
// forward and backward on the 2000 views, cross-view InfoNCE at τ = 1 and its
// gradient, and the Adam update. Compare with the PyTorch peer torch_toy.py (docs/design.md §3).
func BenchmarkToyTrainStep(b *testing.B) {
	cfg := ToyConfig()
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	r, err := newRunner(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	r.step(false) // first call grows the buffers
	r.opt.Step(r.model.Params(), r.model.Grad(), 1e-3)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.step(false)
		r.opt.Step(r.model.Params(), r.model.Grad(), r.sched.LR(i%cfg.Steps))
	}
}

// TestToyTrainStepAllocatesNothing: the training step of the reference workload makes
// no heap allocation once its buffers exist (issue: 0 allocations per step).
func TestToyTrainStepAllocatesNothing(t *testing.T) {
	cfg := ToyConfig()
	cfg.N = 200
	r, err := newRunner(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.step(false)
	r.opt.Step(r.model.Params(), r.model.Grad(), 1e-3)
	allocs := testing.AllocsPerRun(20, func() {
		r.step(false)
		r.opt.Step(r.model.Params(), r.model.Grad(), 1e-3)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per training step, want 0", allocs)
	}
}
