package loss

import (
	"fmt"
	"math"
)

// Params are the hyper-parameters New reads: the temperature τ of the logits
// S = cos/τ and the SC-InfoNCE scale α and bias β (used by scinfonce and
// scinfonce-decoupled, validated for every loss).
type Params struct{ Tau, Alpha, Beta float64 }

// Check returns an error naming the offending value unless τ > 0 is finite and α, β
// are finite.
func (p Params) Check() error {
	if !(p.Tau > 0) || math.IsInf(p.Tau, 1) {
		return fmt.Errorf("loss: temperature τ = %v: need a finite τ > 0", p.Tau)
	}
	if math.IsNaN(p.Alpha) || math.IsInf(p.Alpha, 0) {
		return fmt.Errorf("loss: SC-InfoNCE scale α = %v: need a finite number", p.Alpha)
	}
	if math.IsNaN(p.Beta) || math.IsInf(p.Beta, 0) {
		return fmt.Errorf("loss: SC-InfoNCE bias β = %v: need a finite number", p.Beta)
	}
	return nil
}
