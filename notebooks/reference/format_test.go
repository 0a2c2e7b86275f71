package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

func TestEncodeLogHandWritten(t *testing.T) {
	mon := &graphtoy.Monitor{Metric: mat.NewDense(2, 2, []float64{0.5, 0.25, 1, 2}), Cosine: mat.NewDense(2, 2, []float64{1, 0, -0.5, 1})}
	var b bytes.Buffer
	if err := encodeLog(&b, []logged{{epoch: 3, mon: mon}, {epoch: 10, mon: mon}}); err != nil {
		t.Fatal(err)
	}
	want := "epoch,m00,m01,m10,m11\n3,0.5,0.25,1,2\n3,1,0,-0.5,1\n10,0.5,0.25,1,2\n10,1,0,-0.5,1\n"
	if b.String() != want {
		t.Errorf("log\n%s\nwant\n%s", b.String(), want)
	}
}

func TestMetricRowsHandWritten(t *testing.T) {
	mon := &graphtoy.Monitor{Metric: mat.NewDense(2, 2, []float64{0.5, 0.25, 1, 2}), Cosine: mat.NewDense(2, 2, []float64{1, 0, -0.5, 1})}
	got := metricRows([]logged{{epoch: 4, loss: 1.5, lr: 2e-4, mon: mon}})
	r := func(metric string, i, j int, v float64) runfolder.MetricRow {
		return runfolder.MetricRow{Step: 4, Metric: metric, I: i, J: j, Value: v}
	}
	want := []runfolder.MetricRow{r("loss", -1, -1, 1.5), r("lr", -1, -1, 2e-4),
		r("metric_fn", 0, 0, 0.5), r("metric_fn", 0, 1, 0.25), r("metric_fn", 1, 0, 1), r("metric_fn", 1, 1, 2),
		r("class_cosine", 0, 0, 1), r("class_cosine", 0, 1, 0), r("class_cosine", 1, 0, -0.5), r("class_cosine", 1, 1, 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%v\nwant\n%v", got, want)
	}
}

func TestSmallHelpers(t *testing.T) {
	if got := diagScaled(mat.NewDense(2, 2, []float64{2, 7, 7, 3}), 10); !reflect.DeepEqual(got, []float64{20, 30}) {
		t.Errorf("diagScaled = %v, want [20 30]", got)
	}
	if got := fmtVec([]float64{1.23456, -2}); got != "[1.2346 -2.0000]" {
		t.Errorf("fmtVec = %q", got)
	}
	// Off-diagonal entries 2, 3, 4, 6, 7, 8: mean 30/6 = 5 (the diagonal 1, 5, 10 excluded).
	if got := offDiagMean(mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10})); got != 5 {
		t.Errorf("offDiagMean = %v, want 5", got)
	}
	for _, tc := range []struct {
		v    []float64
		pct  bool
		want string
	}{
		{[]float64{1, 2, 3}, false, "2.0000 ± 0.5774"},     // sd 1, se 1/√3
		{[]float64{0.01, 0.03}, true, "2.00 ± 1.00 %"},     // sd 0.01·√2, se 0.01
		{[]float64{0.5}, false, "0.5000 ± 0.0000"},         // one seed: no spread
		{[]float64{-1, -1, -1}, false, "-1.0000 ± 0.0000"}, // equal values
	} {
		if got := meanSE(tc.v, tc.pct); got != tc.want {
			t.Errorf("meanSE(%v, %v) = %q, want %q", tc.v, tc.pct, got, tc.want)
		}
	}
}

