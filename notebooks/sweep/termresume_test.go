package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// SIGTERM to a real sweep process of two cells trained one after the other, once
// while the second cell trains and once while it is evaluated: the process exits
// within 5 s, the manifest says complete=false, the first cell's file is the
// uninterrupted run's and its row is in results.incomplete.csv, and the same command
// run again resumes (the first cell kept) and ends with every file of the
// uninterrupted sweep, byte for byte (issue 15). A cell reports no progress of its
// own, so each phase gets a scenario that spends nearly all of a cell's time in it:
// 40 000 steps and 1 evaluation batch, or 1 step and 40 000 evaluation batches (a
// free-logit step and an evaluation batch cost about the same); the stop follows
// the first cell's file, and the second cell's phase lasts far longer than a signal
// takes to arrive.
func TestSIGTERMResume(t *testing.T) {
	for _, c := range []struct{ phase, scenario string }{
		{"training", `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "constant"}, "steps": 40000, "record_every": 10000, "eval_batches": 1}`},
		{"evaluation", `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "constant"}, "steps": 1, "record_every": 1, "eval_batches": 40000}`},
	} {
		sc := filepath.Join(t.TempDir(), "s.json")
		if err := os.WriteFile(sc, []byte(c.scenario), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"-scenario", sc, "-N", "64", "-loss", "infonce", "-seeds", "2", "-workers", "1"}
		first := firstCellFile(t, args)
		runfoldertest.CheckTermResume(t, run, args, runfoldertest.TermStop{
			Name: c.phase, AfterFile: first, Resumed: "2 cells, 1 already done, 1 ran",
			Stopped: func(t *testing.T, full, dir, output string) {
				runfoldertest.CheckSameFile(t, full, dir, first)
				rows := strings.Split(strings.TrimSpace(runfoldertest.Snapshot(t, dir)[grid.IncompleteResultsFile]), "\n")
				if len(rows) != 2 { // the header and the first cell
					t.Errorf("%s holds %d lines, want the header and the first cell's row", grid.IncompleteResultsFile, len(rows))
				}
			},
		})
	}
}

// firstCellFile returns the name of the file (slash-separated, relative to the sweep
// folder) of the first cell the sweep with args trains with one worker: the first of
// -list's cells (grid.Sweep.Run takes the cells in canonical order, the larger N
// first, and all have one N here).
func firstCellFile(t *testing.T, args []string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), append(args, "-list", "-out", t.TempDir()), &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	id, _, ok := strings.Cut(lines[1], "\t")
	if !ok {
		t.Fatalf("-list printed %q, want a cell per line", out.String())
	}
	return grid.CellsDir + "/" + id + ".json"
}
