package optim

import (
	"fmt"
	"math"
)

// Optimizer updates params in place from grad with learning rate lr.
type Optimizer interface {
	// Step updates params in place given their gradient grad and the learning rate lr.
	Step(params, grad []float64, lr float64)
	// Reset forgets the optimiser state (momentum, moments, step count).
	Reset()
}

var (
	_ Optimizer = (*SGD)(nil)
	_ Optimizer = (*Adam)(nil)
)

// checkStep panics on a programmer error in the arguments of Step and reports whether
// the state of length n must be (re)built.
func checkStep(who string, params, grad []float64, lr float64, n int, fresh bool) (build bool) {
	if len(params) != len(grad) {
		panic(fmt.Sprintf("optim: %s.Step: %d params but %d gradient entries", who, len(params), len(grad)))
	}
	if !(lr >= 0) || math.IsInf(lr, 0) {
		panic(fmt.Sprintf("optim: %s.Step: learning rate %v: need a finite lr ≥ 0", who, lr))
	}
	if fresh {
		return n != len(params)
	}
	if n != len(params) {
		panic(fmt.Sprintf("optim: %s.Step: %d params, but the state was built for %d (call Reset between models)", who, len(params), n))
	}
	return false
}
