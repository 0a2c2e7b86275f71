package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Every count flag refuses a negative value, naming the flag, before any folder is made.
func TestNegativeCountsRefused(t *testing.T) {
	runfoldertest.CheckNegativeCounts(t, run, "blocks", "k", "lanczos-block", "m", "n")
}

// -h is not an error: run returns nil (and main exits 0, runfolder.ExitCode).
func TestHelp(t *testing.T) {
	if err := run([]string{"-h"}, io.Discard, io.Discard); err != nil {
		t.Errorf("-h: %v", err)
	}
}
