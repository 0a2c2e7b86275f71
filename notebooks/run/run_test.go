package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// small is a scenario that trains in a few milliseconds: free logits on the toy.
const small = `{"batch_size": 64, "model": {"kind": "logits"}, "optimizer": {"name": "adam", "lr": 0.05},
 "steps": 40, "record_every": 5, "eval_batches": 2, "output": {"formats": ["png"]}}`

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	if err := run([]string{"-h"}, io.Discard, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	if !strings.Contains(stderr.String(), "usage: go run ./notebooks/run") || !strings.Contains(stderr.String(), "-scenario") {
		t.Errorf("-h printed %q", stderr.String())
	}
}

// A bad scenario file gives the scenario package's error, verbatim.
func TestBadScenarioVerbatim(t *testing.T) {
	path := writeScenario(t, `{"batch_size": 1}`)
	_, want := scenario.Load(path)
	if want == nil {
		t.Fatal("scenario.Load accepted batch_size 1")
	}
	err := run([]string{"-scenario", path, "-out", t.TempDir()}, io.Discard, io.Discard)
	if err == nil || err.Error() != want.Error() {
		t.Errorf("error %q, want the scenario error %q", err, want)
	}
}

func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-replicates", "-1"}, "-replicates = -1"},
		{[]string{"-steps", "-3"}, "-steps = -3"},
		{[]string{"-workers", "-3"}, "-workers = -3"},
		{[]string{"-formats", "jpg"}, `"jpg"`},
		{[]string{"-scenario", "/no/such/file.json"}, "/no/such/file.json"},
	} {
		err := run(append(c.args, "-out", t.TempDir()), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.want)
		}
	}
}

// A complete run writes the folder, and the metrics do not depend on the number of
// workers (docs/design.md: determinism regardless of goroutine count).
func TestRunDeterministicAcrossWorkers(t *testing.T) {
	path := writeScenario(t, small)
	var metrics [2][]byte
	for k, workers := range []string{"1", "2"} {
		out := t.TempDir()
		if err := run([]string{"-scenario", path, "-replicates", "2", "-workers", workers, "-out", out}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		m, err := runfolder.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		if !m.Complete {
			t.Errorf("workers %s: manifest says incomplete", workers)
		}
		for _, name := range []string{"config.json", "replicate-000/metrics.csv", "replicate-001/metrics.csv", "pair_prob.png", "trajectory.png", "summary.md"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Errorf("workers %s: missing %s", workers, name)
			}
		}
		b0, _ := os.ReadFile(filepath.Join(out, "replicate-000/metrics.csv"))
		b1, _ := os.ReadFile(filepath.Join(out, "replicate-001/metrics.csv"))
		if bytes.Equal(b0, b1) {
			t.Errorf("workers %s: the two replicates wrote identical metrics; their streams should differ", workers)
		}
		metrics[k] = append(b0, b1...)
	}
	if !bytes.Equal(metrics[0], metrics[1]) {
		t.Errorf("metrics with 1 and 2 workers differ")
	}
}

// Ctrl-C mid-run: manifest complete=false with the error, the records so far under an
// incomplete name, and no metrics.csv, summary or figure that would look complete.
func TestCancelMidRun(t *testing.T) {
	path := writeScenario(t, small)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := runContext(ctx, []string{"-scenario", path, "-out", out}, io.Discard, &runfoldertest.CancelOnWrite{Cancel: cancel, After: "run: train"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want one wrapping context.Canceled", err)
	}
	m, rerr := runfolder.ReadManifest(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if m.Complete || !strings.Contains(m.Error, "context canceled") {
		t.Errorf("manifest complete=%v error=%q, want complete=false and the cancellation", m.Complete, m.Error)
	}
	for _, name := range []string{runfolder.MetricsFile, "summary.md", "pair_prob.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("the interrupted run wrote %s", name)
		}
	}
	rows, err := runfolder.ReadMetricsCSV(filepath.Join(out, runfolder.IncompleteMetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	steps := map[int]bool{}
	for _, r := range rows {
		if r.Metric == "loss" {
			steps[r.Step] = true
		}
	}
	// Cancelled during the progress report of the first recorded step (step 0), so the
	// run stops before step 1: exactly one record.
	if len(steps) != 1 || !steps[0] {
		t.Errorf("kept records at steps %v, want only step 0", steps)
	}
	if !contains(m.Files, runfolder.IncompleteMetricsFile) || contains(m.Files, runfolder.MetricsFile) {
		t.Errorf("manifest files %v, want the incomplete metrics only", m.Files)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Every command of README.md runs, with -steps 5 and a temporary -out. README paths
// are relative to the module root, two levels up.
func TestReadmeCommands(t *testing.T) {
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/run")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatal("README.md has no go run ./notebooks/run command")
	}
	for _, args := range cmds {
		full := append([]string{}, args...)
		for k := range full {
			if k > 0 && full[k-1] == "-scenario" {
				full[k] = filepath.Join("..", "..", full[k])
			}
		}
		full = append(full, "-steps", "5", "-out", t.TempDir())
		if err := run(full, io.Discard, io.Discard); err != nil {
			t.Errorf("README command %v: %v", args, err)
		}
	}
}
