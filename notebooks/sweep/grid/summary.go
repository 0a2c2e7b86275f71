package grid

import (
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// Point is a grid point: a cell without its seed index.
type Point struct {
	Loss        string
	N           int
	Tau         float64
	Alpha, Beta float64 // 1 and 0 for losses that take none
}

// Summary aggregates the seeds of one grid point.
type Summary struct {
	Point
	Seeds  int // finished cells of the point
	Failed int // of those, cells whose training failed
	// GapMax and GapMaxSD are the mean and the sample standard deviation (n − 1) over
	// the seeds of the cells' maximum relative gap |P − T|/|T|; GapMean is the mean of
	// their mean relative gap. Failed cells and cells without a target are left out
	// (NaN when none is left; GapMaxSD is NaN for a single seed).
	GapMax, GapMaxSD, GapMean float64
}

// Summarize groups results by grid point, in the order of their first appearance
// (canonical order for the output of Collect).
func Summarize(results []*Result) []Summary {
	var out []Summary
	index := map[Point]int{}
	var maxes, means [][]float64
	for _, r := range results {
		p := Point{Loss: r.Loss, N: r.N, Tau: r.Tau, Alpha: r.Alpha, Beta: r.Beta}
		k, ok := index[p]
		if !ok {
			k = len(out)
			index[p] = k
			out = append(out, Summary{Point: p})
			maxes, means = append(maxes, nil), append(means, nil)
		}
		out[k].Seeds++
		if r.Error != "" {
			out[k].Failed++
			continue
		}
		if g := float64(r.GapMaxRel); !math.IsNaN(g) {
			maxes[k] = append(maxes[k], g)
			means[k] = append(means[k], float64(r.GapMeanRel))
		}
	}
	for k := range out {
		out[k].GapMax, out[k].GapMaxSD, out[k].GapMean = math.NaN(), math.NaN(), math.NaN()
		switch n := len(maxes[k]); {
		case n == 1:
			out[k].GapMax, out[k].GapMean = maxes[k][0], means[k][0]
		case n > 1:
			out[k].GapMax, out[k].GapMaxSD = stat.MeanStdDev(maxes[k], nil)
			out[k].GapMean = stat.Mean(means[k], nil)
		}
	}
	return out
}

// WriteSummaryTable writes the summaries as a Markdown table: one row per grid point,
// gaps in percent with three significant digits.
func WriteSummaryTable(w io.Writer, sums []Summary) error {
	var b strings.Builder
	b.WriteString("| loss | N | τ | α | β | seeds | max rel. gap, % (mean ± sd) | mean rel. gap, % | failed |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range sums {
		alpha, beta := "–", "–"
		if takesAlphaBeta(s.Loss) {
			alpha, beta = formatFloat(s.Alpha), formatFloat(s.Beta)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %d | %s ± %s | %s | %d |\n",
			s.Loss, s.N, formatFloat(s.Tau), alpha, beta, s.Seeds,
			percent(s.GapMax), percent(s.GapMaxSD), percent(s.GapMean), s.Failed)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strings.ReplaceAll(fmt.Sprintf("%.3g", 100*v), "-", "−")
}
