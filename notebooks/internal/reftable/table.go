package reftable

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Run is the final monitor of one (loss type, seed) run.
type Run struct {
	LossType int
	Seed     uint64
	Metric   *mat.Dense // final metric M (m×m)
	Cosine   *mat.Dense // final class cosines (m×m)
}

// Train trains the reference experiment c for c.Epochs+1 epochs and returns its final
// monitor. ctx is checked before every epoch. A configuration error of graphtoy.New is
// returned as is; a monitor error names the loss type and seed.
func Train(ctx context.Context, c graphtoy.Config) (Run, error) {
	tr, err := graphtoy.New(c)
	if err != nil {
		return Run{}, err
	}
	for range c.Epochs + 1 {
		if err := ctx.Err(); err != nil {
			return Run{}, err
		}
		tr.Epoch()
	}
	mon, err := tr.Monitor()
	if err != nil {
		return Run{}, fmt.Errorf("loss %d seed %d: %w", c.LossType, c.Seed, err)
	}
	return Run{LossType: c.LossType, Seed: c.Seed, Metric: mon.Metric, Cosine: mon.Cosine}, nil
}

// Markdown returns the table of final gaps of runs made with the settings of c (its
// loss type and seed aside) over seeds seeds: one row per reference loss type that has
// runs, in loss-type order (package doc).
func Markdown(c graphtoy.Config, seeds int, runs []Run) string {
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
			if x.LossType != lt {
				continue
			}
			g1 = append(g1, feature.MaxRelGap(x.Metric, t1))
			gr = append(gr, feature.MaxRelGap(x.Metric, r))
			cs = append(cs, OffDiagMean(x.Cosine))
			for i := range diag {
				diag[i] += x.Metric.At(i, i) * float64(n) / float64(seeds)
			}
		}
		if len(g1) == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", lt, e.Name, MeanSE(g1, true), MeanSE(gr, true), MeanSE(cs, false), FormatVec(diag))
	}
	return b.String()
}

// OffDiagMean is the mean of the off-diagonal entries of the square a.
func OffDiagMean(a mat.Matrix) float64 {
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

// MeanSE formats mean ± standard error (in per cent when pct).
func MeanSE(v []float64, pct bool) string {
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

// FormatVec writes v as "[x0 x1 …]" with four decimals.
func FormatVec(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(x, 'f', 4, 64)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
