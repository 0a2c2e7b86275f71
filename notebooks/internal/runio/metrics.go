package runio

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

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
	return runfolder.WriteAtomic(path, func(w io.Writer) error { return EncodeMetricsCSV(w, rows) })
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
		return nil, fmt.Errorf("runio: %s: header: %w", path, err)
	}
	for k, h := range MetricsHeader {
		if head[k] != h {
			return nil, fmt.Errorf("runio: %s: header column %d is %q, want %q", path, k+1, head[k], h)
		}
	}
	var rows []MetricRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("runio: %s: %w", path, err)
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
				return nil, fmt.Errorf("runio: %s line %d: %s = %q does not parse", path, line, MetricsHeader[k], rec[k])
			}
		}
		rows = append(rows, r)
	}
}

// RecordRows flattens res into metric rows (package doc for the names and steps).
func RecordRows(res *simulate.Result) []MetricRow {
	var rows []MetricRow
	if res.Target != nil {
		rows = appendMatrix(rows, -1, "target", res.Target)
	}
	last := -1
	for _, rec := range res.Records {
		s := rec.Step
		last = s
		rows = append(rows,
			MetricRow{Step: s, Metric: "loss", I: -1, J: -1, Value: rec.Loss},
			MetricRow{Step: s, Metric: "lr", I: -1, J: -1, Value: rec.LR})
		if rec.PairProb != nil {
			rows = appendMatrix(rows, s, "pair_prob", rec.PairProb)
		}
		if rec.Logits != nil {
			rows = appendMatrix(rows, s, "logits", rec.Logits)
		}
		rows = appendGeometry(rows, s, "", rec.Geometry)
	}
	if res.PairProb != nil {
		rows = appendMatrix(rows, last+1, "eval_pair_prob", res.PairProb)
	}
	rows = appendGeometry(rows, last+1, "eval_", res.Geometry)
	return rows
}

func appendGeometry(rows []MetricRow, step int, prefix string, g *simulate.Geometry) []MetricRow {
	if g == nil {
		return rows
	}
	if g.Metric != nil {
		rows = appendMatrix(rows, step, prefix+"metric_fn", g.Metric)
	}
	if g.ConverTarget != nil {
		rows = appendMatrix(rows, step, prefix+"conver_target", g.ConverTarget)
	}
	if g.ClassCosine != nil {
		rows = appendMatrix(rows, step, prefix+"class_cosine", g.ClassCosine)
	}
	for i, v := range g.Spread {
		rows = append(rows, MetricRow{Step: step, Metric: prefix + "spread", I: i, J: -1, Value: v})
	}
	return append(rows, MetricRow{Step: step, Metric: prefix + "effective_rank", I: -1, J: -1, Value: g.EffectiveRank})
}

func appendMatrix(rows []MetricRow, step int, name string, a mat.Matrix) []MetricRow {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			rows = append(rows, MetricRow{Step: step, Metric: name, I: i, J: j, Value: a.At(i, j)})
		}
	}
	return rows
}

// Matrix returns the m×n matrix of metric at step from rows (NaN where a cell is
// missing) and whether any cell was found; m and n are one more than the largest
// indices present.
func Matrix(rows []MetricRow, metric string, step int) (*mat.Dense, bool) {
	m, n := 0, 0
	for _, r := range rows {
		if r.Metric == metric && r.Step == step {
			m, n = max(m, r.I+1), max(n, r.J+1)
		}
	}
	if m == 0 || n == 0 {
		return nil, false
	}
	out := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			out.Set(i, j, math.NaN())
		}
	}
	for _, r := range rows {
		if r.Metric == metric && r.Step == step && r.I >= 0 && r.J >= 0 {
			out.Set(r.I, r.J, r.Value)
		}
	}
	return out, true
}
