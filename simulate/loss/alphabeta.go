package loss

import "slices"

// AlphaBeta is implemented by the losses that take SC-InfoNCE's scale α and shift β
// (docs/theory.md §3): the loss itself says so, and scenario files and sweep grids ask
// it (AlphaBetaLosses) instead of keeping their own list.
type AlphaBeta interface {
	Loss
	// AlphaBeta returns the loss's α and β.
	AlphaBeta() (alpha, beta float64)
}

// AlphaBetaLosses returns the names, in registry order, of the losses that take α and
// β (a fresh slice).
func AlphaBetaLosses() []string {
	var names []string
	for _, e := range registry {
		if _, ok := e.make(Params{}, 0).(AlphaBeta); ok {
			names = append(names, e.name)
		}
	}
	return names
}

// TakesAlphaBeta reports whether the named loss takes α and β (false for an unknown
// name).
func TakesAlphaBeta(name string) bool { return slices.Contains(AlphaBetaLosses(), name) }
