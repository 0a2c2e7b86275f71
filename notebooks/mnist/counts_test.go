package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Every count flag refuses −1, naming the flag, before a folder is written.
func TestNegativeCountsRefused(t *testing.T) {
	runfoldertest.CheckNegativeCounts(t, run, "per-class", "sweep-per-class", "views", "bootstrap", "steps",
		"sweep-steps", "batch", "sweep-batch", "checkpoints", "workers", "optimum-restarts")
}
