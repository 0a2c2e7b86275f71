package runfolder

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
)

// MetricsFile is the name of a run folder's metrics; IncompleteMetricsFile holds the
// records of a run that did not finish.
const (
	MetricsFile           = "metrics.csv"
	IncompleteMetricsFile = "metrics.incomplete.csv"
)

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

// MetricRow is one value of the long-format metrics table (package doc); I and J are
// −1 where the metric has no such index.
type MetricRow struct {
	Step   int
	Metric string
	I, J   int
	Value  float64
}

// MetricsHeader is the header line of a metrics table.
var MetricsHeader = []string{"step", "metric", "i", "j", "value"}

// WriteMetricsCSV writes rows as a long-format CSV table to path, atomically.
func WriteMetricsCSV(path string, rows []MetricRow) error {
	return WriteAtomic(path, func(w io.Writer) error { return EncodeMetricsCSV(w, rows) })
}

// WriteMetrics writes rows as the long-format table name of the folder (Write).
func (f *Folder) WriteMetrics(name string, rows []MetricRow) error {
	return f.Write(name, func(w io.Writer) error { return EncodeMetricsCSV(w, rows) })
}

// EncodeMetricsCSV writes rows as a long-format CSV table to w.
func EncodeMetricsCSV(w io.Writer, rows []MetricRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(MetricsHeader); err != nil {
		return err
	}
	rec := make([]string, 5)
	for _, r := range rows {
		rec[0] = strconv.Itoa(r.Step)
		rec[1] = r.Metric
		rec[2] = strconv.Itoa(r.I)
		rec[3] = strconv.Itoa(r.J)
		rec[4] = strconv.FormatFloat(r.Value, 'g', -1, 64)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadMetricsCSV reads a table written by WriteMetricsCSV; an error names the line
// and the value that does not parse.
func ReadMetricsCSV(path string) ([]MetricRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = len(MetricsHeader)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("runfolder: %s: header: %w", path, err)
	}
	for k, h := range MetricsHeader {
		if head[k] != h {
			return nil, fmt.Errorf("runfolder: %s: header column %d is %q, want %q", path, k+1, head[k], h)
		}
	}
	var rows []MetricRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("runfolder: %s: %w", path, err)
		}
		var r MetricRow
		r.Metric = rec[1]
		var e1, e2, e3, e4 error
		r.Step, e1 = strconv.Atoi(rec[0])
		r.I, e2 = strconv.Atoi(rec[2])
		r.J, e3 = strconv.Atoi(rec[3])
		r.Value, e4 = strconv.ParseFloat(rec[4], 64)
		for k, e := range []error{e1, nil, e2, e3, e4} {
			if e != nil {
				return nil, fmt.Errorf("runfolder: %s line %d: %s = %q does not parse", path, line, MetricsHeader[k], rec[k])
			}
		}
		rows = append(rows, r)
	}
}
