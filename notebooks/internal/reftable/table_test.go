package reftable

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

func TestSmallHelpers(t *testing.T) {
	if got := FormatVec([]float64{1.23456, -2}); got != "[1.2346 -2.0000]" {
		t.Errorf("FormatVec = %q", got)
	}
	// Off-diagonal entries 2, 3, 4, 6, 7, 8: mean 30/6 = 5 (the diagonal 1, 5, 10 excluded).
	if got := OffDiagMean(mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10})); got != 5 {
		t.Errorf("OffDiagMean = %v, want 5", got)
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
		if got := MeanSE(tc.v, tc.pct); got != tc.want {
			t.Errorf("MeanSE(%v, %v) = %q, want %q", tc.v, tc.pct, got, tc.want)
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
	var runs []Run
	for lt := range loss.ReferenceLosses {
		for s := range 2 {
			off := 0.1*float64(lt) + 0.2*float64(s)
			cos := mat.NewDense(3, 3, []float64{1, off, off, off, 1, off, off, off, 1})
			runs = append(runs, Run{LossType: lt, Seed: uint64(s + 1), Metric: mat.DenseCopyOf(t1), Cosine: cos})
		}
	}
	table := Markdown(c, 2, runs)
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

// smallConfig is the reference experiment cut to a few hundred sources, for speed.
func smallConfig() graphtoy.Config {
	c := graphtoy.Default()
	c.Graph.Sources, c.Graph.TrainSize = 300, 150
	c.BatchSize, c.Epochs, c.LossType, c.Seed = 50, 2, 1, 7
	return c
}

// Train runs Epochs+1 epochs and returns the final monitor of that trainer: the one
// a graphtoy.Trainer built alike gives after Epochs+1 epochs (not after Epochs), with
// the run's loss type and seed.
func TestTrain(t *testing.T) {
	c := smallConfig()
	run, err := Train(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if run.LossType != 1 || run.Seed != 7 {
		t.Errorf("run of loss %d seed %d, want 1, 7", run.LossType, run.Seed)
	}
	for _, epochs := range []int{c.Epochs, c.Epochs + 1} {
		tr, err := graphtoy.New(c) // afresh: Monitor draws from the trainer's monitor stream
		if err != nil {
			t.Fatal(err)
		}
		for range epochs {
			tr.Epoch()
		}
		mon, err := tr.Monitor()
		if err != nil {
			t.Fatal(err)
		}
		same := mat.Equal(run.Metric, mon.Metric) && mat.Equal(run.Cosine, mon.Cosine)
		if same != (epochs == c.Epochs+1) {
			t.Errorf("the run's monitor equals that after %d epochs: %v; want it only after Epochs+1 = %d", epochs, same, c.Epochs+1)
		}
	}
}

// Train returns a configuration error of graphtoy.New as is, a cancellation before
// an epoch as ctx's error, and a monitor error with the loss type and seed.
func TestTrainErrors(t *testing.T) {
	bad := smallConfig()
	bad.Epochs = -1
	if _, err := Train(context.Background(), bad); err == nil || err.Error() != bad.Validate().Error() {
		t.Errorf("Epochs -1: error %v, want graphtoy's %v", err, bad.Validate())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, smallConfig()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
	// Test batches of 2 sources never hold all three states: the monitor has no batch.
	few := smallConfig()
	few.BatchSize, few.Epochs = 2, 0
	_, err := Train(context.Background(), few)
	if err == nil || !strings.HasPrefix(err.Error(), "loss 1 seed 7: graphtoy: monitor: no full test batch contains state") {
		t.Errorf("batches of 2: error %v, want the monitor's, with loss 1 seed 7", err)
	}
}

// A loss type without runs has no row, one with a single run has one (no spread).
func TestTableMarkdownOneSeed(t *testing.T) {
	c := graphtoy.Default()
	c.BatchSize = 10
	t1 := c.Space.InfoNCETarget(10)
	cos := mat.NewDense(3, 3, []float64{1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 1})
	runs := []Run{{LossType: 2, Seed: 1, Metric: mat.DenseCopyOf(t1), Cosine: cos}, {LossType: 0, Seed: 1, Metric: mat.DenseCopyOf(t1), Cosine: cos}}
	var types []string
	for _, l := range strings.Split(Markdown(c, 1, runs), "\n") {
		if f := strings.Split(l, " | "); len(f) == 6 && !strings.HasPrefix(l, "| type") {
			types = append(types, f[0])
			if f[2] != "0.00 ± 0.00 %" || f[4] != "0.5000 ± 0.0000" {
				t.Errorf("row %q: want gap 0.00 ± 0.00 %% and cosine 0.5000 ± 0.0000", l)
			}
		}
	}
	if strings.Join(types, ",") != "| 0,| 2" {
		t.Errorf("rows of types %q, want 0 and 2", types)
	}
}
