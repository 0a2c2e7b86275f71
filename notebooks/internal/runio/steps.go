package runio

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// OverrideSteps sets s.Steps to steps (a -steps flag; ≥ 1) and fits the settings that
// count in steps to it, the one rule of every notebook with -steps: a warm-up longer
// than the run is clipped to the run, and averaging that would start at or after the
// last step is turned off. It returns a note for each change, which the command
// prints (nothing is changed silently).
func OverrideSteps(s *scenario.Scenario, steps int) []string {
	var notes []string
	s.Steps = steps
	if s.Optimizer.Schedule == "warmup-cosine" && s.Optimizer.Warmup > steps {
		notes = append(notes, fmt.Sprintf("-steps %d: warm-up %d clipped to the %d steps", steps, s.Optimizer.Warmup, steps))
		s.Optimizer.Warmup = steps
	}
	if s.AverageFrom >= steps {
		notes = append(notes, fmt.Sprintf("-steps %d: average_from %d ≥ %d steps: averaging turned off", steps, s.AverageFrom, steps))
		s.AverageFrom = 0
	}
	return notes
}
