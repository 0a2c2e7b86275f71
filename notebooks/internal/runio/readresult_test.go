package runio

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// ReadResult inverts RecordRows: a result written and read back encodes to the same
// bytes, for the free logits (logits rows) and an embedding (geometry rows, metric_fn
// included), and its identity and target are those of the run.
func TestReadResultRoundTrip(t *testing.T) {
	for _, model := range []simulate.ModelConfig{{Kind: simulate.ModelLogits}, {Kind: simulate.ModelEmbedding, Dim: 3}} {
		cfg := tinyConfig(model)
		cfg.Replicate = 1
		res, err := simulate.Train(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), runfolder.MetricsFile)
		if err := runfolder.WriteMetricsCSV(path, RecordRows(res)); err != nil {
			t.Fatal(err)
		}
		back, err := ReadResult(path, cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := runfolder.EncodeMetricsCSV(&a, RecordRows(res)); err != nil {
			t.Fatal(err)
		}
		if err := runfolder.EncodeMetricsCSV(&b, RecordRows(back)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the result read back encodes differently", model.Kind)
		}
		if back.Replicate != 1 || back.Seed != res.Seed || back.Loss != res.Loss || back.Model != res.Model || len(back.Records) != len(res.Records) {
			t.Errorf("%s: read back %+v, want the identity of %+v", model.Kind, back, res)
		}
	}
	// An interrupted run's table has no evaluation: refused.
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cut, _ := simulate.Train(ctx, cfg, nil)
	path := filepath.Join(t.TempDir(), runfolder.IncompleteMetricsFile)
	if err := runfolder.WriteMetricsCSV(path, RecordRows(cut)); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadResult(path, cfg, 0); err == nil {
		t.Errorf("an incomplete table was read as a finished result")
	}
}

// A scalar metric absent at a recorded step reads as 0 (a table written before the
// learning rate was recorded): every record's LR is 0 and its loss is the table's.
func TestReadResultAbsentScalar(t *testing.T) {
	res, _, back, err := readCut(t, func(_ *simulate.Result, r runfolder.MetricRow) bool { return r.Metric == "lr" })
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Records) != len(res.Records) {
		t.Fatalf("%d records read back, want %d", len(back.Records), len(res.Records))
	}
	for k, rec := range back.Records {
		if rec.LR != 0 || rec.Loss != res.Records[k].Loss || rec.Step != res.Records[k].Step {
			t.Errorf("record %d: step %d, loss %v, lr %v; want step %d, loss %v, lr 0", k, rec.Step, rec.Loss, rec.LR, res.Records[k].Step, res.Records[k].Loss)
		}
	}
}

// A matrix of which one cell was written reads back with that cell and NaN in the
// others (Matrix), not as absent: the first record's pair probabilities cut to their
// last cell.
func TestReadResultOneCellMatrix(t *testing.T) {
	lastCellOnly := func(res *simulate.Result, r runfolder.MetricRow) bool {
		first := res.Records[0]
		m, _ := first.PairProb.Dims()
		return r.Metric == "pair_prob" && r.Step == first.Step && (r.I != m-1 || r.J != m-1)
	}
	res, _, back, err := readCut(t, lastCellOnly)
	if err != nil {
		t.Fatal(err)
	}
	first := res.Records[0]
	m, _ := first.PairProb.Dims()
	p := back.Records[0].PairProb
	if p == nil {
		t.Fatal("the one-cell matrix was read as absent")
	}
	if r, c := p.Dims(); r != m || c != m {
		t.Fatalf("%d×%d, want %d×%d", r, c, m, m)
	}
	for i := range m {
		for j := range m {
			got := p.At(i, j)
			if i == m-1 && j == m-1 {
				if got != first.PairProb.At(i, j) {
					t.Errorf("cell (%d,%d) = %v, want the written %v", i, j, got, first.PairProb.At(i, j))
				}
			} else if !math.IsNaN(got) {
				t.Errorf("cell (%d,%d) = %v, want NaN (not written)", i, j, got)
			}
		}
	}
}

// A table without the evaluation's pair probabilities, or without any loss record,
// is not a finished run: refused with an error naming the file.
func TestReadResultNoEvaluation(t *testing.T) {
	for _, drop := range []string{"eval_pair_prob", "loss"} {
		_, path, _, err := readCut(t, func(_ *simulate.Result, r runfolder.MetricRow) bool { return r.Metric == drop })
		if err == nil || !strings.Contains(err.Error(), path+" holds no evaluation") {
			t.Errorf("without %s: error %v, want one naming %s", drop, err, path)
		}
	}
}

// readCut trains the tiny logits run, writes its rows without those drop selects, and
// reads the table back: the run, the table's path and what ReadResult returns.
func readCut(t *testing.T, drop func(res *simulate.Result, r runfolder.MetricRow) bool) (res *simulate.Result, path string, back *simulate.Result, err error) {
	t.Helper()
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	res, err = simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := slices.DeleteFunc(RecordRows(res), func(r runfolder.MetricRow) bool { return drop(res, r) })
	path = filepath.Join(t.TempDir(), runfolder.MetricsFile)
	if err := runfolder.WriteMetricsCSV(path, rows); err != nil {
		t.Fatal(err)
	}
	back, err = ReadResult(path, cfg, 0)
	return res, path, back, err
}
