package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Dash is the pattern of a line.
type Dash int

const (
	Solid Dash = iota
	Dashed
	Dotted
	DashDot
)

// Marker is the shape drawn at the points of a curve.
type Marker int

const (
	NoMarker Marker = iota
	Circle
	Square
	Triangle
	Ring
)

// Curve is a line through the points (X[k], Y[k]) or, with Points set, a marker at
// each. Lo and Hi (both or neither, as long as X) give a spread: a band filled in a
// light tint of Color behind a line, or error bars through markers.
type Curve struct {
	Name   string // names the curve in errors
	X, Y   []float64
	Lo, Hi []float64
	Color  color.Color // nil: near-black
	Dash   Dash
	Width  vg.Length // line width; 0: the lab's curve width
	Marker Marker    // markers on a line, or the marker of Points (NoMarker: Circle)
	Points bool      // markers only, no line
}

// Rule is a reference line across the whole panel: horizontal at y = At, or vertical
// at x = At. Its Label, if any, is written inside the data area: above the right end
// of a horizontal rule (LabelLow: below its left end), right of the top end of a
// vertical one (LabelLow: right of its bottom end).
type Rule struct {
	Vertical bool
	At       float64
	Color    color.Color // nil: mid-grey
	Dash     Dash
	Width    vg.Length // 0: the lab's rule width
	Label    string
	LabelLow bool
}

// Region is a filled polygon with vertices (X[k], Y[k]), drawn behind everything else.
type Region struct {
	Name  string // names the region in errors
	X, Y  []float64
	Color color.Color // nil: not filled (plotter.Polygon)
}

// Note is text placed in the data area: at data coordinates (X, Y), or, with Relative
// set, at fractions (X, Y) ∈ [0, 1]² of the data area from its lower left corner. The
// text is aligned to the anchor by XAlign and YAlign (draw.XLeft, draw.PosTop, …), moved
// by Offset, and, with Box set, written on a white box. A Marker, if any, is drawn at
// the anchor. Lines are separated by "\n".
type Note struct {
	X, Y     float64
	Relative bool
	Text     string
	XAlign   text.XAlignment
	YAlign   text.YAlignment
	Offset   vg.Point
	Box      bool
	Color    color.Color // text colour; nil: near-black
	Marker   Marker
	Size     vg.Length // font size; 0: NoteSize
}

// LineOptions describe a line plot.
type LineOptions struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool
	// XMin < XMax fixes the x range, XMin == XMax (zero) takes it from the data, padded
	// by 3 % on either side (of the decades, on a log axis); likewise for y. Min > Max is
	// an error.
	XMin, XMax, YMin, YMax float64
	Rules                  []Rule
	Notes                  []Note
	Regions                []Region
	// NoGrid leaves out the light grid at the major ticks.
	NoGrid bool
}

