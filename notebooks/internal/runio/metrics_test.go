package runio

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// tinyConfig is a few steps of a small run on the toy space.
func tinyConfig(model simulate.ModelConfig) simulate.Config {
	c := simulate.ToyConfig()
	c.N = 32
	c.Model = model
	c.Steps = 5
	c.RecordEvery = 2
	c.Opt.Warmup = 1
	c.EvalBatches = 1
	c.ReferenceMetrics = true
	return c
}

func TestRecordRowsLogits(t *testing.T) {
	res, err := simulate.Train(context.Background(), tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits}), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := RecordRows(res)
	m := res.Target.(interface{ Dims() (int, int) })
	mm, _ := m.Dims()
	// Records at steps 0, 2, 4 (RecordEvery 2, last step 4): each loss, lr, pair_prob
	// (m²) and logits (m²); plus target (m²) and eval_pair_prob (m²).
	want := len(res.Records)*(2+2*mm*mm) + 2*mm*mm
	if len(res.Records) != 3 || len(rows) != want {
		t.Fatalf("%d records, %d rows; want 3 records and %d rows", len(res.Records), len(rows), want)
	}
	for _, rec := range res.Records {
		checkScalar(t, rows, "loss", rec.Step, rec.Loss)
		checkScalar(t, rows, "lr", rec.Step, rec.LR)
		checkMatrix(t, rows, "pair_prob", rec.Step, rec.PairProb)
		checkMatrix(t, rows, "logits", rec.Step, rec.Logits)
	}
	checkMatrix(t, rows, "target", -1, res.Target)
	checkMatrix(t, rows, "eval_pair_prob", 5, res.PairProb)
}

func TestRecordRowsEmbedding(t *testing.T) {
	res, err := simulate.Train(context.Background(), tinyConfig(simulate.ModelConfig{Kind: simulate.ModelEmbedding, Dim: 3}), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := RecordRows(res)
	for _, rec := range res.Records {
		g := rec.Geometry
		checkMatrix(t, rows, "metric_fn", rec.Step, g.Metric)
		checkMatrix(t, rows, "conver_target", rec.Step, g.ConverTarget)
		checkMatrix(t, rows, "class_cosine", rec.Step, g.ClassCosine)
		checkScalar(t, rows, "effective_rank", rec.Step, g.EffectiveRank)
		for i, v := range g.Spread {
			checkCell(t, rows, "spread", rec.Step, i, -1, v)
		}
	}
	checkMatrix(t, rows, "eval_conver_target", 5, res.Geometry.ConverTarget)
	checkScalar(t, rows, "eval_effective_rank", 5, res.Geometry.EffectiveRank)
}

// An incomplete result (cancelled before the first step) has no evaluation rows.
func TestRecordRowsIncomplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := simulate.Train(ctx, tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits}), nil)
	if err == nil || !res.Incomplete {
		t.Fatalf("cancelled run: err %v incomplete %v, want an error and Incomplete", err, res.Incomplete)
	}
	for _, r := range RecordRows(res) {
		if r.Metric != "target" {
			t.Errorf("row %+v in a run that made no step; want only target rows", r)
		}
	}
}

func TestMatrix(t *testing.T) {
	rows := []runfolder.MetricRow{{Step: 1, Metric: "a", I: 1, J: 0, Value: 5}, {Step: 2, Metric: "a", I: 0, J: 0, Value: 7}}
	got, ok := Matrix(rows, "a", 1)
	if !ok || got.At(1, 0) != 5 || !math.IsNaN(got.At(0, 0)) {
		t.Errorf("Matrix(a, 1) = %v, %v; want [[NaN] [5]]", mat.Formatted(got), ok)
	}
	if _, ok := Matrix(rows, "b", 1); ok {
		t.Errorf("Matrix of a missing metric reported found")
	}
	// A per-state vector (j = −1, or i = −1) and a scalar (i = j = −1) are not matrices.
	vec := []runfolder.MetricRow{{Step: 0, Metric: "spread", I: 0, J: -1, Value: 1}, {Step: 0, Metric: "loss", I: -1, J: -1, Value: 2},
		{Step: 0, Metric: "column", I: -1, J: 0, Value: 3}}
	for _, name := range []string{"spread", "loss", "column"} {
		if m, ok := Matrix(vec, name, 0); ok || m != nil {
			t.Errorf("Matrix of %s = %v, %v; want none", name, m, ok)
		}
	}
}

func checkScalar(t *testing.T, rows []runfolder.MetricRow, metric string, step int, want float64) {
	t.Helper()
	checkCell(t, rows, metric, step, -1, -1, want)
}

func checkMatrix(t *testing.T, rows []runfolder.MetricRow, metric string, step int, want mat.Matrix) {
	t.Helper()
	r, c := want.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			checkCell(t, rows, metric, step, i, j, want.At(i, j))
		}
	}
}

// checkCell asserts that exactly one row holds (metric, step, i, j) and that its value
// is want bit for bit (RecordRows copies values).
func checkCell(t *testing.T, rows []runfolder.MetricRow, metric string, step, i, j int, want float64) {
	t.Helper()
	n := 0
	for _, r := range rows {
		if r.Metric == metric && r.Step == step && r.I == i && r.J == j {
			n++
			if !(r.Value == want || (math.IsNaN(r.Value) && math.IsNaN(want))) {
				t.Errorf("%s step %d (%d,%d) = %v, want %v", metric, step, i, j, r.Value, want)
			}
		}
	}
	if n != 1 {
		t.Errorf("%s step %d (%d,%d): %d rows, want 1", metric, step, i, j, n)
	}
}
