package runio

import (
	"bytes"
	"context"
	"path/filepath"
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
