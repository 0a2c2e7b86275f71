package grid

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// MergeStats counts the cells of one Merge.
type MergeStats struct {
	Cells   int // cells of the sweep
	Found   int // cells with a file in some input directory
	Missing int // cells with no file anywhere
	Copied  int // cell files written to the output directory
}

// Merge combines the sweep directories dirs (the shards of one sweep, or partial runs
// of it) into the run folder that claim returns: sweep.json, every cell file found, and results.csv
// over them. It refuses directories of different sweeps with a *MixError naming both
// ids, and a cell whose files differ between directories (the same cell must give the
// same bytes: a difference means different code). Unless allowPartial is set, a cell
// found in no directory is an error naming the missing cells; with it, the cells found
// go to results.incomplete.csv instead of results.csv. claim is called with the sweep
// once the inputs are checked, so that a refused merge writes nothing; the folder may
// be one of dirs, or a folder of the same sweep.
func Merge(claim func(*Sweep) (*runfolder.Folder, error), dirs []string, allowPartial bool) (*Sweep, MergeStats, error) {
	if len(dirs) == 0 {
		return nil, MergeStats{}, fmt.Errorf("grid: merge: no sweep directories given")
	}
	sweeps := make([]*Sweep, len(dirs))
	for i, d := range dirs {
		s, err := Load(d)
		if err != nil {
			return nil, MergeStats{}, fmt.Errorf("grid: merge: %w", err)
		}
		if i > 0 && s.id != sweeps[0].id {
			return nil, MergeStats{}, &MixError{Want: sweeps[0].id, Got: s.id, WantFrom: "in " + dirs[0], GotFrom: "in " + d}
		}
		sweeps[i] = s
	}
	s := sweeps[0]
	st := MergeStats{Cells: len(s.cells)}
	files := make([][]byte, len(s.cells))
	var missing []string
	for k, c := range s.cells {
		from := ""
		for _, d := range dirs {
			_, data, err := s.readCell(d, c)
			if err != nil {
				return nil, st, fmt.Errorf("grid: merge: %w", err)
			}
			if data == nil {
				continue
			}
			if files[k] == nil {
				files[k], from = data, d
				continue
			}
			if !bytes.Equal(files[k], data) {
				return nil, st, fmt.Errorf("grid: merge: cell %s (%s) differs between %s and %s: the same cell must give the same result; were they run by different versions of the code?",
					c.ID(), c.Key(), CellPath(from, c), CellPath(d, c))
			}
		}
		if files[k] == nil {
			missing = append(missing, c.Key())
			continue
		}
		st.Found++
	}
	st.Missing = len(missing)
	if st.Missing > 0 && !allowPartial {
		const shown = 3
		list := strings.Join(missing[:min(shown, len(missing))], "; ")
		if len(missing) > shown {
			list += "; …"
		}
		return nil, st, fmt.Errorf("grid: merge: %d of %d cells are in none of the directories (%s); run the missing shards, or merge with -allow-partial", st.Missing, st.Cells, list)
	}
	outFolder, err := claim(s)
	if err != nil {
		return nil, st, err
	}
	out := outFolder.Dir
	if err := s.Prepare(out); err != nil {
		return nil, st, fmt.Errorf("grid: merge: %w", err)
	}
	for k, c := range s.cells {
		if files[k] == nil {
			continue
		}
		_, have, err := s.readCell(out, c)
		if err != nil {
			return nil, st, fmt.Errorf("grid: merge: %w", err)
		}
		if have != nil {
			if !bytes.Equal(have, files[k]) {
				return nil, st, fmt.Errorf("grid: merge: cell %s (%s) in the output %s differs from the input's", c.ID(), c.Key(), CellPath(out, c))
			}
			continue
		}
		if err := runfolder.WriteFileAtomic(CellPath(out, c), files[k]); err != nil {
			return nil, st, fmt.Errorf("grid: merge: %w", err)
		}
		st.Copied++
	}
	name := ResultsFile
	if st.Missing > 0 {
		name = IncompleteResultsFile
	}
	if _, _, err := s.WriteResults(outFolder, name); err != nil {
		return nil, st, fmt.Errorf("grid: merge: %w", err)
	}
	return s, st, nil
}
