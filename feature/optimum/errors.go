package optimum

import (
	"errors"
	"fmt"
)

// ErrNotConverged is wrapped by every error reporting that no restart reached the
// gradient tolerance within its iteration budget.
var ErrNotConverged = errors.New("optimum: not converged")

// NotConvergedError reports the best restart of a search that did not converge.
type NotConvergedError struct {
	Restarts int     // number of restarts run
	MaxIter  int     // major-iteration budget of each
	GradNorm float64 // largest entry of τ·∇_u f at the best restart (see Options.GradTol)
	GradTol  float64 // the tolerance it missed
	Cause    error   // the optimiser's last error on the best restart, if any
}

func (e *NotConvergedError) Error() string {
	msg := fmt.Sprintf("optimum: no restart of %d converged within %d iterations: best gradient %.3g > tolerance %.3g",
		e.Restarts, e.MaxIter, e.GradNorm, e.GradTol)
	if e.Cause != nil {
		msg += " (" + e.Cause.Error() + ")"
	}
	return msg
}

// Unwrap returns ErrNotConverged and the optimiser's error, for errors.Is.
func (e *NotConvergedError) Unwrap() []error {
	if e.Cause == nil {
		return []error{ErrNotConverged}
	}
	return []error{ErrNotConverged, e.Cause}
}
