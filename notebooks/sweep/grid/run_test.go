package grid

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func runAll(t testing.TB, s *Sweep, dir string, opt Options) Stats {
	t.Helper()
	f := folder(t, dir)
	st, err := s.Run(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.WriteResults(f, ResultsFile); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
	return st
}

// claim returns Merge's claim of dir.
func claim(t testing.TB, dir string) func(*Sweep) (*runfolder.Folder, error) {
	return func(*Sweep) (*runfolder.Folder, error) { return folder(t, dir), nil }
}

// folder claims dir as the sweep notebook does.
func folder(t testing.TB, dir string) *runfolder.Folder {
	t.Helper()
	f, err := runfolder.Create(dir, runfolder.Options{Notebook: "sweep", Keep: true, Own: OwnName})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRunIdenticalAcrossWorkersAndShards: one sweep run with 1 and 2 workers, and as 3
// shards (2 workers each) merged, gives byte-identical results.csv and cell files.
func TestRunIdenticalAcrossWorkersAndShards(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	root := t.TempDir()
	one, two := filepath.Join(root, "one"), filepath.Join(root, "two")
	st := runAll(t, s, one, Options{Workers: 1})
	if st.Cells != 20 || st.Ran != 20 || st.Skipped != 0 || st.Failed != 0 {
		t.Fatalf("stats %+v, want 20 cells run", st)
	}
	runAll(t, s, two, Options{Workers: 2})
	var shards []string
	for i := 0; i < 3; i++ {
		d := filepath.Join(root, "shard", string(rune('0'+i)))
		st := runAll(t, s, d, Options{Workers: 2, Shard: Shard{i, 3}})
		if want := len(s.ShardCells(Shard{i, 3})); st.Ran != want {
			t.Errorf("shard %d/3 ran %d cells, want %d", i, st.Ran, want)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(root, "merged")
	_, mst, err := Merge(claim(t, merged), shards, false)
	if err != nil {
		t.Fatal(err)
	}
	if mst.Found != 20 || mst.Missing != 0 || mst.Copied != 20 {
		t.Errorf("merge stats %+v, want 20 found and copied", mst)
	}
	ref := readFile(t, filepath.Join(one, ResultsFile))
	if n := bytes.Count(ref, []byte("\n")); n != 21 {
		t.Fatalf("results.csv has %d lines, want a header and 20 rows", n)
	}
	for _, d := range []string{two, merged} {
		if got := readFile(t, filepath.Join(d, ResultsFile)); !bytes.Equal(got, ref) {
			t.Errorf("%s/results.csv differs from the 1-worker run's", d)
		}
		for _, c := range s.Cells() {
			if !bytes.Equal(readFile(t, CellPath(d, c)), readFile(t, CellPath(one, c))) {
				t.Errorf("%s: cell file of %s differs from the 1-worker run's", d, c.Key())
			}
		}
	}
}

// TestCellMatchesTrain: a cell's result is simulate.Train of the base with the cell's
// values and the documented seed, whatever else the grid holds.
func TestCellMatchesTrain(t *testing.T) {
	base := tinyBase(t)
	small := mustNew(t, base, Grid{N: []int{64}, Loss: []string{"scinfonce"}, Alpha: []float64{1.5}, Beta: []float64{0.5}, Seeds: 2})
	big := mustNew(t, base, tinyGrid())
	c := ScenarioCell{Loss: "scinfonce", N: 64, Tau: 1, Alpha: 1.5, Beta: 0.5, SeedIndex: 1}
	dir := t.TempDir()
	runAll(t, small, filepath.Join(dir, "small"), Options{Workers: 1})
	runAll(t, big, filepath.Join(dir, "big"), Options{Workers: 2})
	rs, err := readScenario(small, filepath.Join(dir, "small"), c)
	if err != nil || rs == nil {
		t.Fatalf("small sweep has no file of %s: %v", c.Key(), err)
	}
	rb, err := readScenario(big, filepath.Join(dir, "big"), c)
	if err != nil || rb == nil {
		t.Fatalf("big sweep has no file of %s: %v", c.Key(), err)
	}

	cfg := simulate.Config{
		Space: small.Kind().(*ScenarioKind).Space(), N: 64, Loss: "scinfonce",
		Params: simulate.LossParams{Tau: 1, Alpha: 1.5, Beta: 0.5},
		Model:  simulate.ModelConfig{Kind: simulate.ModelLogits},
		Opt:    simulate.OptimizerConfig{Name: "sgd", LR: 0.5, Schedule: "constant"},
		Steps:  60, RecordEvery: 20, EvalBatches: 4, AverageFrom: 20,
		Seed: c.Seed(1), // the base scenario's seed is the toy's, 1
	}
	res, err := simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := res.PairProb.At(i, j)
			// exact: the same computation on the same stream, bit for bit.
			for _, r := range []*Result{rs, rb} {
				if got := float64(r.PairProb[i][j]); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Errorf("P[%d][%d] = %v, want simulate.Train's %v", i, j, got, want)
				}
			}
		}
	}
	if float64(rs.FinalLoss) != res.Records[len(res.Records)-1].Loss {
		t.Errorf("final loss %v, want %v", rs.FinalLoss, res.Records[len(res.Records)-1].Loss)
	}
	mx, mean := RelGap(res.PairProb, res.Target)
	if float64(rs.GapMaxRel) != mx || float64(rs.GapMeanRel) != mean {
		t.Errorf("gaps %v, %v; want %v, %v", rs.GapMaxRel, rs.GapMeanRel, mx, mean)
	}
}

// TestRunSkipsFinishedCells: a re-run trains only the cells without a file.
func TestRunSkipsFinishedCells(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	dir := t.TempDir()
	first := runAll(t, s, dir, Options{Workers: 2, Shard: Shard{1, 4}})
	ref := readFile(t, CellPath(dir, s.ShardCells(Shard{1, 4})[0]))
	st := runAll(t, s, dir, Options{Workers: 2})
	if st.Cells != 20 || st.Skipped != first.Ran || st.Ran != 20-first.Ran {
		t.Errorf("re-run stats %+v, want %d skipped and %d run", st, first.Ran, 20-first.Ran)
	}
	removed := s.Cells()[7]
	if err := os.Remove(CellPath(dir, removed)); err != nil {
		t.Fatal(err)
	}
	var calls []int
	st = runAll(t, s, dir, Options{Workers: 2, Progress: func(done int) { calls = append(calls, done) }})
	if st.Skipped != 19 || st.Ran != 1 {
		t.Errorf("after removing one cell file: stats %+v, want 19 skipped and 1 run", st)
	}
	if len(calls) != 2 || calls[0] != 19 || calls[1] != 20 {
		t.Errorf("progress calls %v, want [19 20]", calls)
	}
	if !bytes.Equal(readFile(t, CellPath(dir, s.ShardCells(Shard{1, 4})[0])), ref) {
		t.Errorf("a skipped cell's file was rewritten")
	}
}

// TestRunCancel: cancelling keeps the finished cells, writes no unfinished one, and a
// re-run completes the sweep with the same results as an uninterrupted run.
func TestRunCancel(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	folder(t, dir)
	st, err := s.Run(ctx, dir, Options{Workers: 1, Progress: func(done int) {
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: error %v, want context.Canceled", err)
	}
	if st.Ran != 3 || st.Remaining() != 17 {
		t.Errorf("stats %+v, want 3 run and 17 left (one worker stops after the cell that cancelled)", st)
	}
	files, err := filepath.Glob(filepath.Join(dir, CellsDir, "*"))
	if err != nil || len(files) != 3 {
		t.Errorf("cells/ holds %v, want the 3 finished cells and no temporary file", files)
	}
	st = runAll(t, s, dir, Options{Workers: 2})
	if st.Skipped != 3 || st.Ran != 17 {
		t.Errorf("re-run stats %+v, want 3 skipped, 17 run", st)
	}
	ref := t.TempDir()
	runAll(t, s, ref, Options{Workers: 2})
	if !bytes.Equal(readFile(t, filepath.Join(dir, ResultsFile)), readFile(t, filepath.Join(ref, ResultsFile))) {
		t.Errorf("interrupted and resumed results.csv differs from an uninterrupted run's")
	}
}

// TestMixedSweepsRefused: Run into, and Merge of, directories of another sweep are
// refused with an error naming both ids; so is a cell that differs between shards.
func TestMixedSweepsRefused(t *testing.T) {
	base := tinyBase(t)
	a := mustNew(t, base, tinyGrid())
	other := *base
	other.Steps = 40
	b := mustNew(t, &other, tinyGrid())
	root := t.TempDir()
	da, db := filepath.Join(root, "a"), filepath.Join(root, "b")
	runAll(t, a, da, Options{Workers: 2, Shard: Shard{0, 2}})
	runAll(t, b, db, Options{Workers: 2, Shard: Shard{1, 2}})

	var mix *MixError
	_, _, err := Merge(claim(t, filepath.Join(root, "m")), []string{da, db}, false)
	if !errors.As(err, &mix) || !strings.Contains(err.Error(), a.ID()) || !strings.Contains(err.Error(), b.ID()) {
		t.Errorf("Merge of two sweeps: error %v, want a *MixError naming %s and %s", err, a.ID(), b.ID())
	}
	if _, err := os.Stat(filepath.Join(root, "m")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused merge created its output directory (%v)", err)
	}
	if _, err := a.Run(context.Background(), db, Options{}); !errors.As(err, &mix) || !strings.Contains(err.Error(), b.ID()) {
		t.Errorf("Run into another sweep's directory: error %v, want a *MixError naming %s", err, b.ID())
	}

	// Two runs of sweep a whose shared cell files differ (as if made by different code).
	dc := filepath.Join(root, "c")
	runAll(t, a, dc, Options{Workers: 2, Shard: Shard{0, 2}})
	c := a.ShardCells(Shard{0, 2})[0]
	data := readFile(t, CellPath(dc, c))
	if err := os.WriteFile(CellPath(dc, c), bytes.Replace(data, []byte(`"steps": 60`), []byte(`"steps": 60 `), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Merge(claim(t, filepath.Join(root, "m2")), []string{da, dc}, true); err == nil || !strings.Contains(err.Error(), c.ID()) || !strings.Contains(err.Error(), "differs") {
		t.Errorf("Merge of differing cell files: error %v, want one naming cell %s", err, c.ID())
	}
}

// TestMergeMissingCells: a merge that lacks a shard names the missing cells, or with
// allowPartial writes them to results.incomplete.csv only.
func TestMergeMissingCells(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	root := t.TempDir()
	d0 := filepath.Join(root, "0")
	runAll(t, s, d0, Options{Workers: 2, Shard: Shard{0, 2}})
	missing := s.ShardCells(Shard{1, 2})[0]
	_, st, err := Merge(claim(t, filepath.Join(root, "m")), []string{d0}, false)
	if err == nil || !strings.Contains(err.Error(), "10 of 20 cells") || !strings.Contains(err.Error(), missing.Key()) {
		t.Errorf("Merge without shard 1: error %v, want one counting 10 of 20 and naming %q", err, missing.Key())
	}
	_, st, err = Merge(claim(t, filepath.Join(root, "p")), []string{d0}, true)
	if err != nil || st.Found != 10 || st.Missing != 10 {
		t.Fatalf("partial merge: %+v, %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(root, "p", ResultsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial merge wrote %s (%v); want only %s", ResultsFile, err, IncompleteResultsFile)
	}
	if n := bytes.Count(readFile(t, filepath.Join(root, "p", IncompleteResultsFile)), []byte("\n")); n != 11 {
		t.Errorf("%s has %d lines, want a header and 10 rows", IncompleteResultsFile, n)
	}
}

// TestFailedCellIsAResult: a training run that diverges is a finished cell carrying
// its error, deterministically.
func TestFailedCellIsAResult(t *testing.T) {
	base := tinyBase(t)
	base.Optimizer.LR = 1e308 // the first update overflows the logits
	s := mustNew(t, base, Grid{N: []int{16}})
	dir := t.TempDir()
	st := runAll(t, s, dir, Options{})
	if st.Ran != 1 || st.Failed != 1 {
		t.Fatalf("stats %+v, want 1 run, 1 failed", st)
	}
	r, err := readScenario(s, dir, s.Cells()[0])
	if err != nil || r == nil || !strings.Contains(r.Error, "loss became") || !math.IsNaN(float64(r.GapMaxRel)) {
		t.Errorf("failed cell: %+v, %v; want its training error and NaN gaps", r, err)
	}
	if st := runAll(t, s, dir, Options{}); st.Skipped != 1 || st.Ran != 0 {
		t.Errorf("re-run of a failed cell: %+v, want it skipped (the failure is its result)", st)
	}
}

// readScenario returns the scenario result in dir's file of cell c (nil when there is none).
func readScenario(s *Sweep, dir string, c Cell) (*Result, error) {
	o, _, err := s.readCell(dir, c)
	r, _ := o.(*Result)
	return r, err
}
