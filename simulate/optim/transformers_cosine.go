package optim

import (
	"fmt"
	"math"
)

var _ Schedule = TransformersCosine{}

// TransformersCosine is transformers.get_cosine_schedule_with_warmup (num_cycles = ½),
// the schedule of the reference code (docs/theory.md §7):
//
//	LR(t) = Base·t/Warmup                                         t < Warmup (LR(0) = 0)
//	LR(t) = Base·max(0, ½(1 + cos(π (t − Warmup)/max(1, Total − Warmup))))   otherwise,
//
// with no stop at Total: past Total the cosine rises again. The reference sizes it with
// Total = epochs + 1 but steps it once per batch (2 batches per epoch), so its rate
// reaches 0 at step Total (epoch ≈ 150) and climbs back to ≈ Base by the last step;
// ReferenceSchedule builds that quirk, CorrectedSchedule the schedule sized by steps.
type TransformersCosine struct {
	Base          float64 // peak learning rate
	Warmup, Total int     // warm-up steps; steps of one half cosine period after them
}

// Validate returns an error naming the first bad field: Base finite and > 0,
// Warmup ≥ 0, Total ≥ 1.
func (s TransformersCosine) Validate() error {
	switch {
	case !(s.Base > 0) || math.IsInf(s.Base, 0):
		return fmt.Errorf("optim: transformers cosine Base = %v: need a finite learning rate > 0", s.Base)
	case s.Warmup < 0:
		return fmt.Errorf("optim: transformers cosine Warmup = %d: need ≥ 0", s.Warmup)
	case s.Total < 1:
		return fmt.Errorf("optim: transformers cosine Total = %d: need ≥ 1", s.Total)
	}
	return nil
}

// LR returns the rate of step t (see the type). It panics if t < 0.
func (s TransformersCosine) LR(t int) float64 {
	checkStepIndex(t)
	if t < s.Warmup {
		return s.Base * float64(t) / float64(s.Warmup)
	}
	progress := float64(t-s.Warmup) / float64(max(1, s.Total-s.Warmup))
	return s.Base * max(0, 0.5*(1+math.Cos(math.Pi*progress)))
}

// ReferenceSchedule is the reference code's schedule for a run of epochs + 1 epochs:
// warm-up 10, Total = epochs + 1, stepped per batch (the quirk).
func ReferenceSchedule(base float64, epochs int) (TransformersCosine, error) {
	s := TransformersCosine{Base: base, Warmup: 10, Total: epochs + 1}
	return s, s.Validate()
}

// CorrectedSchedule is the same warm-up and cosine sized by the steps actually taken:
// Total = (epochs + 1)·batchesPerEpoch, so the rate decays once to 0 at the last step.
func CorrectedSchedule(base float64, epochs, batchesPerEpoch int) (TransformersCosine, error) {
	s := TransformersCosine{Base: base, Warmup: 10, Total: (epochs + 1) * batchesPerEpoch}
	return s, s.Validate()
}
