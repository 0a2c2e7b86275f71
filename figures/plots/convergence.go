package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PairTrace is one state pair's measured quantity over training (a positive-pair
// probability, a class cosine, …) and the values it is compared with.
type PairTrace struct {
	I, J   int       // the state pair; its colour is the same in every figure
	Steps  []float64 // training steps of the records
	Mean   []float64 // mean over replicates at each step
	Lo, Hi []float64 // the spread over replicates at each step (nil: no band)
	// Target is the analytic value (a dotted line in the pair's colour), Optimum the
	// constrained optimum (dashed); NaN leaves a line out.
	Target, Optimum float64
	// Final is the trained model's value, drawn as a marker right of the last step
	// with an error bar FinalLo–FinalHi (NaN: none).
	Final, FinalLo, FinalHi float64
}

// Corner names a corner (or the middle of the right edge) of a panel's data area.
type Corner int

const (
	TopLeft Corner = iota
	TopRight
	BottomLeft
	BottomRight
	MiddleRight // at mid-height on the right
)

// ConvergencePanel is one panel of Convergence.
type ConvergencePanel struct {
	Title  string
	Traces []PairTrace
	Rules  []Rule  // further reference lines, such as the cosine of full collapse
	Note   string  // boxed text in corner NoteAt ("" for none); may have several lines
	NoteAt Corner  //
	YMin   float64 // YMin < YMax fixes the y range; curves are clipped to it
	YMax   float64
}

// ConvergenceOptions describe a Convergence figure.
type ConvergenceOptions struct {
	Title, Subtitle string
	XLabel          string   // "" means "training step"
	YLabel          string   // the quantity, e.g. "P × N"
	States          []string // state names for the legend (nil: indices)
	// Legend texts of the kinds of line; the key of a kind is shown when its text is
	// not empty and some panel draws it.
	MeanLabel, TargetLabel, OptimumLabel, FinalLabel string
	// PanelWidth × PanelHeight is the size of each data area (zero: 250 × 175 pt).
	PanelWidth, PanelHeight vg.Length
}

// Default data-area size of the line panels.
const (
	linePanelWidth  = vg.Length(250)
	linePanelHeight = vg.Length(175)
)

