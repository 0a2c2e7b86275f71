package runio

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// WriteResult puts a complete and an interrupted replicate under their names, and the
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
	for rep, res := range []*simulate.Result{done, cut} {
		if err := f.WriteResult(rep, 2, res); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := runfolder.ReadMetricsCSV(filepath.Join(f.Dir, "replicate-000", runfolder.MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := RecordRows(done); len(rows) != len(want) {
		t.Errorf("read %d rows, wrote %d", len(rows), len(want))
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "replicate-001", runfolder.IncompleteMetricsFile)); err != nil {
		t.Errorf("interrupted replicate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "replicate-001", runfolder.MetricsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("interrupted replicate has a %s that looks complete", runfolder.MetricsFile)
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

func TestTrainingCallback(t *testing.T) {
	var buf bytesBuffer
	p := NewProgress(&buf, "x", 20)
	cb := TrainingCallback(p, 2)
	cb(simulate.Progress{Replicate: 0, Step: 4, Steps: 10})
	cb(simulate.Progress{Replicate: 1, Step: 6, Steps: 10})
	// A replicate index outside 0…n−1 is ignored.
	cb(simulate.Progress{Replicate: 2, Step: 9, Steps: 10})
	cb(simulate.Progress{Replicate: -1, Step: 9, Steps: 10})
	p.Done()
	// The last state is 4 + 6 = 10 of 20 steps.
	if !containsLine(buf.String(), "x: 10/20 (50.0%)") {
		t.Errorf("progress output %q lacks 10/20", buf.String())
	}
}
