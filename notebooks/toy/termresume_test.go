package main

import (
	"strconv"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// termSteps is the training of TestSIGTERMResume, evaluated on as many batches (a
// batch costs about as much as a step): a replicate spends about half its time in
// each phase, each lasting far longer than a signal takes to arrive.
const termSteps = 800

// SIGTERM to a real toy process with two replicates trained one after the other,
// once in replicate 1's training (after replicate 0 finished) and once in its
// evaluation: the process exits within 5 s, the manifest says complete=false,
// replicate 0's metrics are the uninterrupted run's, replicate 1's records so far
// are kept as incomplete, and the same command run again resumes (replicate 0 kept)
// and ends with every file of the uninterrupted run, byte for byte (issue 15).
func TestSIGTERMResume(t *testing.T) {
	steps := strconv.Itoa(termSteps)
	args := []string{"-steps", steps, "-eval-batches", steps, "-n", "64", "-record-every", "100", "-restarts", "1",
		"-replicates", "2", "-workers", "1", "-formats", "png"}
	runfoldertest.CheckTermResume(t, runContext, args, runiotest.ReplicateStops(termSteps)...)
}
