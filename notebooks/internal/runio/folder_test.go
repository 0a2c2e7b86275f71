package runio

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

func TestReplicateFile(t *testing.T) {
	for _, c := range []struct {
		rep, n     int
		base       string
		incomplete bool
		want       string
	}{
		{0, 1, "metrics.csv", false, "metrics.csv"},
		{0, 1, "metrics.csv", true, "metrics.incomplete.csv"},
		{2, 3, "metrics.csv", false, "replicate-002/metrics.csv"},
		{2, 3, "log.csv", true, "replicate-002/log.incomplete.csv"},
	} {
		if got := ReplicateFile(c.rep, c.n, c.base, c.incomplete); got != c.want {
			t.Errorf("ReplicateFile(%d, %d, %q, %v) = %q, want %q", c.rep, c.n, c.base, c.incomplete, got, c.want)
		}
	}
}

// WriteResults puts a complete and an interrupted replicate under their names, and the
// complete one reads back as RecordRows wrote it.
func TestWriteResults(t *testing.T) {
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	done, err := simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cut, _ := simulate.Train(ctx, cfg, nil)
	f, err := CreateFolder(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteResults([]*simulate.Result{done, cut}); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadMetricsCSV(filepath.Join(f.Dir, "replicate-000", MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := RecordRows(done); len(rows) != len(want) {
		t.Errorf("read %d rows, wrote %d", len(rows), len(want))
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "replicate-001", IncompleteMetricsFile)); err != nil {
		t.Errorf("interrupted replicate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "replicate-001", MetricsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("interrupted replicate has a %s that looks complete", MetricsFile)
	}
}

func TestParseFormats(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", []string{}, false},
		{"png", []string{"png"}, false},
		{"png, svg,png", []string{"png", "svg"}, false},
		{"png,gif", nil, true},
	} {
		got, err := ParseFormats(c.in)
		if (err != nil) != c.wantErr || !slices.Equal(got, c.want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestMeanMatrixAndGaps(t *testing.T) {
	nan := math.NaN()
	a := mat.NewDense(1, 3, []float64{1, nan, nan})
	b := mat.NewDense(1, 3, []float64{3, 4, nan})
	var nilDense *mat.Dense
	got := MeanMatrix([]mat.Matrix{a, nil, nilDense, b})
	// Means of the non-NaN entries: (1+3)/2, 4, none.
	if got.At(0, 0) != 2 || got.At(0, 1) != 4 || !math.IsNaN(got.At(0, 2)) {
		t.Errorf("MeanMatrix = %v, want [2 4 NaN]", mat.Formatted(got))
	}
	if MeanMatrix(nil) != nil {
		t.Errorf("MeanMatrix(nil) is not nil")
	}
	// |1−3|/3 = 2/3 is the largest finite gap; NaN entries are skipped.
	if g := MaxAbsRelDiff(a, b); g != 2.0/3 {
		t.Errorf("MaxAbsRelDiff = %v, want 2/3", g)
	}
	rel := RelativeDifference(mat.NewDense(1, 1, []float64{3}), mat.NewDense(1, 1, []float64{2}), 100)
	if rel.At(0, 0) != 50 {
		t.Errorf("RelativeDifference(3, 2)·100 = %v, want 50", rel.At(0, 0))
	}
}

func TestFigures(t *testing.T) {
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	cfg.N = 200 // every pair of the toy has anchors in the evaluation batch
	res, err := simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PairProbFigure(PairProbComparison{Trained: res.PairProb, Target: res.Target, N: cfg.N}); err != nil {
		t.Errorf("PairProbFigure: %v", err)
	}
	if _, err := PairProbFigure(PairProbComparison{N: cfg.N, Title: "x"}); err == nil {
		t.Errorf("PairProbFigure without trained probabilities: no error")
	}
	f, err := TrajectoryFigure([]*simulate.Result{res, res}, res.Target, res.Target, "T1", cfg.N, nil, "t")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := CreateFolder(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.WriteFigure("trajectory", f, []string{"png", "svg"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dir.Manifest.Files, []string{"trajectory.png", "trajectory.svg"}) {
		t.Errorf("files %v, want the PNG and the SVG", dir.Manifest.Files)
	}
	if _, err := TrajectoryFigure(nil, res.Target, nil, "", cfg.N, nil, "t"); err == nil {
		t.Errorf("TrajectoryFigure without results: no error")
	}
}

func TestTrainingCallback(t *testing.T) {
	var buf bytesBuffer
	p := NewProgress(&buf, "x", 20)
	cb := TrainingCallback(p, 2)
	cb(simulate.Progress{Replicate: 0, Step: 4, Steps: 10})
	cb(simulate.Progress{Replicate: 1, Step: 6, Steps: 10})
	p.Done()
	// The last state is 4 + 6 = 10 of 20 steps.
	if !containsLine(buf.String(), "x: 10/20 (50.0%)") {
		t.Errorf("progress output %q lacks 10/20", buf.String())
	}
}
