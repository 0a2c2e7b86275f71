package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// The committed results/ are what the code writes at the committed settings (the
// README's refresh command, under a second of free-logit training), byte for byte: a change that moves a
// number or a pixel fails here until results/ is refreshed.
func TestCommittedResultsCurrent(t *testing.T) {
	runiotest.CheckCommitted(t, run, "go run ./notebooks/run", "notebooks/run/results",
		"summary.md", "pair_prob.png", "trajectory.png")
}
