package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// TestStudyCIsTheSweep: the encoder of study c (seed 1) and the MNIST sweep cell of the
// same settings and seed, on the same images (writeFixture's 4×4 digits; the sweep's
// own tests use the GoMNIST files), give the same final numbers, bit for bit where the
// notebook keeps them (median gap to T1, corr(log P, log ρ), 1-NN, probe) and as
// printed elsewhere (population loss, p90, class cosines). Tiny settings: 3 states per
// digit, 30 views, 2 steps of 4 sources.
func TestStudyCIsTheSweep(t *testing.T) {
	o, err := parseFlags(append(append([]string{}, tiny...), "-studies", "c"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := fmnist.LoadTrain(writeFixture(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	var sum strings.Builder
	nb := &notebook{o: o, ds: ds, out: &sum, stderr: io.Discard}
	if err := nb.studyC(context.Background()); err != nil {
		t.Fatal(err)
	}
	last := nb.rec.traj[len(nb.rec.traj)-1]
	if last.step != 2 {
		t.Fatalf("last row at step %d, want 2", last.step)
	}

	f, err := grid.ParseFile([]byte(`{"kind": "mnist", "loss": ["infonce"], "seed": [1], "world_seed": 1,
	 "per_class": 3, "views": 30, "steps": 2, "batch": 4, "tau": 0.5, "lr": 0.001}`), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f.Kind.(*grid.MNISTKind).UseDataset(ds)
	s, err := grid.NewOf(f.Kind)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := s.Run(context.Background(), out, grid.Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	done, _, err := s.Collect(out)
	if err != nil || len(done) != 1 {
		t.Fatalf("Collect: %d cells, %v", len(done), err)
	}
	r := done[0].(*grid.MNISTResult)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"median |P/T1 − 1|", float64(r.GapMedian), last.t1Median},
		{"corr(log P, log ρ)", float64(r.LogCorr), last.corr},
		{"1-NN", float64(r.NN1), last.nn1},
		{"probe", float64(r.Probe), last.probe},
	} {
		// exact: the same computation on the same streams.
		if math.Float64bits(c.got) != math.Float64bits(c.want) {
			t.Errorf("%s: sweep cell %v, study c %v", c.name, c.got, c.want)
		}
	}
	for _, row := range []string{
		fmt.Sprintf("| 2 | %.4f | %.4f | %.4f | %.3f |", float64(r.PopulationLoss), float64(r.GapMedian), float64(r.GapP90), float64(r.LogCorr)),
		fmt.Sprintf("| MLP (final) | %.3f | %.3f | %.3f | %.3f |", float64(r.NN1), float64(r.Probe), float64(r.WithinCos), float64(r.BetweenCos)),
	} {
		if !strings.Contains(sum.String(), row) {
			t.Errorf("study c printed no row starting %q:\n%s", row, sum.String())
		}
	}
}
