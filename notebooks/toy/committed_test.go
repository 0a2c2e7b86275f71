package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// The committed results/ are what the code writes at the committed settings (the
// README's refresh command, about 6 s of CPU), byte for byte: a change that moves a
// number or a pixel fails here until results/ is refreshed.
func TestCommittedResultsCurrent(t *testing.T) {
	runiotest.CheckCommitted(t, run, "go run ./notebooks/toy", "notebooks/toy/results",
		"summary.md", "pair_prob.png", "trajectory.png")
}
