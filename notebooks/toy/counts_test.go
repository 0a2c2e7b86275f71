package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Every count flag refuses a negative value, naming the flag, before any folder is made.
func TestNegativeCountsRefused(t *testing.T) {
	runfoldertest.CheckNegativeCounts(t, run, "batches-per-epoch", "eval-batches", "n", "record-every", "replicates", "restarts", "steps", "warmup", "workers")
}
