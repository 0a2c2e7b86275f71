package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file maps the elements of a LinePlot onto gonum/plot's plotters, in the lab's
// style:
//
//	Curve line          plotter.Line
//	Curve markers       plotter.Scatter (Marker.glyph: the lab's shapes, ringGlyph)
//	Curve error bars    plotter.YErrorBars
//	Curve band, Region  plotter.Polygon (bands in an opaque tint, see tint)
//	grid                plotter.Grid
//	Note                plotter.Labels (boxedLabels adds the white box), plotter.Scatter
//	Rule                rulePlotter: gonum/plot has no line across the data area
//
// Line, Scatter, YErrorBars and Labels report glyph boxes, by which plot.Plot would
// shrink the data area of a panel with markers near its edge; the lab's panels must
// align exactly, so these plotters are added without them (noGlyphBoxes, drawOnly).

// Drawing constants of line plots.
const (
	curveWidth    = vg.Length(1.7)
	ruleWidth     = vg.Length(1.1)
	errorBarWidth = vg.Length(1.1)
	markerRadius  = vg.Length(3.6)
	errorBarCap   = 2 * markerRadius * 0.9 // width of an error bar's caps
	bandAlpha     = 0.22                   // a band's tint: its colour at this opacity over white
	rangePad      = 0.03                   // fraction of an axis range added on either side of automatic ranges
	noteBoxPad    = vg.Length(3)
)

var (
	gridColor   = color.Gray{Y: 0xe4}
	axisColor   = color.Gray{Y: 0x59}
	ruleColor   = color.Gray{Y: 0x80}
	regionEdge  = color.Gray{Y: 0x99}
	noteBoxEdge = draw.LineStyle{Color: color.Gray{Y: 0xbb}, Width: vg.Points(0.6)}
)

// rangedPlotter is a plotter with a data range.
type rangedPlotter interface {
	plot.Plotter
	plot.DataRanger
}

// noGlyphBoxes is a plotter with its data range but without its glyph boxes.
type noGlyphBoxes struct{ rangedPlotter }

// drawOnly is a plotter without data range and glyph boxes: it draws in the ranges
// the other plotters set.
type drawOnly struct{ plot.Plotter }

// xys returns the points (x[k], y[k]).
func xys(x, y []float64) plotter.XYs {
	out := make(plotter.XYs, len(x))
	for k := range out {
		out[k].X, out[k].Y = x[k], y[k]
	}
	return out
}

// curvePlotters returns the plotters of a validated curve with its defaults set
// (checker.curve): its line, or its error bars, then its markers.
func curvePlotters(c Curve) []plot.Plotter {
	pts := xys(c.X, c.Y)
	var ps []plot.Plotter
	if !c.Points {
		ps = append(ps, noGlyphBoxes{&plotter.Line{XYs: pts, LineStyle: lineStyle(c.Color, c.Dash, c.Width)}})
	}
	if c.Points && c.Lo != nil {
		// YErrorBars draws from Y − |Low| to Y + |High|: from Lo to Hi when Lo ≤ Y ≤ Hi.
		errs := make(plotter.YErrors, len(c.Y))
		for k, y := range c.Y {
			errs[k].Low, errs[k].High = y-c.Lo[k], c.Hi[k]-y
		}
		ps = append(ps, noGlyphBoxes{&plotter.YErrorBars{XYs: pts, YErrors: errs,
			LineStyle: draw.LineStyle{Color: c.Color, Width: errorBarWidth}, CapWidth: errorBarCap}})
	}
	if c.Marker != NoMarker {
		ps = append(ps, noGlyphBoxes{&plotter.Scatter{XYs: pts, GlyphStyle: c.Marker.glyph(c.Color)}})
	}
	return ps
}

// band returns the band of a validated line curve with a spread, a polygon along Hi
// and back along Lo in a tint of the curve's colour, or nil.
func band(c Curve) plot.Plotter {
	if c.Points || c.Lo == nil {
		return nil
	}
	n := len(c.X)
	ring := make(plotter.XYs, 0, 2*n)
	for k := 0; k < n; k++ {
		ring = append(ring, plotter.XY{X: c.X[k], Y: c.Hi[k]})
	}
	for k := n - 1; k >= 0; k-- {
		ring = append(ring, plotter.XY{X: c.X[k], Y: c.Lo[k]})
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: tint(c.Color, bandAlpha)}
}

