package grid

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TestSpecGridOfWrongType: a scenario sweep.json whose grid is not an object of the
// grid's fields is an error naming the grid.
func TestSpecGridOfWrongType(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 1})
	spec := string(s.Spec())
	i := strings.Index(spec, `"grid": {`)
	j := strings.Index(spec, `"cells":`)
	edited := spec[:i] + `"grid": [1],` + "\n  " + spec[j:]
	if _, err := ParseSpec([]byte(edited)); err == nil || !strings.Contains(err.Error(), "grid: sweep.json: grid: json: cannot unmarshal array") {
		t.Errorf("sweep.json with grid [1]: error %v, want one naming the grid", err)
	}
}

// TestSettingsKindMismatch: settings of one kind read as another are an error naming
// "kind".
func TestSettingsKindMismatch(t *testing.T) {
	if _, err := parseReference([]byte(`{"kind": "mnist", "loss_type": [0], "seed": [1]}`)); err == nil || !strings.Contains(err.Error(), `kind = "mnist": want "reference"`) {
		t.Errorf("reference settings of kind mnist: error %v", err)
	}
	if _, err := parseMNIST([]byte(`{"loss": ["infonce"], "seed": [1]}`)); err == nil || !strings.Contains(err.Error(), `kind = : want "mnist"`) {
		t.Errorf("MNIST settings without a kind: error %v", err)
	}
}

// TestScenarioAxesInfinite: an infinite α or β, of either sign, is refused.
func TestScenarioAxesInfinite(t *testing.T) {
	for _, tc := range []struct {
		g    Grid
		want string
	}{
		{Grid{Loss: []string{"scinfonce"}, Alpha: []float64{math.Inf(-1)}}, "grid: alpha = -Inf: need a finite number"},
		{Grid{Loss: []string{"scinfonce"}, Beta: []float64{math.Inf(-1)}}, "grid: beta = -Inf: need a finite number"},
		{Grid{Loss: []string{"scinfonce"}, Beta: []float64{math.Inf(1)}}, "grid: beta = +Inf: need a finite number"},
	} {
		if _, err := New(tinyBase(t), tc.g); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("grid α %v, β %v: error %v, want %q", tc.g.Alpha, tc.g.Beta, err, tc.want)
		}
	}
}

// TestUnreadableFiles: a cell file that cannot be read (a folder in its place) stops
// Run with the error; an incomplete results file that cannot be removed fails the
// results.csv that supersedes it, and no rows are reported.
func TestUnreadableFiles(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 2})
	dir := t.TempDir()
	if err := os.MkdirAll(CellPath(dir, s.Cells()[1]), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(t.Context(), dir, Options{}); err == nil || !strings.Contains(err.Error(), "grid: read "+CellPath(dir, s.Cells()[1])) {
		t.Errorf("Run over a folder in a cell file's place: error %v, want the read error", err)
	}

	dir = t.TempDir()
	f := folder(t, dir)
	if _, err := s.Run(t.Context(), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.WriteResults(f, IncompleteResultsFile); err != nil {
		t.Fatal(err)
	}
	inc := filepath.Join(dir, IncompleteResultsFile)
	if err := os.Remove(inc); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(inc, 0o755); err != nil {
		t.Fatal(err)
	}
	rows, missing, err := s.WriteResults(f, ResultsFile)
	if err == nil || rows != 0 || missing != 0 {
		t.Errorf("WriteResults with an unremovable %s: %d rows, %d missing, error %v; want an error and 0, 0", IncompleteResultsFile, rows, missing, err)
	}
}

// TestMNISTGridTooLarge: an MNIST grid of more than MaxCells cells is refused before
// its cells are made.
func TestMNISTGridTooLarge(t *testing.T) {
	names := loss.Names()
	seeds := make([]string, MaxCells/len(names)+1)
	for i := range seeds {
		seeds[i] = strconv.Itoa(i)
	}
	quoted := `"` + strings.Join(names, `", "`) + `"`
	text := `{"kind": "mnist", "loss": [` + quoted + `], "seed": [` + strings.Join(seeds, ",") + `]}`
	if _, err := ParseFile([]byte(text), t.TempDir()); err == nil || !strings.Contains(err.Error(), "more than 1048576 (MaxCells)") {
		t.Errorf("MNIST grid of %d × %d cells: error %v, want one naming MaxCells", len(names), len(seeds), err)
	}
}

// TestCountMatchesCells: count is the number of cells the grid expands to, for several
// values on every axis.
func TestCountMatchesCells(t *testing.T) {
	g := Grid{N: []int{2, 4}, Tau: []float64{1, 2}, Loss: []string{"infonce", "scinfonce"}, Alpha: []float64{1, 2, 3}, Beta: []float64{0, 1}, Seeds: 2}
	// infonce: 2 N × 2 τ × 2 seeds = 8; scinfonce: 2 × 2 × (3 α × 2 β) × 2 = 48.
	if got, err := g.count(); got != 56 || err != nil || len(g.cells()) != 56 {
		t.Errorf("count = %d, %v; %d cells; want 56", got, err, len(g.cells()))
	}
	g.Seeds = 0
	if _, err := g.canonical(); err == nil || !strings.Contains(err.Error(), "seeds = 0: need ≥ 1") {
		t.Errorf("canonical with 0 seeds: error %v", err)
	}
}
