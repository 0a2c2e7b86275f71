package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// sweepCmd runs the command with args and returns its stdout; it fails the test on an
// error.
func sweepCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("sweep %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func sweepErr(args ...string) error {
	var out, errOut bytes.Buffer
	return run(context.Background(), args, &out, &errOut)
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func manifest(t *testing.T, dir string) *runfolder.Manifest {
	t.Helper()
	m, err := runfolder.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCommandIdenticalAcrossWorkersAndShards: the command run with 1 and 2 workers, and
// as 2 shards merged, writes byte-identical results.csv (20 cells).
func TestCommandIdenticalAcrossWorkersAndShards(t *testing.T) {
	root := t.TempDir()
	g := []string{"-grid", "testdata/tiny-grid.json"}
	dir := func(name string) string { return filepath.Join(root, name) }
	sweepCmd(t, append(g, "-workers", "1", "-out", dir("w1"))...)
	sweepCmd(t, append(g, "-workers", "2", "-out", dir("w2"))...)
	sweepCmd(t, append(g, "-shard", "0/2", "-out", dir("s0"))...)
	sweepCmd(t, append(g, "-shard", "1/2", "-workers", "1", "-out", dir("s1"))...)
	out := sweepCmd(t, "merge", "-out", dir("merged"), dir("s0"), dir("s1"))
	if !strings.Contains(out, "20 of 20 cells from 2 directories") {
		t.Errorf("merge reported %q, want 20 of 20 cells from 2 directories", out)
	}
	ref := read(t, filepath.Join(dir("w1"), grid.ResultsFile))
	if n := bytes.Count(ref, []byte("\n")); n != 21 {
		t.Fatalf("results.csv has %d lines, want a header and 20 rows", n)
	}
	for _, d := range []string{"w2", "merged"} {
		if got := read(t, filepath.Join(dir(d), grid.ResultsFile)); !bytes.Equal(got, ref) {
			t.Errorf("%s/results.csv differs from the 1-worker run's", d)
		}
	}
	for _, d := range []string{"w1", "s0", "merged"} {
		if m := manifest(t, dir(d)); !m.Complete || m.ConfigHash == "" {
			t.Errorf("%s/manifest.json: complete = %v, config hash %q; want a complete run with the sweep id", d, m.Complete, m.ConfigHash)
		}
	}
	// The same grid given as flags is the same sweep: the merge accepts it.
	flags := []string{"-scenario", "testdata/tiny.json", "-N", "64,16", "-loss", "scinfonce,infonce", "-alpha", "1.5,1", "-beta", "0.5,0", "-seeds", "2"}
	sweepCmd(t, append(flags, "-shard", "1/2", "-out", dir("f1"))...)
	sweepCmd(t, "merge", "-out", dir("merged2"), dir("s0"), dir("f1"))
	if !bytes.Equal(read(t, filepath.Join(dir("merged2"), grid.ResultsFile)), ref) {
		t.Errorf("grid given as flags in another order: merged results.csv differs")
	}
}

// TestCommandSkipsFinishedCells: a re-run counts the finished cells and runs the rest.
func TestCommandSkipsFinishedCells(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	g := []string{"-grid", "testdata/tiny-grid.json", "-out", out}
	sweepCmd(t, append(g, "-shard", "0/4")...) // 5 of the 20 cells
	report := sweepCmd(t, g...)
	if !strings.Contains(report, "20 cells, 5 already done, 15 ran (0 failed), 0 left") {
		t.Errorf("re-run reported %q, want 5 already done and 15 ran", report)
	}
	report = sweepCmd(t, g...)
	if !strings.Contains(report, "20 cells, 20 already done, 0 ran") {
		t.Errorf("third run reported %q, want all 20 already done", report)
	}
}

// TestCommandInterrupted: a cancelled sweep keeps what it finished, writes
// results.incomplete.csv and complete=false; the next run completes it.
func TestCommandInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	args := []string{"-grid", "testdata/tiny-grid.json", "-out", out}
	err := run(ctx, args, &stdout, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: error %v, want context.Canceled", err)
	}
	m := manifest(t, out)
	if m.Complete || !strings.Contains(m.Error, "canceled") {
		t.Errorf("manifest complete = %v, error %q; want false and the cancellation", m.Complete, m.Error)
	}
	if _, err := os.Stat(filepath.Join(out, grid.IncompleteResultsFile)); err != nil {
		t.Errorf("no %s after an interruption: %v", grid.IncompleteResultsFile, err)
	}
	if _, err := os.Stat(filepath.Join(out, grid.ResultsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an interrupted run wrote %s (%v)", grid.ResultsFile, err)
	}
	if !strings.Contains(stdout.String(), "interrupted") {
		t.Errorf("report %q does not say the run was interrupted", stdout.String())
	}
	sweepCmd(t, args...)
	if m := manifest(t, out); !m.Complete {
		t.Errorf("resumed run: manifest complete = false")
	}
	if _, err := os.Stat(filepath.Join(out, grid.IncompleteResultsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the finished run left %s behind (%v)", grid.IncompleteResultsFile, err)
	}
}

// sweepID returns the sweep id that dir's sweep.json records.
func sweepID(t *testing.T, dir string) string {
	t.Helper()
	var sp struct{ ID string }
	if err := json.Unmarshal(read(t, filepath.Join(dir, grid.SpecFile)), &sp); err != nil {
		t.Fatal(err)
	}
	return sp.ID
}

// TestMergeRefusesMixedSweeps: shards of two sweeps (here: different steps) are not
// merged, and the error names both sweep ids.
func TestMergeRefusesMixedSweeps(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-shard", "0/2", "-out", a)
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-steps", "40", "-shard", "1/2", "-out", b)
	err := sweepErr("merge", "-out", filepath.Join(root, "m"), a, b)
	if err == nil || !strings.Contains(err.Error(), sweepID(t, a)) || !strings.Contains(err.Error(), sweepID(t, b)) || !strings.Contains(err.Error(), "refusing to mix") {
		t.Errorf("merge of two sweeps: error %v, want a refusal naming %s and %s", err, sweepID(t, a), sweepID(t, b))
	}
	err = sweepErr("-grid", "testdata/tiny-grid.json", "-steps", "40", "-out", a)
	if err == nil || !strings.Contains(err.Error(), sweepID(t, a)) {
		t.Errorf("running another sweep into %s: error %v, want a refusal naming its id", a, err)
	}
}

// TestBadArguments: every bad flag, value or file is an error naming it.
func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	badGrid := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badGrid, []byte(`{"N": [16], "temperature": [1]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-N", "16,x"}, `-N "16,x": "x" is not an integer`, "N must be integers"},
		{[]string{"-N", "16,,64"}, `-N "16,,64": empty value at position 2`, "an empty element"},
		{[]string{"-N", "1"}, "N = 1: need ≥ 2", "a batch needs a negative"},
		{[]string{"-tau", "0.5,abc"}, `"abc" is not a number`, "τ must be numbers"},
		{[]string{"-tau", "-1"}, "tau = -1: need a finite temperature > 0", "τ must be positive"},
		{[]string{"-tau", "1,1"}, "tau = 1: listed twice", "duplicate values"},
		{[]string{"-loss", "infonce,foo"}, `loss = "foo": unknown loss`, "unknown loss"},
		{[]string{"-alpha", "2"}, "alpha = 2, beta = 0: no loss of the grid (infonce) uses α and β", "α without an SC loss"},
		{[]string{"-loss", "scinfonce", "-beta", "NaN"}, "beta = NaN: need a finite number", "β must be finite"},
		{[]string{"-seeds", "0"}, "-seeds 0: need ≥ 1", "no seeds"},
		{[]string{"-steps", "-3"}, "-steps = -3: need a count ≥ 0", "negative steps"},
		{[]string{"-workers", "0"}, "-workers 0: need ≥ 1", "no workers"},
		{[]string{"-shard", "2/2"}, `shard "2/2": index 2: need 0 ≤ index < 2`, "shards count from 0"},
		{[]string{"-shard", "1of2"}, `shard "1of2": want i/n`, "shard syntax"},
		{[]string{"-scenario", "testdata/missing.json"}, "testdata/missing.json", "missing scenario file"},
		{[]string{"-grid", badGrid}, `temperature = […] (1 elements): unknown field`, "unknown grid key"},
		{[]string{"-scenario", "testdata/tiny.json", "-loss", "dhel"}, `cell loss=dhel N=1000 tau=1 seed=0: scenario: model.kind = "logits"`, "a loss the model cannot train"},
		{[]string{"-nosuchflag"}, "flag provided but not defined: -nosuchflag", "unknown flag"},
		{[]string{"-N", "16", "extra"}, `unexpected argument "extra"`, "stray argument"},
		{[]string{"merge", "-out", out}, "merge: no shard directories given", "nothing to merge"},
		{[]string{"merge", dir}, "merge: -out is required", "merge needs an output"},
		{[]string{"merge", "-out", out, dir}, dir + " is not a sweep directory", "merging a folder without sweep.json"},
		{[]string{"summary", dir}, dir + " is not a sweep directory", "summary of a folder without sweep.json"},
	} {
		err := sweepErr(append(tc.args, "-out", out)...)
		if tc.args[0] == "merge" || tc.args[0] == "summary" {
			err = sweepErr(tc.args...)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: sweep %s: error %v, want one containing %q", tc.reason, strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused command created %s (%v)", out, err)
	}
}

// TestListAndSummary: -list prints the cells without running them; summary tabulates
// a finished sweep and draws its (α, β) heatmaps.
func TestListAndSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	list := sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-shard", "1/3", "-list", "-out", out)
	lines := strings.Split(strings.TrimSpace(list), "\n")
	// shard 1/3 of 20 cells: indices 1, 4, …, 19 → 7 cells, after one header line.
	if len(lines) != 8 || !strings.Contains(lines[0], "20 cells, shard 1/3: 7") || !strings.Contains(lines[1], "loss=infonce N=16 tau=1 seed=1") {
		t.Errorf("-list printed:\n%s\nwant a header and 7 cells starting with infonce N=16 seed 1", list)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("-list created %s", out)
	}
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-out", out)
	sum := sweepCmd(t, "summary", out)
	rows := regexp.MustCompile(`(?m)^\| (infonce|scinfonce) \|`).FindAllString(sum, -1)
	if len(rows) != 2+2*4 {
		t.Errorf("summary has %d rows, want 10 (2 InfoNCE, 8 SC-InfoNCE grid points):\n%s", len(rows), sum)
	}
	if !strings.Contains(sum, "| scinfonce | 16 | 1 | 1.5 | 0.5 | 2 |") {
		t.Errorf("summary lacks the row of (scinfonce, N = 16, α = 1.5, β = 0.5) with 2 seeds:\n%s", sum)
	}
	for _, n := range []string{"16", "64"} {
		png := filepath.Join(out, "gap_alpha_beta_scinfonce_N"+n+"_tau1.png")
		if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("summary did not draw %s: %v", png, err)
		}
	}
}
