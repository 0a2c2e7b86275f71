package main

import (
	"strconv"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// termSteps is the embedding training of TestSIGTERMResume. At N = 700 each of its
// steps and each of its 20 evaluation batches (quickEvalBatches) costs O(N²): both
// phases last far longer than a signal takes to arrive.
const termSteps = 20

// SIGTERM to a real explore process, once in the per-state embedding's training
// (after the free-logit training finished) and once in its evaluation: the process
// exits within 5 s, the manifest says complete=false, the finished free-logit
// training's records are the uninterrupted run's, the embedding's records so far are
// kept as incomplete, and the same command run again resumes (the free-logit training
// kept) and ends with every file of the uninterrupted run, byte for byte (issue 15).
func TestSIGTERMResume(t *testing.T) {
	args := []string{"-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "700", "-restarts", "1", "-steps", strconv.Itoa(termSteps), "-formats", "svg"}
	logits := trainingFile("logits")
	embedding := runfolder.ReplicateFile(0, 1, trainingFile("embedding"), true)
	stopped := func(inTraining bool) func(t *testing.T, full, dir, output string) {
		return func(t *testing.T, full, dir, output string) {
			runfoldertest.CheckSameFile(t, full, dir, logits)
			runfoldertest.StoppedIn(t, dir, embedding, termSteps, inTraining)
		}
	}
	const resumed = "replicate 0 finished in an earlier run: " + "train_logits.csv kept"
	runfoldertest.CheckTermResume(t, runContext, args,
		runfoldertest.TermStop{Name: "training", After: "explore: train logits: replicate 0 finished", Resumed: resumed, Stopped: stopped(true)},
		runfoldertest.TermStop{Name: "evaluation", After: "explore: train embedding: replicate 0 trained; evaluating it", Resumed: resumed, Stopped: stopped(false)},
	)
}
