package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-h"}, &stdout, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	if !strings.Contains(stderr.String(), "usage: go run ./notebooks/toy") || !strings.Contains(stderr.String(), "-quick") {
		t.Errorf("-h printed %q, want the usage and the flags", stderr.String())
	}
}

// One batch per epoch is the shortest epoch, and accepted (the refusal starts at 0).
func TestOneBatchPerEpochAccepted(t *testing.T) {
	o, err := parseFlags([]string{"-batches-per-epoch", "1"}, io.Discard)
	if err != nil || o.batchesPerEpoch != 1 {
		t.Errorf("-batches-per-epoch 1: options %+v, error %v; want accepted", o, err)
	}
}

func TestBadFlagsNameTheValue(t *testing.T) {
	for _, c := range []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-loss", "triplet"}, `"triplet"`, "unknown loss, from the scenario check"},
		{[]string{"-alpha", "2"}, "alpha = 2", "α is only for the SC losses"},
		{[]string{"-n", "1"}, "batch_size = 1", "N ≥ 2"},
		{[]string{"-formats", "gif"}, `"gif"`, "unknown figure format"},
		{[]string{"-batches-per-epoch", "0"}, "-batches-per-epoch = 0", "epochs need a positive length"},
		{[]string{"extra"}, `"extra"`, "positional argument"},
		{[]string{"-workers", "-3"}, "-workers = -3", "a negative count"},
	} {
		err := run(append(c.args, "-out", t.TempDir()), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v (%s): error %v, want one containing %s", c.args, c.reason, err, c.want)
		}
	}
}

// A quick run writes a complete folder, and its two logs agree with metrics.csv:
// the reference log's epoch e row is the record at step e·(batches per epoch), and its
// cells are metric_fn / conver_target at that step, written by a separate writer.
func TestQuickRun(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	if err := run([]string{"-quick", "-out", out, "-batches-per-epoch", "5"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	m, err := runfolder.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete || m.ConfigHash == "" {
		t.Errorf("manifest complete=%v hash=%q, want a complete run with a config hash", m.Complete, m.ConfigHash)
	}
	for _, name := range []string{"config.json", "metrics.csv", metricLog, cosineLog, "summary.md", "pair_prob.png", "trajectory.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	rows, err := runfolder.ReadMetricsCSV(filepath.Join(out, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lg := range []struct{ file, metric string }{{metricLog, "metric_fn"}, {cosineLog, "conver_target"}} {
		recs := readCSV(t, filepath.Join(out, lg.file))
		want := "epoch,m00,m01,m02,m10,m11,m12,m20,m21,m22"
		if got := strings.Join(recs[0], ","); got != want {
			t.Fatalf("%s header %q, want %q", lg.file, got, want)
		}
		// quick: 30 steps recorded every 10 plus the last: steps 0, 10, 20, 29.
		if len(recs) != 1+4 {
			t.Fatalf("%s has %d rows, want 4", lg.file, len(recs)-1)
		}
		for _, rec := range recs[1:] {
			epoch, _ := strconv.Atoi(rec[0])
			step := epoch * 5
			if epoch == 5 { // the last record, step 29, is epoch 29/5 = 5
				step = 29
			}
			a, ok := runio.Matrix(rows, lg.metric, step)
			if !ok {
				t.Fatalf("metrics.csv has no %s at step %d", lg.metric, step)
			}
			for k, cell := range rec[1:] {
				v, _ := strconv.ParseFloat(cell, 64)
				// Exact: both files print the same float64 in its shortest exact form.
				if got := a.At(k/3, k%3); v != got {
					t.Errorf("%s epoch %d cell %d = %v, metrics.csv has %v", lg.file, epoch, k, v, got)
				}
			}
		}
	}
	if !strings.Contains(stdout.String(), "| pair | T1·N |") {
		t.Errorf("stdout lacks the comparison table:\n%s", stdout.String())
	}
}

// The table's T1·N column is the golden T1 of docs/theory.md §7 at N = 1000 (printed to 4
// decimals), independent of the code that computes it.
func TestTableT1Golden(t *testing.T) {
	var stdout bytes.Buffer
	if err := run([]string{"-n", "1000", "-steps", "1", "-warmup", "0", "-eval-batches", "1", "-restarts", "1", "-out", t.TempDir(), "-formats", ""}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	golden := map[string]float64{"(0,0)": 0.001221951, "(0,1)": 0.000939451, "(1,2)": 0.000981836, "(2,2)": 0.001139840}
	for _, line := range strings.Split(stdout.String(), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		want, ok := golden[strings.TrimSpace(cells[1])]
		if !ok {
			continue
		}
		got, err := strconv.ParseFloat(strings.TrimSpace(cells[2]), 64)
		// 5e-5: half a unit of the 4th decimal of T1·N.
		if err != nil || math.Abs(got-want*1000) > 5e-5 {
			t.Errorf("T1·N of %s printed %q, want %.4f", cells[1], cells[2], want*1000)
		}
		delete(golden, strings.TrimSpace(cells[1]))
	}
	if len(golden) != 0 {
		t.Errorf("pairs missing from the table: %v", golden)
	}
}

// Cancelling mid-run leaves a manifest with complete=false, the records so far under
// incomplete names, and no metrics.csv or summary.
func TestInterrupted(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &runfoldertest.CancelOnWrite{Cancel: cancel, After: "toy: train"}
	err := runContext(ctx, []string{"-quick", "-out", out}, io.Discard, stderr)
	if err == nil {
		t.Fatal("interrupted run returned no error")
	}
	m, rerr := runfolder.ReadManifest(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if m.Complete || m.Error == "" {
		t.Errorf("manifest complete=%v error=%q, want complete=false with the error", m.Complete, m.Error)
	}
	for _, name := range []string{"metrics.csv", "summary.md", metricLog, "pair_prob.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("interrupted run wrote %s, which looks complete", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "metrics.incomplete.csv")); err != nil {
		t.Errorf("the records so far are not kept: %v", err)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Every command of README.md runs, with -quick and a temporary -out.
func TestReadmeCommands(t *testing.T) {
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/toy")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatal("README.md has no go run ./notebooks/toy command")
	}
	for _, args := range cmds {
		full := append(append([]string{}, args...), "-quick", "-out", t.TempDir())
		if err := run(full, io.Discard, io.Discard); err != nil {
			t.Errorf("README command %v: %v", args, err)
		}
	}
}

// A stop after replicate 0 finished keeps it; the same command run again resumes (the
// replicate is read back, not trained again) and completes the run with every file
// byte-identical to an uninterrupted run's: metrics, reference logs, summary, figures.
func TestResume(t *testing.T) {
	runfoldertest.CheckResume(t, runContext, []string{"-quick", "-replicates", "2", "-workers", "1"},
		"replicate 0 finished", "replicate 0 finished in an earlier run", nil)
}
