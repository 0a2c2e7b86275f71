package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// SIGTERM to a real figures process at the default settings once tpm is drawn (a few
// milliseconds), while sc-convergence trains its free logits (three trainings of 5 ×
// 2500 steps at N = 1000, about 2 s of CPU, which check for the stop between steps):
// the process exits within 5 s, the manifest says complete=false, tpm.svg is the
// uninterrupted run's, sc-convergence.svg and index.md are not written, and the same
// command run again resumes (tpm kept) and ends with every file of the uninterrupted
// run, byte for byte (issue 15). The figures have no evaluation phase of their own: a
// trained figure's evaluation runs inside each replicate's simulate.Train, which
// checks for the stop between evaluation batches as between steps; the untrained
// figures (tpm, targets, phase-diagram, temperature, monte-carlo) do not check, and
// the stop follows when they end or when runfolder.Grace does.
func TestSIGTERMResume(t *testing.T) {
	runfoldertest.CheckTermResume(t, runContext, []string{"-only", "tpm,sc-convergence", "-formats", "svg"}, runfoldertest.TermStop{
		Name: "training", After: "[1/2] tpm: tpm.svg done", Resumed: "[1/2] tpm: tpm.svg kept from an earlier run",
		Stopped: func(t *testing.T, full, dir, output string) {
			runfoldertest.CheckSameFile(t, full, dir, "tpm.svg")
			for _, name := range []string{"sc-convergence.svg", "index.md"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("the stopped run wrote %s", name)
				}
			}
		},
	})
}
