package reftable

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

func TestSmallHelpers(t *testing.T) {
	if got := FormatVec([]float64{1.23456, -2}); got != "[1.2346 -2.0000]" {
		t.Errorf("FormatVec = %q", got)
	}
	// Off-diagonal entries 2, 3, 4, 6, 7, 8: mean 30/6 = 5 (the diagonal 1, 5, 10 excluded).
	if got := OffDiagMean(mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10})); got != 5 {
		t.Errorf("OffDiagMean = %v, want 5", got)
	}
	for _, tc := range []struct {
		v    []float64
		pct  bool
		want string
	}{
		{[]float64{1, 2, 3}, false, "2.0000 ± 0.5774"},     // sd 1, se 1/√3
		{[]float64{0.01, 0.03}, true, "2.00 ± 1.00 %"},     // sd 0.01·√2, se 0.01
		{[]float64{0.5}, false, "0.5000 ± 0.0000"},         // one seed: no spread
		{[]float64{-1, -1, -1}, false, "-1.0000 ± 0.0000"}, // equal values
	} {
		if got := MeanSE(tc.v, tc.pct); got != tc.want {
			t.Errorf("MeanSE(%v, %v) = %q, want %q", tc.v, tc.pct, got, tc.want)
		}
	}
}

func TestTableMarkdownHandMadeRuns(t *testing.T) {
	// Two seeds per loss type, each with the metric equal to T1 (gap 0 exactly) and an
	// off-diagonal cosine of 0.1·type (seed 1) and 0.1·type + 0.2 (seed 2): mean
	// 0.1·type + 0.1, standard error 0.1.
	c := graphtoy.Default()
	c.BatchSize = 10
	t1 := c.Space.InfoNCETarget(10)
	var runs []Run
	for lt := range loss.ReferenceLosses {
		for s := range 2 {
			off := 0.1*float64(lt) + 0.2*float64(s)
			cos := mat.NewDense(3, 3, []float64{1, off, off, off, 1, off, off, off, 1})
			runs = append(runs, Run{LossType: lt, Seed: uint64(s + 1), Metric: mat.DenseCopyOf(t1), Cosine: cos})
		}
	}
	table := Markdown(c, 2, runs)
	lines := strings.Split(table, "\n")
	rows := 0
	for _, l := range lines {
		f := strings.Split(l, " | ")
		if len(f) != 6 || strings.HasPrefix(l, "| type") {
			continue
		}
		lt := rows
		rows++
		if want := fmt.Sprintf("| %d", lt); f[0] != want || f[1] != loss.ReferenceLosses[lt].Name {
			t.Errorf("row %d: %q", lt, l)
		}
		if f[2] != "0.00 ± 0.00 %" {
			t.Errorf("type %d: gap to T1 %q, want 0.00 ± 0.00 %%", lt, f[2])
		}
		if want := fmt.Sprintf("%.4f ± 0.1000", 0.1*float64(lt)+0.1); f[4] != want {
			t.Errorf("type %d: cosine %q, want %q", lt, f[4], want)
		}
		// diag(metric)·N averaged over two equal seeds is T1's diagonal times 10.
		want := fmt.Sprintf("[%.4f %.4f %.4f] |", 10*t1.At(0, 0), 10*t1.At(1, 1), 10*t1.At(2, 2))
		if f[5] != want {
			t.Errorf("type %d: diag %q, want %q", lt, f[5], want)
		}
	}
	if rows != len(loss.ReferenceLosses) {
		t.Errorf("%d loss rows:\n%s", rows, table)
	}
	if !strings.Contains(table, "(2 seeds each; 300+1 epochs, N = 10, τ = 1, α = 1, β = 0)") {
		t.Errorf("header:\n%s", table)
	}
}
