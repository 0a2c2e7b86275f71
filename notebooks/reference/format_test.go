package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/reftable"
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
}

func TestRunTableReportsRunErrors(t *testing.T) {
	// Batches of 2 sources never hold all three states: the first run's monitor error is
	// returned with its loss type and seed, before anything is written.
	c := graphtoy.Default()
	c.Graph.Nodes, c.Graph.Sources, c.Graph.TrainSize = 6, 20, 10
	c.BatchSize, c.Epochs = 2, 0
	err := runTable(context.Background(), c, 1, 1, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loss 0 seed 1: graphtoy: monitor") {
		t.Errorf("runTable: %v", err)
	}
	c.BatchSize = 1
	if err := runTable(context.Background(), c, 1, 1, nil, io.Discard); err == nil || !strings.Contains(err.Error(), "BatchSize = 1") {
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

func TestEncodeLogReportsWriteError(t *testing.T) {
	mon := &graphtoy.Monitor{Metric: mat.NewDense(1, 1, []float64{1}), Cosine: mat.NewDense(1, 1, []float64{1})}
	if err := encodeLog(testutil.FailingWriter{}, []logged{{mon: mon}}); err == nil || !strings.Contains(err.Error(), "disk full") {
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
		if err := encodeLog(testutil.FailingWriter{}, []logged{{mon: mon}}); err == nil || !strings.Contains(err.Error(), "disk full") {
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
	if err := dir.Close(runTable(context.Background(), c, 2, 2, dir, &out)); err != nil {
		t.Fatal(err)
	}
	var runs []reftable.Run
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
		runs = append(runs, reftable.Run{LossType: cfg.LossType, Seed: cfg.Seed, Metric: mon.Metric, Cosine: mon.Cosine})
	}
	if want := reftable.Markdown(c, 2, runs); out.String() != want {
		t.Errorf("table\n%s\nwant\n%s", out.String(), want)
	}
}
