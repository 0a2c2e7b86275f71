package main

import (
	"strconv"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
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
	rep := func(r int, incomplete bool) string {
		return runfolder.ReplicateFile(r, 2, runfolder.MetricsFile, incomplete)
	}
	stopped := func(inTraining bool) func(t *testing.T, full, dir, output string) {
		return func(t *testing.T, full, dir, output string) {
			runfoldertest.CheckSameFile(t, full, dir, rep(0, false))
			runfoldertest.StoppedIn(t, dir, rep(1, true), termSteps, inTraining)
		}
	}
	const resumed = "replicate 0 finished in an earlier run"
	runfoldertest.CheckTermResume(t, runContext, args,
		runfoldertest.TermStop{Name: "training", After: "replicate 0 finished", Resumed: resumed, Stopped: stopped(true)},
		runfoldertest.TermStop{Name: "evaluation", After: "replicate 1 trained; evaluating it", Resumed: resumed, Stopped: stopped(false)},
	)
}
