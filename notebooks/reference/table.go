package main

import (
	"context"
	"fmt"
	"io"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/reftable"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TableFile is the name of the loss-type table of a -table run.
const TableFile = "table.md"

// runTable trains every reference loss type for seeds 1…seeds (the other settings from
// c) and writes the table of final gaps (reftable.Markdown): per loss the mean ±
// standard error over seeds of the max relative gap of the final metric to T1, to the
// derived target R, and the mean off-diagonal class cosine. Each run is
// reftable.Train, the function a reference cell of the sweep runs
// (notebooks/sweep/studies/reference-table.json is this table as a sweep).
func runTable(ctx context.Context, c graphtoy.Config, seeds, workers int, dir *runio.Folder, stdout io.Writer) error {
	runs, err := tableRuns(ctx, c, seeds, workers)
	if err != nil {
		return err
	}
	table := reftable.Markdown(c, seeds, runs)
	fmt.Fprint(stdout, table)
	return dir.WriteFile(TableFile, []byte(table))
}

// tableRuns trains the table's runs on workers goroutines: run k is loss type
// k/seeds, seed k%seeds+1, on one goroutine. It returns the first run's error.
func tableRuns(ctx context.Context, c graphtoy.Config, seeds, workers int) ([]reftable.Run, error) {
	types := len(loss.ReferenceLosses)
	runs := make([]reftable.Run, types*seeds)
	errs := make([]error, len(runs))
	chunks.For(len(runs), workers, func(k int) {
		cfg := c
		cfg.LossType, cfg.Seed, cfg.Workers = k/seeds, uint64(k%seeds+1), 1
		runs[k], errs[k] = reftable.Train(ctx, cfg)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return runs, nil
}
