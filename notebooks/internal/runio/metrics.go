package runio

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// RecordRows flattens res into metric rows (package doc for the names and steps).
func RecordRows(res *simulate.Result) []runfolder.MetricRow {
	var rows []runfolder.MetricRow
	if res.Target != nil {
		rows = appendMatrix(rows, -1, "target", res.Target)
	}
	last := -1
	for _, rec := range res.Records {
		s := rec.Step
		last = s
		rows = append(rows,
			runfolder.MetricRow{Step: s, Metric: "loss", I: -1, J: -1, Value: rec.Loss},
			runfolder.MetricRow{Step: s, Metric: "lr", I: -1, J: -1, Value: rec.LR})
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

func appendGeometry(rows []runfolder.MetricRow, step int, prefix string, g *simulate.Geometry) []runfolder.MetricRow {
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
		rows = append(rows, runfolder.MetricRow{Step: step, Metric: prefix + "spread", I: i, J: -1, Value: v})
	}
	return append(rows, runfolder.MetricRow{Step: step, Metric: prefix + "effective_rank", I: -1, J: -1, Value: g.EffectiveRank})
}

func appendMatrix(rows []runfolder.MetricRow, step int, name string, a mat.Matrix) []runfolder.MetricRow {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			rows = append(rows, runfolder.MetricRow{Step: step, Metric: name, I: i, J: j, Value: a.At(i, j)})
		}
	}
	return rows
}

// Matrix returns the m×n matrix of metric at step from rows (NaN where a cell is
// missing) and whether any cell was found; m and n are one more than the largest
// indices present.
func Matrix(rows []runfolder.MetricRow, metric string, step int) (*mat.Dense, bool) {
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