// LinePlot returns a line plot of curves, drawn in order over opt's regions, grid and
// rules, with opt's notes on top. It returns an error wrapping ErrEmpty when there is no
// curve and no region or a curve has no point, a *PointError for a NaN or infinite
// coordinate (or one ≤ 0 on a log axis), and an error for mismatched lengths or an
// invalid range. The data are copied.
func LinePlot(curves []Curve, opt LineOptions) (*plot.Plot, error) {
	name := opt.Title
	if len(curves) == 0 && len(opt.Regions) == 0 {
		return nil, fmt.Errorf("plots: line plot %q: no curves: %w", name, ErrEmpty)
	}
	for _, r := range [][2]float64{{opt.XMin, opt.XMax}, {opt.YMin, opt.YMax}} {
		if !finite(r[0]) || !finite(r[1]) || r[0] > r[1] {
			return nil, fmt.Errorf("plots: line plot %q: range [%v, %v]: need finite Min ≤ Max", name, r[0], r[1])
		}
	}
	if opt.LogX && opt.XMin < opt.XMax && opt.XMin <= 0 || opt.LogY && opt.YMin < opt.YMax && opt.YMin <= 0 {
		return nil, fmt.Errorf("plots: line plot %q: a log axis needs a positive range, got x [%v, %v], y [%v, %v]", name, opt.XMin, opt.XMax, opt.YMin, opt.YMax)
	}
	chk := checker{plot: name, logX: opt.LogX, logY: opt.LogY}
	cs := make([]Curve, len(curves))
	for k, c := range curves {
		cv, err := chk.curve(c)
		if err != nil {
			return nil, err
		}
		cs[k] = cv
	}
	var regions []plot.Plotter
	for _, r := range opt.Regions {
		if err := chk.region(r); err != nil {
			return nil, err
		}
		regions = append(regions, regionPolygon(r))
	}
	var rules []plot.Plotter
	for k, r := range opt.Rules {
		rc := chk
		rc.series = fmt.Sprintf("rule %d", k)
		if r.Label != "" {
			rc.series = "rule " + r.Label
		}
		if err := rc.point("At", 0, r.At, r.Vertical && opt.LogX || !r.Vertical && opt.LogY); err != nil {
			return nil, err
		}
		rules = append(rules, &rulePlotter{r})
	}
	for _, n := range opt.Notes {
		if !finite(n.X) || !finite(n.Y) {
			return nil, fmt.Errorf("plots: line plot %q: note %q at (%v, %v): need finite coordinates", name, n.Text, n.X, n.Y)
		}
	}

	// Drawing order: regions, grid, bands, rules, lines and markers, notes. (The data
	// range is the union over regions, rules and curves, whatever the order; notes
	// do not count.)
	p := newLinePlot(opt)
	p.Add(regions...)
	if !opt.NoGrid {
		p.Add(grid())
	}
	for _, c := range cs {
		if b := band(c); b != nil {
			p.Add(b)
		}
	}
	p.Add(rules...)
	for _, c := range cs {
		p.Add(curvePlotters(c)...)
	}
	setRange(&p.X, opt.XMin, opt.XMax, opt.LogX)
	setRange(&p.Y, opt.YMin, opt.YMax, opt.LogY)
	// Notes go last: a relative note is placed in the final ranges.
	for _, n := range opt.Notes {
		p.Add(notePlotters(n, p)...)
	}
	return p, nil
}

// panelTitle writes a line plot's title centred above its data area. It reserves its
// height through a glyph box of zero width.
type panelTitle struct {
	text  string
	style text.Style
}

func (t *panelTitle) Plot(c draw.Canvas, _ *plot.Plot) {
	c.FillText(t.style, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y + titlePad}, t.text)
}

func (t *panelTitle) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	r := t.style.Rectangle(t.text)
	return []plot.GlyphBox{{X: 0.5, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{Y: r.Min.Y + titlePad}, Max: vg.Point{Y: r.Max.Y + titlePad}}}}
}

// newLinePlot returns an empty plot in the lab's line-plot style: a frame of axis
// lines on the left and bottom, outward ticks, and linear or log axes.
func newLinePlot(opt LineOptions) *plot.Plot {
	p := plot.New()
	if opt.Title != "" {
		// Centred over the data area at a fixed distance, not at the top of the
		// panel's tile, so that titles line up across panels whatever their axes.
		p.Add(&panelTitle{text: opt.Title, style: textStyle(sansFont, PanelTitleSize, textColor, draw.XCenter, draw.YBottom)})
	}
	p.X.Label.Text, p.Y.Label.Text = opt.XLabel, opt.YLabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		ax.Padding = 0
		ax.Tick.Length = 4
		ax.Tick.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		ax.Label.TextStyle = textStyle(sansFont, AxisLabelSize, textColor, draw.XCenter, draw.YBottom)
		ax.Label.Padding = 3
	}
	p.X.Tick.Label = textStyle(sansFont, TickLabelSize, textColor, draw.XCenter, draw.YTop)
	p.Y.Tick.Label = textStyle(sansFont, TickLabelSize, textColor, draw.XRight, draw.YCenter)
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	if opt.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	if opt.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	return p
}

// setRange fixes an axis range [lo, hi], or, for lo == hi, pads the data range by
// rangePad on either side (in log space on a log axis); a single value v is padded by
// max(|v|/10, 1/2), or half a decade on a log axis. It panics without a finite data
// range, which LinePlot's checks rule out (every curve and region has a finite point).
func setRange(ax *plot.Axis, lo, hi float64, log bool) {
	if lo < hi {
		ax.Min, ax.Max = lo, hi
		return
	}
	lo, hi = ax.Min, ax.Max
	if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Sprintf("plots: no data range (%v, %v)", lo, hi))
	}
	if log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	if lo == hi {
		pad := math.Max(math.Abs(lo)/10, 0.5)
		if log {
			pad = 0.5
		}
		lo, hi = lo-pad, hi+pad
	} else {
		pad := rangePad * (hi - lo)
		lo, hi = lo-pad, hi+pad
	}
	if log {
		lo, hi = math.Pow(10, lo), math.Pow(10, hi)
	}
	ax.Min, ax.Max = lo, hi
}

