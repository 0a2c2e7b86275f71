package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// The reference code's log (docs/theory.md §7): every recorded epoch, the 3×3 probability
// matrix (metric_fn) and the cosine matrix (conver_target), each a CSV table with
// columns epoch, m00, m01, …, m22 (row-major). Epoch = step / batches per epoch.
const (
	metricLog = "reference_metric_fn.csv"
	cosineLog = "reference_conver_target.csv"
)

// writeReferenceLogs writes the two logs of every replicate that has a result, by
// runfolder.ReplicateFile (an interrupted replicate's logs are marked incomplete).
func writeReferenceLogs(dir *runio.Folder, results []*simulate.Result, batchesPerEpoch int) error {
	for rep, res := range results {
		if res == nil {
			continue
		}
		for _, lg := range []struct {
			name string
			pick func(*simulate.Geometry) *mat.Dense
		}{
			{metricLog, func(g *simulate.Geometry) *mat.Dense { return g.Metric }},
			{cosineLog, func(g *simulate.Geometry) *mat.Dense { return g.ConverTarget }},
		} {
			name := runfolder.ReplicateFile(rep, len(results), lg.name, res.Incomplete)
			err := dir.Write(name, func(w io.Writer) error {
				return encodeReferenceLog(w, res.Records, lg.pick, batchesPerEpoch)
			})
			if err != nil {
				return err
			}
			if !res.Incomplete { // replaces the log an interrupted run of it left
				if _, err := dir.Remove(runfolder.ReplicateFile(rep, len(results), lg.name, true)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// encodeReferenceLog writes one log: a header epoch,m00,…, then one row per record
// whose geometry has the matrix pick selects.
func encodeReferenceLog(w io.Writer, records []simulate.Record, pick func(*simulate.Geometry) *mat.Dense, batchesPerEpoch int) error {
	cw := csv.NewWriter(w)
	wroteHeader := false
	for _, rec := range records {
		if rec.Geometry == nil {
			continue
		}
		a := pick(rec.Geometry)
		if a == nil {
			continue
		}
		r, c := a.Dims()
		if !wroteHeader {
			head := []string{"epoch"}
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					head = append(head, cellName(i, j, r))
				}
			}
			if err := cw.Write(head); err != nil {
				return err
			}
			wroteHeader = true
		}
		row := []string{strconv.Itoa(rec.Step / batchesPerEpoch)}
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				row = append(row, strconv.FormatFloat(a.At(i, j), 'g', -1, 64))
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellName is the column of entry (i, j): m01 as in the reference log, or m1_10 when
// an index has two digits.
func cellName(i, j, m int) string {
	if m <= 10 {
		return fmt.Sprintf("m%d%d", i, j)
	}
	return fmt.Sprintf("m%d_%d", i, j)
}
