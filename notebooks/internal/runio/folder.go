package runio

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Folder is a run folder being written (internal/runfolder) with the writers of
// simulate's results and figures.
type Folder struct {
	*runfolder.Folder
}

// MetricsFile is the name of a run folder's metrics; IncompleteMetricsFile holds the
// records of a run that did not finish.
const (
	MetricsFile           = "metrics.csv"
	IncompleteMetricsFile = "metrics.incomplete.csv"
)

// CreateFolder claims dir for a run of o.Notebook by runfolder's ownership rule
// (runfolder.Create) and writes its first manifest, complete=false.
func CreateFolder(dir string, o runfolder.Options) (*Folder, error) {
	f, err := runfolder.Create(dir, o)
	if err != nil {
		return nil, err
	}
	return &Folder{f}, nil
}

// ReplicateFile returns the name of a per-replicate file base (e.g. "metrics.csv") of
// replicate rep of n (package doc): base itself for a single replicate,
// replicate-RRR/base for several; an incomplete result gets ".incomplete" before the
// extension (metrics.incomplete.csv).
func ReplicateFile(rep, n int, base string, incomplete bool) string {
	if incomplete {
		ext := path.Ext(base)
		base = strings.TrimSuffix(base, ext) + ".incomplete" + ext
	}
	if n == 1 {
		return base
	}
	return fmt.Sprintf("replicate-%03d/%s", rep, base)
}

// WriteResults writes the metrics of every replicate that has a result (nil results
// are skipped), each by WriteResult.
func (f *Folder) WriteResults(results []*simulate.Result) error {
	for rep, res := range results {
		if res == nil {
			continue
		}
		if err := f.WriteResult(rep, len(results), res); err != nil {
			return err
		}
	}
	return nil
}

// WriteResult writes the metrics of replicate rep of n under its ReplicateFile name.
// A complete result replaces the incomplete metrics an interrupted run of the same
// replicate left in the folder (when unchanged since: runfolder.Folder.Remove).
func (f *Folder) WriteResult(rep, n int, res *simulate.Result) error {
	rows := RecordRows(res)
	name := ReplicateFile(rep, n, MetricsFile, res.Incomplete)
	if err := f.Write(name, func(w io.Writer) error { return EncodeMetricsCSV(w, rows) }); err != nil {
		return err
	}
	if !res.Incomplete {
		if _, err := f.Remove(ReplicateFile(rep, n, MetricsFile, true)); err != nil {
			return err
		}
	}
	return nil
}
