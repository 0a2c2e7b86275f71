package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// TestTableIsTheSweep: the table's run of each (loss type, seed) equals the reference
// sweep cell of the same settings bit for bit (final metric and class cosines), and
// the sweep's summary is the table.md that -table writes, byte for byte. Tiny
// settings: 2 batches of 30 sources per epoch, 1+1 epochs, 2 seeds.
func TestTableIsTheSweep(t *testing.T) {
	flags := []string{"-nodes", "6", "-sources", "120", "-train-size", "60", "-batch-size", "30", "-epochs", "1", "-lr", "0.1"}
	const gridText = `{"kind": "reference", "loss_type": [0, 1, 2, 3, 4, 5, 6, 7], "seed": [1, 2],
	 "nodes": 6, "sources": 120, "train_size": 60, "batch_size": 30, "epochs": 1, "lr": 0.1}`
	out := filepath.Join(t.TempDir(), "table")
	if err := run(append(flags, "-table", "2", "-workers", "2", "-out", out), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	table, err := os.ReadFile(filepath.Join(out, TableFile))
	if err != nil {
		t.Fatal(err)
	}

	f, err := grid.ParseFile([]byte(gridText), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := grid.NewOf(f.Kind)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := s.Run(context.Background(), dir, grid.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	done, missing, err := s.Collect(dir)
	if err != nil || len(missing) != 0 {
		t.Fatalf("Collect: %v, %d cells missing", err, len(missing))
	}
	var sum bytes.Buffer
	if err := s.Kind().Summary(&sum, done); err != nil {
		t.Fatal(err)
	}
	if sum.String() != string(table) {
		t.Errorf("sweep summary\n%s\nwant table.md\n%s", sum.String(), table)
	}

	o, err := parseFlags(append(flags, "-table", "2"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := tableRuns(context.Background(), o.cfg, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(done) {
		t.Fatalf("%d table runs, %d sweep cells", len(runs), len(done))
	}
	for k, x := range runs {
		r := done[k].(*grid.ReferenceResult) // both in (loss type, seed) order
		if r.LossType != x.LossType || r.Seed != x.Seed {
			t.Fatalf("cell %d is (%d, %d), table run (%d, %d)", k, r.LossType, r.Seed, x.LossType, x.Seed)
		}
		for i := range 3 {
			for j := range 3 {
				// exact: the same function on the same configuration.
				if got, want := float64(r.Metric[i][j]), x.Metric.At(i, j); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s: metric[%d][%d] = %v, table's %v", r.Key, i, j, got, want)
				}
				if got, want := float64(r.Cosine[i][j]), x.Cosine.At(i, j); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s: cosine[%d][%d] = %v, table's %v", r.Key, i, j, got, want)
				}
			}
		}
	}
}
