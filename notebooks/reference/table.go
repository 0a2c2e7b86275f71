package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TableFile is the name of the loss-type table of a -table run.
const TableFile = "table.md"

// tableRun is the final monitor of one (loss type, seed) run.
type tableRun struct {
	lossType int
	seed     uint64
	metric   *mat.Dense
	cosine   *mat.Dense
	err      error
}

// runTable trains every reference loss type for seeds 1…seeds (the other settings from
// c) and writes the table of final gaps: per loss the mean ± standard error over seeds
// of the max relative gap of the final metric to T1, to the derived target R, and the
// mean off-diagonal class cosine.
func runTable(c graphtoy.Config, seeds, workers int, dir *runio.Folder, stdout io.Writer) error {
	types := len(loss.ReferenceLosses)
	runs := make([]tableRun, types*seeds)
	chunks.For(len(runs), workers, func(k int) {
		cfg := c
		cfg.LossType, cfg.Seed, cfg.Workers = k/seeds, uint64(k%seeds+1), 1
		r := &runs[k]
		r.lossType, r.seed = cfg.LossType, cfg.Seed
		tr, err := graphtoy.New(cfg)
		if err != nil {
			r.err = err
			return
		}
		for range cfg.Epochs + 1 {
			tr.Epoch()
		}
		mon, err := tr.Monitor()
		if err != nil {
			r.err = fmt.Errorf("loss %d seed %d: %w", cfg.LossType, cfg.Seed, err)
			return
		}
		r.metric, r.cosine = mon.Metric, mon.Cosine
	})
	for _, r := range runs {
		if r.err != nil {
			return r.err
		}
	}
	table := tableMarkdown(c, seeds, runs)
	fmt.Fprint(stdout, table)
	return dir.WriteFile(TableFile, []byte(table))
}

func tableMarkdown(c graphtoy.Config, seeds int, runs []tableRun) string {
	n := c.BatchSize
	t1, r := c.Space.InfoNCETarget(n), c.Space.ReferenceMonitorTarget(n)
	var b strings.Builder
	fmt.Fprintf(&b, "# Final gaps of the eight reference losses (%d seeds each; %d+1 epochs, N = %d, τ = %v, α = %v, β = %v)\n\n",
		seeds, c.Epochs, n, c.Loss.Tau, c.Loss.Alpha, c.Loss.Beta)
	b.WriteString("Mean ± standard error over seeds of max_ab |metric_ab − target_ab| / target_ab (final monitor), and of the mean off-diagonal class cosine.\n\n")
	b.WriteString("| type | loss | gap to T1 | gap to R (derived) | off-diagonal cosine | diag(metric) × N (mean) |\n|---|---|---|---|---|---|\n")
	for lt, e := range loss.ReferenceLosses {
		var g1, gr, cs []float64
		diag := make([]float64, c.Space.Len())
		for _, x := range runs {
			if x.lossType != lt {
				continue
			}
			g1 = append(g1, feature.MaxRelGap(x.metric, t1))
			gr = append(gr, feature.MaxRelGap(x.metric, r))
			cs = append(cs, offDiagMean(x.cosine))
			for i := range diag {
				diag[i] += x.metric.At(i, i) * float64(n) / float64(seeds)
			}
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", lt, e.Name, meanSE(g1, true), meanSE(gr, true), meanSE(cs, false), fmtVec(diag))
	}
	return b.String()
}

func offDiagMean(a *mat.Dense) float64 {
	m, _ := a.Dims()
	s := 0.0
	for i := range m {
		for j := range m {
			if i != j {
				s += a.At(i, j)
			}
		}
	}
	return s / float64(m*(m-1))
}

// meanSE formats mean ± standard error (in per cent when pct).
func meanSE(v []float64, pct bool) string {
	var m1, m2 float64
	for _, x := range v {
		m1 += x
		m2 += x * x
	}
	k := float64(len(v))
	mean := m1 / k
	se := 0.0
	if k > 1 {
		se = math.Sqrt(math.Max(0, (m2-k*mean*mean)/(k-1)) / k)
	}
	if pct {
		return fmt.Sprintf("%.2f ± %.2f %%", 100*mean, 100*se)
	}
	return fmt.Sprintf("%.4f ± %.4f", mean, se)
}