// Convergence returns a row of panels, each showing state pairs' traces over
// training: per pair a solid line (the mean over replicates) over a light band (their
// spread), its Target dotted and its Optimum dashed in the pair's colour, and its Final
// value as a marker right of the last step. One legend below the panels names the
// pairs and the kinds of line. It returns an error wrapping ErrEmpty for no panels or
// a panel without traces, and the errors of LinePlot for bad data (a *PointError names
// the panel, the pair and the point).
func Convergence(panels []ConvergencePanel, opt ConvergenceOptions) (*Figure, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plots: convergence figure %q: no panels: %w", opt.Title, ErrEmpty)
	}
	m := len(opt.States)
	for _, pn := range panels {
		for _, t := range pn.Traces {
			if t.I < 0 || t.J < 0 {
				return nil, fmt.Errorf("plots: convergence panel %q: state pair (%d, %d): need non-negative states", pn.Title, t.I, t.J)
			}
			m = max(m, t.I+1, t.J+1)
		}
	}
	xlabel := opt.XLabel
	if xlabel == "" {
		xlabel = "training step"
	}
	var (
		pairs                      []int // pair indices in order of first appearance
		pairOf                     = map[int][2]int{}
		band, target, optimum, fin bool
		plots                      = make([]*plot.Plot, len(panels))
		given                      = func(v float64) bool { return !math.IsNaN(v) }
	)
	for k, pn := range panels {
		if len(pn.Traces) == 0 {
			return nil, fmt.Errorf("plots: convergence panel %q: no traces: %w", pn.Title, ErrEmpty)
		}
		var curves []Curve
		var rules []Rule
		// The Final markers sit a little right of the last step of the panel.
		var last, first = math.Inf(-1), math.Inf(1)
		for _, t := range pn.Traces {
			for _, s := range t.Steps {
				last, first = math.Max(last, s), math.Min(first, s)
			}
		}
		finalX := last + 0.04*(last-first)
		for _, t := range pn.Traces {
			col := pairColor(t.I, t.J, m)
			id := pairIndex(t.I, t.J, m)
			if _, ok := pairOf[id]; !ok {
				pairs = append(pairs, id)
				pairOf[id] = [2]int{min(t.I, t.J), max(t.I, t.J)}
			}
			name := "pair " + pairName(t.I, t.J, opt.States)
			curves = append(curves, Curve{Name: name, X: t.Steps, Y: t.Mean, Lo: t.Lo, Hi: t.Hi, Color: col})
			band = band || t.Lo != nil
			if given(t.Target) {
				rules = append(rules, Rule{At: t.Target, Color: col, Dash: Dotted, Width: 1.5})
				target = true
			}
			if given(t.Optimum) {
				rules = append(rules, Rule{At: t.Optimum, Color: col, Dash: Dashed, Width: 1.2})
				optimum = true
			}
			if given(t.Final) {
				fc := Curve{Name: name + " final", X: []float64{finalX}, Y: []float64{t.Final}, Color: col, Points: true, Marker: Square}
				if given(t.FinalLo) || given(t.FinalHi) {
					fc.Lo, fc.Hi = []float64{t.FinalLo}, []float64{t.FinalHi}
				}
				curves = append(curves, fc)
				fin = true
			}
		}
		lo := LineOptions{
			Title: pn.Title, XLabel: xlabel, YLabel: opt.YLabel,
			YMin: pn.YMin, YMax: pn.YMax,
			Rules: append(rules, pn.Rules...),
		}
		if pn.Note != "" {
			lo.Notes = []Note{cornerNote(pn.Note, pn.NoteAt)}
		}
		p, err := LinePlot(curves, lo)
		if err != nil {
			return nil, err
		}
		plots[k] = p
	}
	var legend []LegendEntry
	for _, id := range pairs {
		ij := pairOf[id]
		sw := SwatchLine
		if band {
			sw = SwatchBand
		}
		legend = append(legend, LegendEntry{Label: pairName(ij[0], ij[1], opt.States), Color: pairColor(ij[0], ij[1], m), Swatch: sw})
	}
	grey := color.Gray{Y: 0x55}
	kindsRow := len(legend) > 0 && len(legend)+4 > 6 // pairs in one row, kinds in the next
	for _, e := range []struct {
		on    bool
		label string
		entry LegendEntry
	}{
		{true, opt.MeanLabel, LegendEntry{Color: grey, Swatch: map[bool]Swatch{true: SwatchBand, false: SwatchLine}[band]}},
		{target, opt.TargetLabel, LegendEntry{Color: grey, Swatch: SwatchLine, Dash: Dotted}},
		{optimum, opt.OptimumLabel, LegendEntry{Color: grey, Swatch: SwatchLine, Dash: Dashed}},
		{fin, opt.FinalLabel, LegendEntry{Color: grey, Swatch: SwatchPoint, Marker: Square}},
	} {
		if e.on && e.label != "" {
			e.entry.Label = e.label
			e.entry.NewRow = kindsRow
			kindsRow = false
			legend = append(legend, e.entry)
		}
	}
	w, h := opt.PanelWidth, opt.PanelHeight
	if w == 0 && h == 0 {
		w, h = linePanelWidth, linePanelHeight
	}
	return NewFigure([][]*plot.Plot{plots}, FigureOptions{
		Title: opt.Title, Subtitle: opt.Subtitle,
		PanelWidth: w, PanelHeight: h,
		Legend: legend,
	})
}

// cornerNote returns a boxed note in corner c of the data area.
func cornerNote(s string, c Corner) Note {
	const in = 0.025 // inset from the corner, as a fraction of the data area
	n := Note{Text: s, Relative: true, Box: true}
	switch c {
	case TopLeft:
		n.X, n.Y, n.XAlign, n.YAlign = in, 1-in, draw.XLeft, draw.YTop
		n.Offset = vg.Point{X: noteBoxPad + 1, Y: -noteBoxPad - 1}
	case TopRight:
		n.X, n.Y, n.XAlign, n.YAlign = 1-in, 1-in, draw.XRight, draw.YTop
		n.Offset = vg.Point{X: -noteBoxPad - 1, Y: -noteBoxPad - 1}
	case BottomLeft:
		n.X, n.Y, n.XAlign, n.YAlign = in, in, draw.XLeft, draw.YBottom
		n.Offset = vg.Point{X: noteBoxPad + 1, Y: noteBoxPad + 1}
	case MiddleRight:
		n.X, n.Y, n.XAlign, n.YAlign = 1-in, 0.5, draw.XRight, draw.YCenter
		n.Offset = vg.Point{X: -noteBoxPad - 1}
	default:
		n.X, n.Y, n.XAlign, n.YAlign = 1-in, in, draw.XRight, draw.YBottom
		n.Offset = vg.Point{X: -noteBoxPad - 1, Y: noteBoxPad + 1}
	}
	return n
}