// regionPolygon returns the filled polygon of a validated region, without outline.
func regionPolygon(r Region) plot.Plotter {
	return &plotter.Polygon{XYs: []plotter.XYs{xys(r.X, r.Y)}, Color: r.Color}
}

// grid returns light lines at the major ticks of both axes.
func grid() plot.Plotter {
	ls := draw.LineStyle{Color: gridColor, Width: vg.Points(0.7)}
	return &plotter.Grid{Vertical: ls, Horizontal: ls}
}

// notePlotters returns the plotters of a note of p, whose ranges are set: its marker,
// then its text (on a box). A note whose anchor lies outside the data area is not
// drawn (plotter.Labels).
func notePlotters(n Note, p *plot.Plot) []plot.Plotter {
	at := plotter.XYs{{X: n.X, Y: n.Y}}
	if n.Relative {
		at[0].X, at[0].Y = fromUnit(p.X, n.X), fromUnit(p.Y, n.Y)
	}
	col := n.Color
	if col == nil {
		col = textColor
	}
	var ps []plot.Plotter
	if n.Marker != NoMarker {
		ps = append(ps, drawOnly{&plotter.Scatter{XYs: at, GlyphStyle: n.Marker.glyph(col)}})
	}
	size := n.Size
	if size == 0 {
		size = NoteSize
	}
	l := &plotter.Labels{XYs: at, Labels: []string{n.Text},
		TextStyle: []text.Style{textStyle(sansFont, size, col, n.XAlign, n.YAlign)}, Offset: n.Offset}
	if n.Box {
		return append(ps, boxedLabels{l})
	}
	return append(ps, drawOnly{l})
}

// fromUnit returns the value at fraction f of axis ax from its minimum, in its scale
// (linear or log, as newLinePlot sets them).
func fromUnit(ax plot.Axis, f float64) float64 {
	if _, log := ax.Scale.(plot.LogScale); log {
		return ax.Min * math.Pow(ax.Max/ax.Min, f)
	}
	return ax.Min + f*(ax.Max-ax.Min)
}

// boxedLabels draws labels on white boxes with a grey edge.
type boxedLabels struct{ l *plotter.Labels }

func (b boxedLabels) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for k, s := range b.l.Labels {
		pt := vg.Point{X: trX(b.l.XYs[k].X), Y: trY(b.l.XYs[k].Y)}
		if !c.Contains(pt) {
			continue
		}
		pt = pt.Add(b.l.Offset)
		r := b.l.TextStyle[k].Rectangle(s)
		box := rect(pt.X+r.Min.X-noteBoxPad, pt.Y+r.Min.Y-noteBoxPad, pt.X+r.Max.X+noteBoxPad, pt.Y+r.Max.Y+noteBoxPad)
		c.FillPolygon(color.White, box)
		c.StrokeLines(noteBoxEdge, append(box, box[0]))
	}
	b.l.Plot(c, plt)
}

// rulePlotter draws a reference line; its data range covers its position only.
type rulePlotter struct{ r Rule }

func (p *rulePlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	if p.r.Vertical {
		return p.r.At, p.r.At, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), p.r.At, p.r.At
}

func (p *rulePlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	col := p.r.Color
	if col == nil {
		col = ruleColor
	}
	w := p.r.Width
	if w == 0 {
		w = ruleWidth
	}
	ls := lineStyle(col, p.r.Dash, w)
	sty := textStyle(sansFont, NoteSize, col, draw.XRight, draw.YBottom)
	if p.r.Vertical {
		x := trX(p.r.At)
		if !c.ContainsX(x) {
			return
		}
		c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
		if p.r.Label != "" {
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			at := vg.Point{X: x + 3, Y: c.Max.Y - 3}
			if p.r.LabelLow {
				sty.YAlign, at.Y = draw.YBottom, c.Min.Y+3
			}
			c.FillText(sty, at, p.r.Label)
		}
		return
	}
	y := trY(p.r.At)
	if !c.ContainsY(y) {
		return
	}
	c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
	if p.r.Label != "" {
		at := vg.Point{X: c.Max.X - 3, Y: y + 2}
		if p.r.LabelLow {
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			at = vg.Point{X: c.Min.X + 3, Y: y - 8}
		}
		c.FillText(sty, at, p.r.Label)
	}
}
