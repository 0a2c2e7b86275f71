package runio

import (
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

func TestOverrideSteps(t *testing.T) {
	s := scenario.Default() // warm-up-cosine with 10 warm-up steps
	s.AverageFrom = 50
	if notes := OverrideSteps(s, 100); len(notes) != 0 || s.Steps != 100 || s.Optimizer.Warmup != 10 || s.AverageFrom != 50 {
		t.Errorf("-steps 100: notes %v, steps %d, warm-up %d, average_from %d; want no change but the steps", notes, s.Steps, s.Optimizer.Warmup, s.AverageFrom)
	}
	notes := OverrideSteps(s, 5)
	want := []string{"-steps 5: warm-up 10 clipped to the 5 steps", "-steps 5: average_from 50 ≥ 5 steps: averaging turned off"}
	if !slices.Equal(notes, want) || s.Steps != 5 || s.Optimizer.Warmup != 5 || s.AverageFrom != 0 {
		t.Errorf("-steps 5: notes %q, steps %d, warm-up %d, average_from %d; want %q, 5, 5, 0", notes, s.Steps, s.Optimizer.Warmup, s.AverageFrom, want)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("the fitted scenario is invalid: %v", err)
	}
	// Averaging from the last step itself (average_from = steps) also averages nothing.
	s.AverageFrom = 5
	if notes := OverrideSteps(s, 5); len(notes) != 1 || s.AverageFrom != 0 {
		t.Errorf("-steps 5 with average_from 5: notes %q, average_from %d; want one note, 0", notes, s.AverageFrom)
	}
}
