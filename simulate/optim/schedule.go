package optim

import (
	"fmt"
	"math"
)

// Schedule gives the learning rate of a step counted from 0.
type Schedule interface {
	LR(step int) float64
}

var (
	_ Schedule = Constant(0)
	_ Schedule = WarmupCosine{}
)

// Constant is the same learning rate at every step: Constant(1e-3).LR(s) = 1e-3.
type Constant float64

// NewConstant returns Constant(lr). It returns an error unless lr > 0 is finite.
func NewConstant(lr float64) (Constant, error) {
	c := Constant(lr)
	return c, c.Validate()
}

// Validate returns an error unless the rate is finite and > 0.
func (c Constant) Validate() error {
	if !(c > 0) || math.IsInf(float64(c), 0) {
		return fmt.Errorf("optim: constant learning rate %v: need a finite lr > 0", float64(c))
	}
	return nil
}

// LR returns the constant rate. It panics if step < 0.
func (c Constant) LR(step int) float64 {
	checkStepIndex(step)
	return float64(c)
}

// WarmupCosine is a linear warm-up over Warmup steps to Base, then one cosine decay
// reaching 0 at step Total (see the package documentation). Use NewWarmupCosine or
// Validate to check a literal.
type WarmupCosine struct {
	Base          float64 // peak learning rate
	Warmup, Total int     // warm-up steps; total steps of the run
}

// NewWarmupCosine returns the schedule after validating it.
func NewWarmupCosine(base float64, warmup, total int) (WarmupCosine, error) {
	w := WarmupCosine{Base: base, Warmup: warmup, Total: total}
	return w, w.Validate()
}

// Validate returns an error naming the first bad field: Base must be finite and > 0,
// Total ≥ 1 and 0 ≤ Warmup ≤ Total.
func (w WarmupCosine) Validate() error {
	switch {
	case !(w.Base > 0) || math.IsInf(w.Base, 0):
		return fmt.Errorf("optim: warm-up cosine Base = %v: need a finite learning rate > 0", w.Base)
	case w.Total < 1:
		return fmt.Errorf("optim: warm-up cosine Total = %d: need ≥ 1 step", w.Total)
	case w.Warmup < 0:
		return fmt.Errorf("optim: warm-up cosine Warmup = %d: need ≥ 0", w.Warmup)
	case w.Warmup > w.Total:
		return fmt.Errorf("optim: warm-up cosine Warmup = %d > Total = %d", w.Warmup, w.Total)
	}
	return nil
}

// LR returns Base·(step+1)/Warmup for step < Warmup, then
// Base·½·(1 + cos(π·(step−Warmup)/max(1, Total−Warmup))) for step < Total, and 0 from
// step Total on. It panics if step < 0.
func (w WarmupCosine) LR(step int) float64 {
	checkStepIndex(step)
	if step < w.Warmup {
		return w.Base * float64(step+1) / float64(w.Warmup)
	}
	if step >= w.Total {
		// The run is over: the cosine has reached 0 at step Total (when Warmup < Total);
		// stay there rather than rise again.
		return 0
	}
	progress := float64(step-w.Warmup) / float64(max(1, w.Total-w.Warmup))
	return w.Base * 0.5 * (1 + math.Cos(math.Pi*progress))
}

func checkStepIndex(step int) {
	if step < 0 {
		panic(fmt.Sprintf("optim: learning rate of step %d: steps count from 0", step))
	}
}
