package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Scenarios that stay in one phase far longer than a test waits: training (10⁹
// steps), or evaluation (a few steps, then 10⁹ evaluation batches).
const (
	longTraining   = `{"batch_size": 64, "model": {"kind": "embedding", "dim": 3}, "steps": 1000000000, "record_every": 1000, "output": {"formats": []}}`
	longEvaluation = `{"batch_size": 64, "model": {"kind": "embedding", "dim": 3}, "steps": 3, "record_every": 1, "eval_batches": 1000000000, "output": {"formats": []}}`
)

func TestMain(m *testing.M) {
	runfoldertest.MainIfChild(main)
	os.Exit(m.Run())
}

// SIGTERM to a real run process, in training and in evaluation: it exits within 5 s
// with a non-zero status, and its folder says complete=false and holds the records
// so far under the incomplete name.
func TestSIGTERM(t *testing.T) {
	bin := runfoldertest.Self(t)
	for _, c := range []struct {
		name, scenario, wait string
	}{
		{"training", longTraining, "run: train: "},
		{"evaluation", longEvaluation, "replicate 0 trained; evaluating it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			child := runfoldertest.Start(t, bin, "-scenario", writeScenario(t, c.scenario), "-out", out)
			child.WaitFor(t, c.wait)
			if m := runfoldertest.TermAndCheck(t, child, out, false); !strings.Contains(m.Error, "context canceled") {
				t.Errorf("manifest error %q, want the cancellation", m.Error)
			}
			rows, err := runfolder.ReadMetricsCSV(filepath.Join(out, runfolder.IncompleteMetricsFile))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 {
				t.Errorf("no records kept")
			}
			if _, err := os.Stat(filepath.Join(out, runfolder.MetricsFile)); err == nil {
				t.Errorf("the interrupted run wrote %s", runfolder.MetricsFile)
			}
		})
	}
}

// A replicate that finishes is written at once: a stop while the next one trains
// keeps its metrics.csv, byte-identical to an uninterrupted run's; the same command
// run again resumes (the kept replicate is not trained again) and completes the run
// with every file byte-identical to the uninterrupted run's (the manifest aside: it
// records times).
func TestFinishedReplicateKeptAndResumed(t *testing.T) {
	path := writeScenario(t, small)
	full := t.TempDir()
	if err := run([]string{"-scenario", path, "-replicates", "2", "-out", full}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	args := []string{"-scenario", path, "-replicates", "2", "-workers", "1"}
	runfoldertest.CheckResume(t, runContext, args, "replicate 0 finished", "replicate 0 finished in an earlier run", func(out string) {
		name := runfolder.ReplicateFile(0, 2, runfolder.MetricsFile, false)
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := os.ReadFile(filepath.Join(full, name)); !bytes.Equal(got, want) {
			t.Errorf("%s of the interrupted run differs from the uninterrupted run's", name)
		}
		if _, err := os.Stat(filepath.Join(out, runfolder.ReplicateFile(1, 2, runfolder.MetricsFile, true))); err != nil {
			t.Errorf("replicate 1's incomplete metrics: %v", err)
		}
	})
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
