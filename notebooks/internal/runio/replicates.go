package runio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Resumable reports whether out holds an interrupted run of notebook whose scenario
// hash is hash: a command resumes it (runfolder.Options.Keep), keeping the replicates
// that finished instead of training them again.
func Resumable(out, notebook, hash string) bool {
	old := runfolder.Interrupted(out, notebook)
	return old != nil && old.ConfigHash == hash
}

// TrainReplicates is TrainReplicatesAs with the base name runfolder.MetricsFile.
func (f *Folder) TrainReplicates(ctx context.Context, cfg simulate.Config, n int, o simulate.ReplicateOptions, label string, stderr io.Writer) ([]*simulate.Result, error) {
	return f.TrainReplicatesAs(ctx, runfolder.MetricsFile, cfg, n, o, label, stderr)
}

// TrainReplicatesAs trains replicates 0…n−1 of cfg (simulate.ReplicatesWith with o's
// workers and limits) into the folder, reporting progress to stderr under label. A
// replicate whose complete metrics (runfolder.ReplicateFile of base, e.g.
// "metrics.csv") the folder kept from an interrupted run is read back (ReadResult) and
// not trained again; a replicate that finishes is written at once (WriteResultAs), so that it survives whatever happens to the others; an interrupted
// one is written as incomplete after every replicate has stopped. It returns the
// results (kept and trained) and the training's error joined with any write error.
func (f *Folder) TrainReplicatesAs(ctx context.Context, base string, cfg simulate.Config, n int, o simulate.ReplicateOptions, label string, stderr io.Writer) ([]*simulate.Result, error) {
	progress := NewProgress(stderr, label, n*cfg.Steps)
	counter := TrainingCallback(progress, n)
	kept, err := f.keptResults(base, cfg, n)
	if err != nil {
		return nil, err
	}
	for rep, r := range kept {
		if r != nil {
			counter(simulate.Progress{Replicate: rep, Step: cfg.Steps, Steps: cfg.Steps})
			progress.Note(fmt.Sprintf("replicate %d finished in an earlier run: %s kept", rep, runfolder.ReplicateFile(rep, n, base, false)))
		}
	}
	var (
		mu       sync.Mutex
		writeErr error
	)
	o.Skip = func(rep int) bool { return kept[rep] != nil }
	o.Progress = func(p simulate.Progress) {
		counter(p)
		if p.Step == p.Steps {
			progress.Note(fmt.Sprintf("replicate %d trained; evaluating it", p.Replicate))
		}
	}
	o.Done = func(rep int, res *simulate.Result, err error) {
		if res == nil || res.Incomplete {
			return // written below, once every replicate has stopped
		}
		werr := f.WriteResultAs(base, rep, n, res)
		mu.Lock()
		writeErr = errors.Join(writeErr, werr)
		mu.Unlock()
		if werr == nil {
			progress.Note(fmt.Sprintf("replicate %d finished: %s", rep, runfolder.ReplicateFile(rep, n, base, false)))
		}
	}
	results, trainErr := simulate.ReplicatesWith(ctx, cfg, n, o)
	progress.Done()
	for rep, res := range results {
		if res != nil && res.Incomplete {
			writeErr = errors.Join(writeErr, f.WriteResultAs(base, rep, n, res))
		}
		if res == nil && results != nil {
			results[rep] = kept[rep]
		}
	}
	if writeErr != nil {
		return results, errors.Join(trainErr, writeErr)
	}
	return results, trainErr
}

// keptResults reads back the replicates whose complete metrics the folder kept from an
// interrupted run (runfolder.Options.Keep); nil for the others.
func (f *Folder) keptResults(base string, cfg simulate.Config, n int) ([]*simulate.Result, error) {
	kept := make([]*simulate.Result, n)
	for rep := range n {
		name := runfolder.ReplicateFile(rep, n, base, false)
		if !f.Has(name) {
			continue
		}
		r, err := ReadResult(filepath.Join(f.Dir, filepath.FromSlash(name)), cfg, rep)
		if err != nil {
			return nil, fmt.Errorf("resuming: %w", err)
		}
		kept[rep] = r
	}
	return kept, nil
}
