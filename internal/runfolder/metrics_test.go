package runfolder

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

func TestMetricsCSVRoundTrip(t *testing.T) {
	rows := []MetricRow{
		{Step: -1, Metric: "target", I: 0, J: 2, Value: 0.1},
		{Step: 0, Metric: "loss", I: -1, J: -1, Value: 1.0 / 3},
		{Step: 0, Metric: "pair_prob", I: 1, J: 1, Value: math.NaN()},
		{Step: 10, Metric: "spread", I: 2, J: -1, Value: math.Inf(-1)},
	}
	path := filepath.Join(t.TempDir(), "metrics.csv")
	if err := WriteMetricsCSV(path, rows); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(raw), "step,metric,i,j,value\n-1,target,0,2,0.1\n") {
		t.Errorf("file starts %q, want the header then the first row", raw)
	}
	back, err := ReadMetricsCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(rows) {
		t.Fatalf("read %d rows, want %d", len(back), len(rows))
	}
	for k, r := range rows {
		b := back[k]
		// Exact: 'g' with precision −1 prints the shortest string that reads back to
		// the same float64; NaN compares by IsNaN.
		same := b.Value == r.Value || (math.IsNaN(b.Value) && math.IsNaN(r.Value))
		if b.Step != r.Step || b.Metric != r.Metric || b.I != r.I || b.J != r.J || !same {
			t.Errorf("row %d read back as %+v, want %+v", k, b, r)
		}
	}
}

func TestReadMetricsCSVNamesBadValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.csv")
	os.WriteFile(path, []byte("step,metric,i,j,value\n3,loss,-1,-1,abc\n"), 0o644)
	_, err := ReadMetricsCSV(path)
	if err == nil || !strings.Contains(err.Error(), `value = "abc"`) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %v, want one naming line 2 and value \"abc\"", err)
	}
}

func TestReplicateFile(t *testing.T) {
	for _, c := range []struct {
		rep, n     int
		base       string
		incomplete bool
		want       string
	}{
		{0, 1, "metrics.csv", false, "metrics.csv"},
		{0, 1, "metrics.csv", true, "metrics.incomplete.csv"},
		{2, 3, "metrics.csv", false, "replicate-002/metrics.csv"},
		{2, 3, "log.csv", true, "replicate-002/log.incomplete.csv"},
	} {
		if got := ReplicateFile(c.rep, c.n, c.base, c.incomplete); got != c.want {
			t.Errorf("ReplicateFile(%d, %d, %q, %v) = %q, want %q", c.rep, c.n, c.base, c.incomplete, got, c.want)
		}
	}
}

// A write error of the table is returned, whether the header or a row meets it.
func TestEncodeMetricsCSVWriteError(t *testing.T) {
	rows := make([]MetricRow, 2000) // more than the csv writer's buffer holds
	for _, n := range []int{0, len(rows)} {
		if err := EncodeMetricsCSV(testutil.FailingWriter{}, rows[:n]); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%d rows to a failing writer: error %v, want the write error", n, err)
		}
	}
}