func TestTableMarkdownHandMadeRuns(t *testing.T) {
	// Two seeds per loss type, each with the metric equal to T1 (gap 0 exactly) and an
	// off-diagonal cosine of 0.1·type (seed 1) and 0.1·type + 0.2 (seed 2): mean
	// 0.1·type + 0.1, standard error 0.1.
	c := graphtoy.Default()
	c.BatchSize = 10
	t1 := c.Space.InfoNCETarget(10)
	var runs []tableRun
	for lt := range loss.ReferenceLosses {
		for s := range 2 {
			off := 0.1*float64(lt) + 0.2*float64(s)
			cos := mat.NewDense(3, 3, []float64{1, off, off, off, 1, off, off, off, 1})
			runs = append(runs, tableRun{lossType: lt, seed: uint64(s + 1), metric: mat.DenseCopyOf(t1), cosine: cos})
		}
	}
	table := tableMarkdown(c, 2, runs)
	lines := strings.Split(table, "\n")
	rows := 0
	for _, l := range lines {
		f := strings.Split(l, " | ")
		if len(f) != 6 || strings.HasPrefix(l, "| type") {
			continue
		}
		lt := rows
		rows++
		if want := fmt.Sprintf("| %d", lt); f[0] != want || f[1] != loss.ReferenceLosses[lt].Name {
			t.Errorf("row %d: %q", lt, l)
		}
		if f[2] != "0.00 ± 0.00 %" {
			t.Errorf("type %d: gap to T1 %q, want 0.00 ± 0.00 %%", lt, f[2])
		}
		if want := fmt.Sprintf("%.4f ± 0.1000", 0.1*float64(lt)+0.1); f[4] != want {
			t.Errorf("type %d: cosine %q, want %q", lt, f[4], want)
		}
		// diag(metric)·N averaged over two equal seeds is T1's diagonal times 10.
		want := fmt.Sprintf("[%.4f %.4f %.4f] |", 10*t1.At(0, 0), 10*t1.At(1, 1), 10*t1.At(2, 2))
		if f[5] != want {
			t.Errorf("type %d: diag %q, want %q", lt, f[5], want)
		}
	}
	if rows != len(loss.ReferenceLosses) {
		t.Errorf("%d loss rows:\n%s", rows, table)
	}
	if !strings.Contains(table, "(2 seeds each; 300+1 epochs, N = 10, τ = 1, α = 1, β = 0)") {
		t.Errorf("header:\n%s", table)
	}
}

func TestRunTableReportsRunErrors(t *testing.T) {
	// Batches of 2 sources never hold all three states: the first run's monitor error is
	// returned with its loss type and seed, before anything is written.
	c := graphtoy.Default()
	c.Graph.Nodes, c.Graph.Sources, c.Graph.TrainSize = 6, 20, 10
	c.BatchSize, c.Epochs = 2, 0
	err := runTable(c, 1, 1, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loss 0 seed 1: graphtoy: monitor") {
		t.Errorf("runTable: %v", err)
	}
	c.BatchSize = 1
	if err := runTable(c, 1, 1, nil, io.Discard); err == nil || !strings.Contains(err.Error(), "BatchSize = 1") {
		t.Errorf("runTable with batch 1: %v", err)
	}
}

func TestInterruptedRunIsNotComplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "run")
	err := runContext(ctx, append(small, "-out", dir), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "interrupted at epoch 0") {
		t.Errorf("cancelled run: %v", err)
	}
}

func TestFlagErrorNamesEachFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-lr", "0"}, "-lr: graphtoy: LR = 0"},
		{[]string{"-log-every", "0"}, "-log-every: graphtoy: LogEvery = 0"},
		{[]string{"-sources", "1"}, "-sources: graph: Sources = 1"},
		{[]string{"-alpha", "NaN"}, "-alpha: loss: SC-InfoNCE scale α = NaN"},
		{[]string{"-beta", "Inf"}, "-beta: loss: SC-InfoNCE bias β = +Inf"},
	} {
		_, err := parseFlags(tc.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	// No flags: the reference recipe (graphtoy.Default) with one worker.
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	want := graphtoy.Default()
	want.Workers = 1
	if !reflect.DeepEqual(o.cfg, want) || o.table != 0 || o.force {
		t.Errorf("defaults %+v, want %+v", o.cfg, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeLogReportsWriteError(t *testing.T) {
	mon := &graphtoy.Monitor{Metric: mat.NewDense(1, 1, []float64{1}), Cosine: mat.NewDense(1, 1, []float64{1})}
	if err := encodeLog(failingWriter{}, []logged{{mon: mon}}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("encodeLog to a failing writer: %v", err)
	}
}

func TestEncodeLogReportsEarlyWriteErrors(t *testing.T) {
	// csv.Writer buffers 4096 bytes: a 40×40 header (1600 names of 4+ bytes) already
	// overflows it, and a 15×15 header (under 1 KB) does not but its first row of 225
	// values 1/3 (19 bytes each) does, so the failure shows at those writes.
	for _, m := range []int{40, 15} {
		a := mat.NewDense(m, m, nil)
		for i := range m {
			for j := range m {
				a.Set(i, j, 1.0/3)
			}
		}
		mon := &graphtoy.Monitor{Metric: a, Cosine: a}
		if err := encodeLog(failingWriter{}, []logged{{mon: mon}}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%d×%d log to a failing writer: %v", m, m, err)
		}
	}
}

func TestFlagErrorPassesOtherErrors(t *testing.T) {
	// An error naming no Config field comes back unchanged.
	e := errors.New("graphtoy: nil Space")
	if got := flagError(e); got != e {
		t.Errorf("flagError = %v, want the error itself", got)
	}
}

func TestRunErrorsLeaveNoFinishedRun(t *testing.T) {
	// Batches of 2 never hold all three states, so the first monitor fails; the folder's
	// manifest must not say complete.
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"-epochs", "0", "-sources", "40", "-train-size", "20", "-batch-size", "2", "-nodes", "6", "-out", dir}
	err := run(args, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no full test batch contains state") {
		t.Errorf("batch 2: %v", err)
	}
	if man, _ := os.ReadFile(filepath.Join(dir, "manifest.json")); bytes.Contains(man, []byte(`"complete": true`)) {
		t.Errorf("a failed run's manifest says complete:\n%s", man)
	}
	// A rate of 1e300 drives the parameters to overflow, so the final loss is NaN: an
	// error, and again no complete manifest.
	dir = filepath.Join(t.TempDir(), "nan")
	err = run(append(small, "-lr", "1e300", "-out", dir), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "the final loss is NaN") {
		t.Errorf("lr 1e300: %v", err)
	}
	if man, _ := os.ReadFile(filepath.Join(dir, "manifest.json")); bytes.Contains(man, []byte(`"complete": true`)) {
		t.Errorf("a NaN run's manifest says complete:\n%s", man)
	}
	// A run folder that cannot be created (its parent is a file) is an error.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(append(small, "-out", filepath.Join(file, "run")), io.Discard, io.Discard); err == nil {
		t.Error("a run folder under a regular file: no error")
	}
}

func TestRunTableTrainsEpochsPlusOne(t *testing.T) {
	// The table's runs are loss type k/seeds, seed k%seeds+1, each trained Epochs+1
	// epochs: replay them one by one (2 seeds) and rebuild the table.
	c := graphtoy.Default()
	// 2 batches per epoch and a large rate, so that each epoch moves the monitors
	// visibly (the warm-up's first step has rate 0).
	c.Graph.Nodes, c.Graph.Sources, c.Graph.TrainSize = 6, 120, 60
	c.BatchSize, c.Epochs, c.Hidden, c.Proj, c.LR = 30, 1, 4, 4, 0.1
	dir, err := runio.CreateFolder(filepath.Join(t.TempDir(), "t"), runfolder.Options{Notebook: "reference"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := dir.Close(runTable(c, 2, 2, dir, &out)); err != nil {
		t.Fatal(err)
	}
	var runs []tableRun
	for k := range 2 * len(loss.ReferenceLosses) {
		cfg := c
		cfg.LossType, cfg.Seed = k/2, uint64(k%2+1)
		tr, err := graphtoy.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		tr.Epoch() // Epochs + 1 = 2 epochs
		tr.Epoch()
		mon, err := tr.Monitor()
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, tableRun{lossType: cfg.LossType, seed: cfg.Seed, metric: mon.Metric, cosine: mon.Cosine})
	}
	if want := tableMarkdown(c, 2, runs); out.String() != want {
		t.Errorf("table\n%s\nwant\n%s", out.String(), want)
	}
}
