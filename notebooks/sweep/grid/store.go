package grid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// Names of a sweep directory's files (package doc).
const (
	SpecFile    = "sweep.json"
	CellsDir    = "cells"
	ResultsFile = "results.csv"
	// IncompleteResultsFile holds the rows of an interrupted run, so that a file
	// named results.csv is always the result of a finished one (runio's file rule).
	IncompleteResultsFile = "results.incomplete.csv"
)

// CellPath returns the path of cell c's file in the sweep directory dir.
func CellPath(dir string, c Cell) string {
	return filepath.Join(dir, CellsDir, c.ID()+".json")
}

// Load rebuilds the sweep of the directory dir from its sweep.json (ParseSpec).
func Load(dir string) (*Sweep, error) {
	data, err := os.ReadFile(filepath.Join(dir, SpecFile))
	if err != nil {
		return nil, fmt.Errorf("grid: %s is not a sweep directory: %w", dir, err)
	}
	s, err := ParseSpec(data)
	if err != nil {
		return nil, fmt.Errorf("grid: %s: %w", dir, err)
	}
	return s, nil
}

// recordedID returns the id written in dir's sweep.json, "" if there is no such file.
func recordedID(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, SpecFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("grid: %w", err)
	}
	var sp struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &sp); err != nil || sp.ID == "" {
		return "", fmt.Errorf("grid: %s holds no sweep id (%v)", filepath.Join(dir, SpecFile), err)
	}
	return sp.ID, nil
}

// Check returns a *MixError when dir holds the sweep.json of another sweep, and nil
// when it holds s's or none; it writes nothing.
func (s *Sweep) Check(dir string) error {
	id, err := recordedID(dir)
	if err != nil {
		return err
	}
	if id != "" && id != s.id {
		return &MixError{Want: s.id, Got: id, WantFrom: "the grid and scenario given", GotFrom: "in " + dir}
	}
	return nil
}

// Prepare makes dir a directory of sweep s: it creates dir and dir/cells and writes
// sweep.json, or checks that an existing sweep.json is of the same sweep (a
// *MixError if not). Run and Merge call it themselves.
func (s *Sweep) Prepare(dir string) error {
	if err := s.Check(dir); err != nil {
		return err
	}
	id, _ := recordedID(dir) // read without error by Check
	if err := os.MkdirAll(filepath.Join(dir, CellsDir), 0o755); err != nil {
		return fmt.Errorf("grid: %w", err)
	}
	if id == "" {
		if err := runfolder.WriteFileAtomic(filepath.Join(dir, SpecFile), s.Spec()); err != nil {
			return fmt.Errorf("grid: %w", err)
		}
	}
	return nil
}

// MixError is the refusal to mix two sweeps in one directory or one merge: Got, found
// at GotFrom, is not the sweep Want of WantFrom.
type MixError struct {
	Want, Got         string // sweep ids
	WantFrom, GotFrom string // where each id came from
}

func (e *MixError) Error() string {
	return fmt.Sprintf("grid: refusing to mix different sweeps: sweep %s (%s) and sweep %s (%s) differ in the grid, the base scenario or the options",
		e.Want, e.WantFrom, e.Got, e.GotFrom)
}

// readCell returns the result in dir's file of cell c and its bytes, or (nil, nil,
// nil) when the file does not exist. A file of another sweep or cell is an error.
func (s *Sweep) readCell(dir string, c Cell) (Outcome, []byte, error) {
	path := CellPath(dir, c)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("grid: %w", err)
	}
	o, err := s.kind.Decode(data)
	if err != nil {
		return nil, nil, fmt.Errorf("grid: cell file %s: %w", path, err)
	}
	r := o.Head()
	if r.Sweep != s.id {
		return nil, nil, &MixError{Want: s.id, Got: r.Sweep, WantFrom: "its directory's sweep.json", GotFrom: "cell file " + path}
	}
	if r.Cell != c.ID() || r.Key != c.Key() {
		return nil, nil, fmt.Errorf("grid: cell file %s holds cell %s (%s), want %s (%s)", path, r.Cell, r.Key, c.ID(), c.Key())
	}
	return o, data, nil
}

// Collect reads the finished cells of sweep s in dir, in canonical order, and
// returns them with the cells that have no file yet.
func (s *Sweep) Collect(dir string) (done []Outcome, missing []Cell, err error) {
	for _, c := range s.cells {
		r, _, err := s.readCell(dir, c)
		if err != nil {
			return nil, nil, err
		}
		if r == nil {
			missing = append(missing, c)
			continue
		}
		done = append(done, r)
	}
	return done, missing, nil
}

// WriteResults writes the file name (ResultsFile or IncompleteResultsFile) of the run
// folder f from the finished cells in it (WriteCSV), atomically, and returns how many
// rows it wrote and how many cells of the sweep have no file in it. Writing
// ResultsFile removes the IncompleteResultsFile an earlier run wrote (when unchanged:
// runfolder.Folder.Remove).
func (s *Sweep) WriteResults(f *runfolder.Folder, name string) (rows, missing int, err error) {
	done, miss, err := s.Collect(f.Dir)
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s.kind, done); err != nil {
		return 0, 0, err
	}
	if err := f.WriteFile(name, buf.Bytes()); err != nil {
		return 0, 0, fmt.Errorf("grid: %w", err)
	}
	if name == ResultsFile {
		// a finished run supersedes the rows of an interrupted one
		if _, err := f.Remove(IncompleteResultsFile); err != nil {
			return 0, 0, fmt.Errorf("grid: %w", err)
		}
	}
	return len(done), len(miss), nil
}

// cellName matches the name of a cell file inside a sweep folder.
var cellName = regexp.MustCompile(`^` + CellsDir + `/[0-9a-f]{16}\.json$`)

// summaryFigure matches the names of the figures `sweep summary` draws.
var summaryFigure = regexp.MustCompile(`^gap_alpha_beta_[A-Za-z0-9._-]+\.png$`)

// OwnName reports whether name, relative to a sweep folder, is a file of the sweep
// notebook that is not listed in its manifest (runfolder.Options.Own): sweep.json and
// the cell files, whose content Load and Collect check (sweep id, cell key), and the
// figures of `sweep summary`.
func OwnName(name string) bool {
	return name == SpecFile || cellName.MatchString(name) || summaryFigure.MatchString(name)
}
