package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// The committed results/ are what the code writes at the committed settings (the
// README's refresh command, about 2 s of CPU), byte for byte: a change that moves a
// number or a pixel fails here until results/ is refreshed.
func TestCommittedResultsCurrent(t *testing.T) {
	runiotest.CheckCommitted(t, run, "go run ./notebooks/explore", "notebooks/explore/results",
		"report.md", "pair_statistics.png", "phase.png", "targets.png", "train_embedding.png", "train_logits.png")
}
