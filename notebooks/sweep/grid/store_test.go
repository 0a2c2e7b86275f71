package grid

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rewriteCell rewrites the file of cell c in dir with edit applied to its JSON object.
func rewriteCell(t *testing.T, dir string, c Cell, edit func(map[string]any)) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, CellPath(dir, c)), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(CellPath(dir, c), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCellFileChecks: a cell file that names another cell, a cell file that is not
// JSON, and a cell file whose matrices do not fit the space are errors naming the file
// (Run, Merge, WriteResults), and WriteResults then reports no rows.
func TestCellFileChecks(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 2})
	root := t.TempDir()
	dir := filepath.Join(root, "a")
	runAll(t, s, dir, Options{Workers: 1})
	c := s.Cells()[0]

	rewriteCell(t, dir, c, func(m map[string]any) { m["key"] = "loss=infonce N=16 tau=1 seed=7" })
	if _, err := s.Run(t.Context(), dir, Options{}); err == nil || !strings.Contains(err.Error(), "holds cell "+c.ID()+" (loss=infonce N=16 tau=1 seed=7), want "+c.ID()) {
		t.Errorf("Run over a cell file of another key: error %v, want one naming both keys", err)
	}

	if err := os.WriteFile(CellPath(dir, c), []byte(`{"sweep": `), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Merge(claim(t, filepath.Join(root, "m")), []string{dir}, false)
	if err == nil || !strings.Contains(err.Error(), "grid: merge: grid: cell file "+CellPath(dir, c)+": unexpected EOF") {
		t.Errorf("Merge of a truncated cell file: error %v, want one naming the file and the JSON error", err)
	}
	if rows, missing, err := s.WriteResults(folder(t, dir), ResultsFile); err == nil || rows != 0 || missing != 0 {
		t.Errorf("WriteResults over a truncated cell file: %d rows, %d missing, error %v; want an error and 0, 0", rows, missing, err)
	}

	runAll(t, s, filepath.Join(root, "b"), Options{}) // a good copy, for the next file
	if err := os.WriteFile(CellPath(dir, c), readFile(t, CellPath(filepath.Join(root, "b"), c)), 0o644); err != nil {
		t.Fatal(err)
	}
	rewriteCell(t, dir, c, func(m map[string]any) { m["pair_prob"] = [][]float64{{1, 0}, {0, 1}} })
	rows, missing, err := s.WriteResults(folder(t, dir), ResultsFile)
	if err == nil || !strings.Contains(err.Error(), "has a 2-state pair_prob, want 3 states") || rows != 0 || missing != 0 {
		t.Errorf("WriteResults over a 2-state cell: %d rows, %d missing, error %v; want 0, 0 and the states named", rows, missing, err)
	}
}

// TestWriteResultsUnwritable: a results file that cannot be written is an error, and
// no rows are reported.
func TestWriteResultsUnwritable(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 1})
	dir := t.TempDir()
	runAll(t, s, dir, Options{})
	f := folder(t, dir)
	if err := os.Mkdir(filepath.Join(dir, IncompleteResultsFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, IncompleteResultsFile, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, missing, err := s.WriteResults(f, IncompleteResultsFile)
	if err == nil || rows != 0 || missing != 0 {
		t.Errorf("WriteResults onto a folder: %d rows, %d missing, error %v; want an error and 0, 0", rows, missing, err)
	}
}

// TestLoadAndCheckErrors: a folder without sweep.json, with a sweep.json that is a
// folder, or with a broken one, is an error of Load, Check and Merge; nothing is written.
func TestLoadAndCheckErrors(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 1})
	root := t.TempDir()
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	if _, _, err := Merge(claim(t, out), []string{empty}, false); err == nil || !strings.Contains(err.Error(), "grid: merge: grid: "+empty+" is not a sweep directory") {
		t.Errorf("Merge of a folder without sweep.json: error %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused merge created %s (%v)", out, err)
	}
	odd := filepath.Join(root, "odd")
	if err := os.MkdirAll(filepath.Join(odd, SpecFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(odd); err == nil || !strings.Contains(err.Error(), "grid: read "+filepath.Join(odd, SpecFile)) {
		t.Errorf("Check of a folder whose sweep.json is a folder: error %v, want the read error", err)
	}
	broken := filepath.Join(root, "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, SpecFile), []byte(`{"id": ""}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(broken); err == nil || !strings.Contains(err.Error(), "holds no sweep id") {
		t.Errorf("Check of a sweep.json without an id: error %v", err)
	}
	if _, err := Load(broken); err == nil || !strings.Contains(err.Error(), "grid: "+broken+": grid: sweep.json: format") {
		t.Errorf("Load of a sweep.json without a format: error %v", err)
	}
	if _, _, err := Merge(claim(t, out), nil, false); err == nil || !strings.Contains(err.Error(), "no sweep directories given") {
		t.Errorf("Merge of nothing: error %v", err)
	}
}

// TestMergeOutputChecked: a merge into a folder of the same sweep whose cell file
// differs from the inputs' is refused naming the cell; one missing cell with
// allowPartial gives results.incomplete.csv only.
func TestMergeOutputChecked(t *testing.T) {
	s := mustNew(t, tinyBase(t), Grid{N: []int{16}, Loss: []string{"infonce"}, Seeds: 2})
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	runAll(t, s, in, Options{})
	runAll(t, s, out, Options{})
	c := s.Cells()[1]
	rewriteCell(t, out, c, func(m map[string]any) { m["final_loss"] = 12.5 })
	if _, _, err := Merge(claim(t, out), []string{in}, false); err == nil || !strings.Contains(err.Error(), "cell "+c.ID()+" ("+c.Key()+") in the output") {
		t.Errorf("Merge into a folder with a different cell file: error %v, want the cell named", err)
	}

	if err := os.WriteFile(CellPath(out, c), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Merge(claim(t, out), []string{in}, false); err == nil || !strings.Contains(err.Error(), "grid: merge: grid: cell file "+CellPath(out, c)) {
		t.Errorf("Merge into a folder with a truncated cell file: error %v, want the file named", err)
	}

	if err := os.Remove(CellPath(in, c)); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(root, "blocked") // its results.incomplete.csv cannot be written
	if err := os.MkdirAll(filepath.Join(blocked, IncompleteResultsFile, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Merge(claim(t, blocked), []string{in}, true); err == nil || !strings.Contains(err.Error(), "grid: merge: grid: ") {
		t.Errorf("Merge into a folder whose results.incomplete.csv is a folder: error %v", err)
	}
	part := filepath.Join(root, "part")
	if _, st, err := Merge(claim(t, part), []string{in}, true); err != nil || st.Missing != 1 {
		t.Fatalf("partial merge with one cell missing: %+v, %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(part, ResultsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a merge missing one cell wrote %s (%v); want only %s", ResultsFile, err, IncompleteResultsFile)
	}
	readFile(t, filepath.Join(part, IncompleteResultsFile))
}
