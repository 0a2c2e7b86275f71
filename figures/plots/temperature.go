package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// TemperatureGap is the gap max_ij |P_ij − T1_ij| / T1_ij of the unit-embedding optimum
// in dimension Dim at each temperature of TemperatureData.Tau, as a fraction.
type TemperatureGap struct {
	Dim int
	Gap []float64
}

// TemperatureCosine is the optimum cosine of the state pair (I, J) at each temperature.
type TemperatureCosine struct {
	I, J int
	Cos  []float64
}

// TemperatureData are the level-2 optima of a feature space over a grid of τ.
type TemperatureData struct {
	Tau     []float64 // increasing, positive
	Gaps    []TemperatureGap
	CosDim  int // the dimension of Cosines
	Cosines []TemperatureCosine
	// TauStar, if not NaN, is marked by a vertical rule on both panels: the τ at which
	// the optimum's Gram matrix reaches the boundary of the positive semi-definite cone.
	TauStar         float64
	States          []string // state names (nil: indices)
	Title, Subtitle string
}

// Temperature returns two panels against τ on a log axis: the gap of the optimum to T1
// in per cent for each dimension, and the optimum's off-diagonal cosines in dimension
// CosDim, in the pairs' colours. It returns an error wrapping ErrEmpty for no τ, no
// gaps or no cosines, an error for series whose length is not len(Tau), and the errors
// of LinePlot (a *PointError for NaN or τ ≤ 0).
func Temperature(d TemperatureData) (*Figure, error) {
	if len(d.Tau) == 0 || len(d.Gaps) == 0 || len(d.Cosines) == 0 {
		return nil, fmt.Errorf("plots: temperature figure: %d τ, %d gap curves, %d cosine curves: %w", len(d.Tau), len(d.Gaps), len(d.Cosines), ErrEmpty)
	}
	var rules []Rule
	if !math.IsNaN(d.TauStar) {
		rules = append(rules, Rule{Vertical: true, At: d.TauStar, Dash: Dashed, Label: "τ* = " + fmt.Sprintf("%.2g", d.TauStar)})
	}
	var gaps []Curve
	for k, g := range d.Gaps {
		if len(g.Gap) != len(d.Tau) {
			return nil, fmt.Errorf("plots: temperature figure: d = %d: %d gaps for %d τ", g.Dim, len(g.Gap), len(d.Tau))
		}
		pct := make([]float64, len(g.Gap))
		for i, v := range g.Gap {
			pct[i] = 100 * v
		}
		gaps = append(gaps, Curve{Name: fmt.Sprintf("d = %d", g.Dim), X: d.Tau, Y: pct, Color: Qualitative(k), Dash: Dash(k % 3), Width: curveWidth + vg.Length(2-k%3)*0.6})
	}
	left, err := LinePlot(gaps, LineOptions{
		Title: "gap of the optimum to T1", XLabel: "τ (temperature)", YLabel: "max |P − T1| / T1  (%)",
		LogX: true, Rules: rules,
	})
	if err != nil {
		return nil, err
	}
	m := len(d.States)
	for _, c := range d.Cosines {
		m = max(m, c.I+1, c.J+1)
	}
	var cos []Curve
	for _, c := range d.Cosines {
		if len(c.Cos) != len(d.Tau) {
			return nil, fmt.Errorf("plots: temperature figure: pair (%d, %d): %d cosines for %d τ", c.I, c.J, len(c.Cos), len(d.Tau))
		}
		cos = append(cos, Curve{Name: "pair " + pairName(c.I, c.J, d.States), X: d.Tau, Y: c.Cos, Color: pairColor(c.I, c.J, m)})
	}
	right, err := LinePlot(cos, LineOptions{
		Title: fmt.Sprintf("optimum cosines, d = %d", d.CosDim), XLabel: "τ (temperature)", YLabel: "cos(u_i, u_j)",
		LogX: true, Rules: rules,
	})
	if err != nil {
		return nil, err
	}
	var legend []LegendEntry
	for k, g := range d.Gaps {
		legend = append(legend, LegendEntry{Label: fmt.Sprintf("d = %d", g.Dim), Color: Qualitative(k), Swatch: SwatchLine, Dash: Dash(k % 3)})
	}
	for k, c := range d.Cosines {
		legend = append(legend, LegendEntry{Label: pairName(c.I, c.J, d.States), Color: pairColor(c.I, c.J, m), Swatch: SwatchLine, NewRow: k == 0})
	}
	return NewFigure([][]*plot.Plot{{left, right}}, FigureOptions{
		Title: d.Title, Subtitle: d.Subtitle,
		PanelWidth: linePanelWidth + 20, PanelHeight: linePanelHeight + 10,
		Legend: legend,
	})
}
