package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Spread is a statistic at each point of a grid: a central value (mean or median) and
// a band Lo–Hi (both nil: none).
type Spread struct {
	Mid, Lo, Hi []float64
}

// MonteCarloData is the convergence of a Monte Carlo estimate ĉ1 of c1 with the
// number of draws n, over several replicates.
type MonteCarloData struct {
	Draws []float64 // n, increasing, positive
	// MaxErr is max_ij |ĉ1_ij − c1_ij|, MeanSE the mean over ij of the estimated
	// standard errors, MaxZ max_ij |ĉ1_ij − c1_ij| / se_ij, each over the replicates.
	MaxErr, MeanSE, MaxZ Spread
	// ZRule, if positive, draws a rule at that many standard errors on the MaxZ panel.
	ZRule           float64
	Title, Subtitle string
	// MidLabel and BandLabel name the central value and the band in the legend
	// (e.g. "median over 20 replicates", "min–max").
	MidLabel, BandLabel string
}

// MonteCarlo returns two panels against n on log axes: the largest error
// max |ĉ1 − c1| with the mean standard error and a guide k/√n fitted to the error
// (least squares on log error − log n^(−1/2)), on log-log axes; and the largest error
// in standard errors, max |ĉ1 − c1|/se, which stays of order one when the standard
// errors are right. It returns an error wrapping ErrEmpty for no draws, an error for
// series whose length is not len(Draws), and the errors of LinePlot.
func MonteCarlo(d MonteCarloData) (*Figure, error) {
	n := len(d.Draws)
	if n == 0 {
		return nil, fmt.Errorf("plots: Monte Carlo figure: no draws: %w", ErrEmpty)
	}
	for _, s := range []struct {
		name string
		sp   Spread
	}{{"MaxErr", d.MaxErr}, {"MeanSE", d.MeanSE}, {"MaxZ", d.MaxZ}} {
		if len(s.sp.Mid) != n || s.sp.Lo != nil && len(s.sp.Lo) != n || s.sp.Hi != nil && len(s.sp.Hi) != n {
			return nil, fmt.Errorf("plots: Monte Carlo figure: %s has %d, %d, %d values for %d draw counts", s.name, len(s.sp.Mid), len(s.sp.Lo), len(s.sp.Hi), n)
		}
	}
	for i, v := range d.Draws {
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, &PointError{Plot: "error of ĉ1", Series: "draws", Field: "X", Index: i, Value: v, Log: finite(v)}
		}
	}
	for i, v := range d.MaxErr.Mid {
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, &PointError{Plot: "error of ĉ1", Series: "max |ĉ1 − c1|", Field: "Y", Index: i, Value: v, Log: finite(v)}
		}
	}
	k := fitInverseSqrt(d.Draws, d.MaxErr.Mid)
	guide := make([]float64, n)
	for i, x := range d.Draws {
		guide[i] = k / math.Sqrt(x)
	}
	errCol, seCol, guideCol := Qualitative(0), Qualitative(1), color.Gray{Y: 0x40}
	left, err := LinePlot([]Curve{
		{Name: fmt.Sprintf("%.2g/√n", k), X: d.Draws, Y: guide, Color: guideCol, Dash: Dotted, Width: 1.5},
		{Name: "mean SE", X: d.Draws, Y: d.MeanSE.Mid, Lo: d.MeanSE.Lo, Hi: d.MeanSE.Hi, Color: seCol, Dash: Dashed},
		{Name: "max |ĉ1 − c1|", X: d.Draws, Y: d.MaxErr.Mid, Lo: d.MaxErr.Lo, Hi: d.MaxErr.Hi, Color: errCol},
	}, LineOptions{
		Title: "error of ĉ1", XLabel: "n (draws)", YLabel: "max_ij |ĉ1_ij − c1_ij|",
		LogX: true, LogY: true,
		Notes: []Note{{X: d.Draws[n/2], Y: guide[n/2], Text: fmt.Sprintf("%.2g / √n", k), XAlign: draw.XLeft, YAlign: draw.YBottom, Offset: vg.Point{X: 6, Y: 4}, Color: guideCol}},
	})
	if err != nil {
		return nil, err
	}
	var rules []Rule
	if d.ZRule > 0 {
		rules = append(rules, Rule{At: d.ZRule, Dash: Dashed, Label: fmt.Sprintf("%g SE", d.ZRule)})
	}
	right, err := LinePlot([]Curve{
		{Name: "max |ĉ1 − c1| / se", X: d.Draws, Y: d.MaxZ.Mid, Lo: d.MaxZ.Lo, Hi: d.MaxZ.Hi, Color: errCol},
	}, LineOptions{
		Title: "error in standard errors", XLabel: "n (draws)", YLabel: "max_ij |ĉ1_ij − c1_ij| / se_ij",
		LogX: true, Rules: rules, YMin: 0, YMax: math.Max(d.ZRule*1.25, maxOf(d.MaxZ)*1.05),
	})
	if err != nil {
		return nil, err
	}
	band := SwatchLine
	if d.MaxErr.Lo != nil {
		band = SwatchBand
	}
	legend := []LegendEntry{
		{Label: "max |ĉ1 − c1|: " + d.MidLabel, Color: errCol, Swatch: band},
		{Label: "mean standard error", Color: seCol, Swatch: band, Dash: Dashed},
		{Label: "k / √n, fitted", Color: guideCol, Swatch: SwatchLine, Dash: Dotted, NewRow: true},
	}
	if d.BandLabel != "" && band == SwatchBand {
		legend = append(legend, LegendEntry{Label: "band: " + d.BandLabel, Color: color.Gray{Y: 0x55}, Swatch: SwatchPatch})
		legend[len(legend)-1].Color = tint(color.Gray{Y: 0x55}, bandAlpha)
	}
	return NewFigure([][]*plot.Plot{{left, right}}, FigureOptions{
		Title: d.Title, Subtitle: d.Subtitle,
		PanelWidth: linePanelWidth + 20, PanelHeight: linePanelHeight + 10,
		Legend: legend,
	})
}

// maxOf returns the largest of s's central and upper values (0 for none).
func maxOf(s Spread) float64 {
	var m float64
	for _, v := range append(append([]float64(nil), s.Mid...), s.Hi...) {
		if finite(v) {
			m = math.Max(m, v)
		}
	}
	return m
}

// fitInverseSqrt returns the k of the guide k/√n closest to the points (n_i, e_i) in
// log space: least squares of log e_i − (log k − ½ log n_i) over log k gives
// log k = mean_i log(e_i √n_i). The inputs are positive.
func fitInverseSqrt(n, e []float64) float64 {
	var lk float64
	for i, x := range n {
		lk += math.Log(e[i] * math.Sqrt(x))
	}
	return math.Exp(lk / float64(len(n)))
}
