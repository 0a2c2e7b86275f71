package runio

import (
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Folder is a run folder being written (internal/runfolder) with the writers of
// simulate's results and figures.
type Folder struct {
	*runfolder.Folder
}

// CreateFolder claims dir for a run of o.Notebook by runfolder's ownership rule
// (runfolder.Create) and writes its first manifest, complete=false.
func CreateFolder(dir string, o runfolder.Options) (*Folder, error) {
	f, err := runfolder.Create(dir, o)
	if err != nil {
		return nil, err
	}
	return &Folder{f}, nil
}

// WriteResult is WriteResultAs with the base name runfolder.MetricsFile.
func (f *Folder) WriteResult(rep, n int, res *simulate.Result) error {
	return f.WriteResultAs(runfolder.MetricsFile, rep, n, res)
}

// WriteResultAs writes the metrics of replicate rep of n under its ReplicateFile name
// of base (e.g. "metrics.csv"). A complete result replaces the incomplete metrics an
// interrupted run of the same replicate left in the folder (when unchanged since:
// runfolder.Folder.Remove).
func (f *Folder) WriteResultAs(base string, rep, n int, res *simulate.Result) error {
	name := runfolder.ReplicateFile(rep, n, base, res.Incomplete)
	if err := f.WriteMetrics(name, RecordRows(res)); err != nil {
		return err
	}
	if !res.Incomplete {
		if _, err := f.Remove(runfolder.ReplicateFile(rep, n, base, true)); err != nil {
			return err
		}
	}
	return nil
}