// PointError reports a coordinate of a curve, rule or region that cannot be drawn.
type PointError struct {
	Plot   string // the plot's title
	Series string // the curve's or region's name
	Field  string // "X", "Y", "Lo", "Hi", "At"
	Index  int
	Value  float64
	Log    bool // the value is on a log axis and not positive
}

func (e *PointError) Error() string {
	need := "need a finite number"
	if e.Log {
		need = "need a positive number on a log axis"
	}
	return fmt.Sprintf("plots: line plot %q: %s: %s[%d] = %v: %s", e.Plot, quotedSeries(e.Series), e.Field, e.Index, e.Value, need)
}

func quotedSeries(name string) string {
	if name == "" {
		return "unnamed series"
	}
	return fmt.Sprintf("%q", name)
}

// checker validates the data of one plot.
type checker struct {
	plot       string
	logX, logY bool
	series     string
}

func (c checker) point(field string, k int, v float64, log bool) error {
	if !finite(v) || log && v <= 0 {
		return &PointError{Plot: c.plot, Series: c.series, Field: field, Index: k, Value: v, Log: finite(v)}
	}
	return nil
}

func (c checker) curve(cv Curve) (Curve, error) {
	c.series = cv.Name
	n := len(cv.X)
	if n == 0 {
		return Curve{}, fmt.Errorf("plots: line plot %q: %s has no points: %w", c.plot, quotedSeries(cv.Name), ErrEmpty)
	}
	if len(cv.Y) != n {
		return Curve{}, fmt.Errorf("plots: line plot %q: %s: %d x and %d y values", c.plot, quotedSeries(cv.Name), n, len(cv.Y))
	}
	if (cv.Lo == nil) != (cv.Hi == nil) || cv.Lo != nil && (len(cv.Lo) != n || len(cv.Hi) != n) {
		return Curve{}, fmt.Errorf("plots: line plot %q: %s: Lo and Hi need %d values each (or both nil), got %d and %d", c.plot, quotedSeries(cv.Name), n, len(cv.Lo), len(cv.Hi))
	}
	for _, f := range []struct {
		name string
		v    []float64
		log  bool
	}{{"X", cv.X, c.logX}, {"Y", cv.Y, c.logY}, {"Lo", cv.Lo, c.logY}, {"Hi", cv.Hi, c.logY}} {
		for k, v := range f.v {
			if err := c.point(f.name, k, v, f.log); err != nil {
				return Curve{}, err
			}
		}
	}
	if cv.Dash < Solid || cv.Dash > DashDot {
		return Curve{}, fmt.Errorf("plots: line plot %q: %s: Dash = %d: unknown dash", c.plot, quotedSeries(cv.Name), int(cv.Dash))
	}
	if cv.Marker < NoMarker || cv.Marker > Ring {
		return Curve{}, fmt.Errorf("plots: line plot %q: %s: Marker = %d: unknown marker", c.plot, quotedSeries(cv.Name), int(cv.Marker))
	}
	// The plotters copy the coordinates (curvePlotters, band).
	if cv.Color == nil {
		cv.Color = textColor
	}
	if cv.Width == 0 {
		cv.Width = curveWidth
	}
	if cv.Points && cv.Marker == NoMarker {
		cv.Marker = Circle
	}
	return cv, nil
}

func (c checker) region(r Region) error {
	c.series = r.Name
	if len(r.X) < 3 || len(r.Y) != len(r.X) {
		return fmt.Errorf("plots: line plot %q: %s: %d x and %d y vertices: need the same number, at least 3", c.plot, quotedSeries(r.Name), len(r.X), len(r.Y))
	}
	for k := range r.X {
		if err := c.point("X", k, r.X[k], c.logX); err != nil {
			return err
		}
		if err := c.point("Y", k, r.Y[k], c.logY); err != nil {
			return err
		}
	}
	return nil
}
