package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

func TestMain(m *testing.M) {
	runfoldertest.MainIfChild(main)
	os.Exit(m.Run())
}

// SIGTERM to a real sweep process, in training (10⁹ steps) and in evaluation (3 steps,
// then 10⁹ evaluation batches): it exits within 5 s with a non-zero status, the
// manifest says complete=false, and the rows so far are in results.incomplete.csv.
func TestSIGTERM(t *testing.T) {
	bin := runfoldertest.Self(t)
	for _, c := range []struct{ name, scenario string }{
		{"training", `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "constant"}, "steps": 1000000000, "record_every": 1000}`},
		{"evaluation", `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "constant"}, "steps": 3, "record_every": 1, "eval_batches": 1000000000}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			sc := filepath.Join(dir, "s.json")
			if err := os.WriteFile(sc, []byte(c.scenario), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			child := runfoldertest.Start(t, bin, "-scenario", sc, "-N", "16", "-loss", "infonce", "-seeds", "2", "-workers", "2", "-out", out)
			child.WaitFor(t, "sweep ")         // the first progress line: the cells start
			time.Sleep(300 * time.Millisecond) // past the 3 training steps of "evaluation"
			if m := runfoldertest.TermAndCheck(t, child, out, false); !strings.Contains(m.Error, "context canceled") {
				t.Errorf("manifest error %q, want the cancellation", m.Error)
			}
			if !strings.Contains(child.Output(), "interrupted: finished cells are kept") {
				t.Errorf("output lacks the interruption report:\n%s", child.Output())
			}
			if _, err := os.Stat(filepath.Join(out, grid.IncompleteResultsFile)); err != nil {
				t.Errorf("no %s: %v", grid.IncompleteResultsFile, err)
			}
		})
	}
}

// -h prints the usage and exits with status 0, for every subcommand.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"}, []string{"run", "-h"}, []string{"merge", "-h"}, []string{"summary", "-h"})
}
