package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Every count flag refuses a negative value, naming the flag, before any folder is made.
func TestNegativeCountsRefused(t *testing.T) {
	runfoldertest.CheckNegativeCounts(t, run, "max-optimum-states", "n", "restarts", "steps")
}
