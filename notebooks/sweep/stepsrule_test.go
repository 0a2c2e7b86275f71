package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// -steps larger than the scenario's is taken as given, as run takes it
// (runio.OverrideSteps; issue 15: sweep refused it while run clipped): tiny.json has
// 60 steps, -steps 100 trains its cell for 100, as the steps column of results.csv
// says.
func TestLargerStepsAsRun(t *testing.T) {
	out := t.TempDir()
	sweepCmd(t, "-scenario", "testdata/tiny.json", "-N", "16", "-loss", "infonce", "-seeds", "1", "-steps", "100", "-out", out)
	f, err := os.Open(filepath.Join(out, grid.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%s: %d rows, %v; want a header and one cell", grid.ResultsFile, len(rows), err)
	}
	if k := slices.Index(rows[0], "steps"); k < 0 || rows[1][k] != "100" {
		t.Errorf("%s: header %q, row %q; want steps 100", grid.ResultsFile, rows[0], rows[1])
	}
}
