package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// termScenario trains free logits for termSteps steps and evaluates them on as many
// batches (one batch each, of equal cost): a replicate spends about half its time in
// each phase, and each phase lasts far longer than a signal takes to arrive.
const (
	termSteps    = 20000
	termScenario = `{"batch_size": 64, "model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "constant"},
 "steps": 20000, "record_every": 5000, "eval_batches": 20000, "output": {"formats": ["png"]}}`
)

// SIGTERM to a real run process with two replicates trained one after the other,
// once in replicate 1's training (after replicate 0 finished) and once in its
// evaluation: the process exits within 5 s, the manifest says complete=false,
// replicate 0's metrics are the uninterrupted run's, replicate 1's records so far
// are kept as incomplete, and the same command run again resumes (replicate 0 kept)
// and ends with every file of the uninterrupted run, byte for byte (issue 15).
func TestSIGTERMResume(t *testing.T) {
	args := []string{"-scenario", writeScenario(t, termScenario), "-replicates", "2", "-workers", "1"}
	runfoldertest.CheckTermResume(t, runContext, args, runiotest.ReplicateStops(termSteps)...)
}
