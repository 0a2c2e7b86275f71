package runio

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// ReadResult reads back the complete result of replicate rep of cfg from the metrics
// table at path (the inverse of RecordRows): the records, the evaluation, and the
// identity and target of simulate.NewResult. Values are read exactly as they were
// written (shortest round-trip form), so a result read back gives the same summary
// and figures as the one that was written. A table without an evaluation (an
// incomplete run) is an error.
func ReadResult(path string, cfg simulate.Config, rep int) (*simulate.Result, error) {
	rows, err := runfolder.ReadMetricsCSV(path)
	if err != nil {
		return nil, err
	}
	cfg.Replicate = rep
	res := simulate.NewResult(cfg)
	t := indexRows(rows)
	var steps []int
	for _, r := range rows {
		if r.Metric == "loss" {
			steps = append(steps, r.Step)
		}
	}
	for _, s := range steps {
		rec := simulate.Record{Step: s, Loss: t.scalar("loss", s), LR: t.scalar("lr", s), PairProb: t.matrix("pair_prob", s)}
		if th := t.matrix("logits", s); th != nil {
			n, _ := th.Dims()
			rec.Logits = mat.NewSymDense(n, th.RawMatrix().Data)
		}
		rec.Geometry = t.geometry("", s)
		res.Records = append(res.Records, rec)
	}
	noEval := fmt.Errorf("runio: %s holds no evaluation of a finished run", path)
	if len(steps) == 0 {
		return nil, noEval
	}
	eval := steps[len(steps)-1] + 1 // the evaluation's step follows the last record's
	res.PairProb = t.matrix("eval_pair_prob", eval)
	res.Geometry = t.geometry("eval_", eval)
	if res.PairProb == nil {
		return nil, noEval
	}
	return res, nil
}

// rowIndex holds metric rows by metric and step.
type rowIndex map[string]map[int][]runfolder.MetricRow

func indexRows(rows []runfolder.MetricRow) rowIndex {
	t := rowIndex{}
	for _, r := range rows {
		if t[r.Metric] == nil {
			t[r.Metric] = map[int][]runfolder.MetricRow{}
		}
		t[r.Metric][r.Step] = append(t[r.Metric][r.Step], r)
	}
	return t
}

// scalar returns the value of a scalar metric at step (0 when absent).
func (t rowIndex) scalar(metric string, step int) float64 {
	if rs := t[metric][step]; len(rs) > 0 {
		return rs[0].Value
	}
	return 0
}

// matrix returns the matrix of metric at step, nil when absent.
func (t rowIndex) matrix(metric string, step int) *mat.Dense {
	rs := t[metric][step]
	if len(rs) == 0 {
		return nil
	}
	m, _ := Matrix(rs, metric, step)
	return m
}

// geometry returns the geometry written with prefix at step, nil when absent.
func (t rowIndex) geometry(prefix string, step int) *simulate.Geometry {
	rank := t[prefix+"effective_rank"][step]
	if len(rank) == 0 {
		return nil
	}
	g := &simulate.Geometry{
		Metric:        t.matrix(prefix+"metric_fn", step),
		ConverTarget:  t.matrix(prefix+"conver_target", step),
		ClassCosine:   t.matrix(prefix+"class_cosine", step),
		EffectiveRank: rank[0].Value,
	}
	spread := slices.Clone(t[prefix+"spread"][step])
	slices.SortFunc(spread, func(a, b runfolder.MetricRow) int { return a.I - b.I })
	for _, r := range spread {
		g.Spread = append(g.Spread, r.Value)
	}
	return g
}
