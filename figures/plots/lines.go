package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

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
	Color color.Color
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

// Drawing constants of line plots.
const (
	curveWidth    = vg.Length(1.7)
	ruleWidth     = vg.Length(1.1)
	errorBarWidth = vg.Length(1.1)
	markerRadius  = vg.Length(3.6)
	bandAlpha     = 0.22 // a band's tint: its colour at this opacity over white
	rangePad      = 0.03 // fraction of an axis range added on either side of automatic ranges
	noteBoxPad    = vg.Length(3)
)

var (
	gridColor  = color.Gray{Y: 0xe4}
	axisColor  = color.Gray{Y: 0x59}
	ruleColor  = color.Gray{Y: 0x80}
	regionEdge = color.Gray{Y: 0x99}
)

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
	cs := make([]*curvePlotter, len(curves))
	for k, c := range curves {
		cp, err := chk.curve(c)
		if err != nil {
			return nil, err
		}
		cs[k] = cp
	}
	var regions []*regionPlotter
	for _, r := range opt.Regions {
		rp, err := chk.region(r)
		if err != nil {
			return nil, err
		}
		regions = append(regions, rp)
	}
	var rules []*rulePlotter
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
	var notes []*notePlotter
	for _, n := range opt.Notes {
		if !finite(n.X) || !finite(n.Y) {
			return nil, fmt.Errorf("plots: line plot %q: note %q at (%v, %v): need finite coordinates", name, n.Text, n.X, n.Y)
		}
		notes = append(notes, &notePlotter{n})
	}

	// Drawing order: regions, grid, bands, rules, lines and markers, notes. (The data
	// range is the union over regions, rules and curves, whatever the order.)
	p := newLinePlot(opt)
	for _, r := range regions {
		p.Add(r)
	}
	if !opt.NoGrid {
		p.Add(gridPlotter{})
	}
	for _, c := range cs {
		p.Add(bandOf{c})
	}
	for _, r := range rules {
		p.Add(r)
	}
	for _, c := range cs {
		p.Add(c)
	}
	for _, n := range notes {
		p.Add(n)
	}
	if err := setRange(&p.X, opt.XMin, opt.XMax, opt.LogX); err != nil {
		return nil, fmt.Errorf("plots: line plot %q: x axis: %w", name, err)
	}
	if err := setRange(&p.Y, opt.YMin, opt.YMax, opt.LogY); err != nil {
		return nil, fmt.Errorf("plots: line plot %q: y axis: %w", name, err)
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
// rangePad on either side (in log space on a log axis).
func setRange(ax *plot.Axis, lo, hi float64, log bool) error {
	if lo < hi {
		ax.Min, ax.Max = lo, hi
		return nil
	}
	lo, hi = ax.Min, ax.Max
	if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmt.Errorf("no data range (%v, %v)", lo, hi)
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
	return nil
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

func (c checker) curve(cv Curve) (*curvePlotter, error) {
	c.series = cv.Name
	n := len(cv.X)
	if n == 0 {
		return nil, fmt.Errorf("plots: line plot %q: %s has no points: %w", c.plot, quotedSeries(cv.Name), ErrEmpty)
	}
	if len(cv.Y) != n {
		return nil, fmt.Errorf("plots: line plot %q: %s: %d x and %d y values", c.plot, quotedSeries(cv.Name), n, len(cv.Y))
	}
	if (cv.Lo == nil) != (cv.Hi == nil) || cv.Lo != nil && (len(cv.Lo) != n || len(cv.Hi) != n) {
		return nil, fmt.Errorf("plots: line plot %q: %s: Lo and Hi need %d values each (or both nil), got %d and %d", c.plot, quotedSeries(cv.Name), n, len(cv.Lo), len(cv.Hi))
	}
	for _, f := range []struct {
		name string
		v    []float64
		log  bool
	}{{"X", cv.X, c.logX}, {"Y", cv.Y, c.logY}, {"Lo", cv.Lo, c.logY}, {"Hi", cv.Hi, c.logY}} {
		for k, v := range f.v {
			if err := c.point(f.name, k, v, f.log); err != nil {
				return nil, err
			}
		}
	}
	if cv.Dash < Solid || cv.Dash > DashDot {
		return nil, fmt.Errorf("plots: line plot %q: %s: Dash = %d: unknown dash", c.plot, quotedSeries(cv.Name), int(cv.Dash))
	}
	if cv.Marker < NoMarker || cv.Marker > Ring {
		return nil, fmt.Errorf("plots: line plot %q: %s: Marker = %d: unknown marker", c.plot, quotedSeries(cv.Name), int(cv.Marker))
	}
	cp := &curvePlotter{c: cv}
	cp.c.X = append([]float64(nil), cv.X...)
	cp.c.Y = append([]float64(nil), cv.Y...)
	if cv.Lo != nil {
		cp.c.Lo = append([]float64(nil), cv.Lo...)
		cp.c.Hi = append([]float64(nil), cv.Hi...)
	}
	if cp.c.Color == nil {
		cp.c.Color = textColor
	}
	if cp.c.Width == 0 {
		cp.c.Width = curveWidth
	}
	if cp.c.Points && cp.c.Marker == NoMarker {
		cp.c.Marker = Circle
	}
	return cp, nil
}

func (c checker) region(r Region) (*regionPlotter, error) {
	c.series = r.Name
	if len(r.X) < 3 || len(r.Y) != len(r.X) {
		return nil, fmt.Errorf("plots: line plot %q: %s: %d x and %d y vertices: need the same number, at least 3", c.plot, quotedSeries(r.Name), len(r.X), len(r.Y))
	}
	for k := range r.X {
		if err := c.point("X", k, r.X[k], c.logX); err != nil {
			return nil, err
		}
		if err := c.point("Y", k, r.Y[k], c.logY); err != nil {
			return nil, err
		}
	}
	return &regionPlotter{Region{Name: r.Name, X: append([]float64(nil), r.X...), Y: append([]float64(nil), r.Y...), Color: r.Color}}, nil
}

// curvePlotter draws a curve's line, markers and error bars; bandOf draws its band.
type curvePlotter struct{ c Curve }

func (p *curvePlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for k, x := range p.c.X {
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, p.c.Y[k]), math.Max(ymax, p.c.Y[k])
		if p.c.Lo != nil {
			ymin = math.Min(ymin, math.Min(p.c.Lo[k], p.c.Hi[k]))
			ymax = math.Max(ymax, math.Max(p.c.Lo[k], p.c.Hi[k]))
		}
	}
	return
}

func (p *curvePlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	pts := make([]vg.Point, len(p.c.X))
	for k := range pts {
		pts[k] = vg.Point{X: trX(p.c.X[k]), Y: trY(p.c.Y[k])}
	}
	if !p.c.Points {
		c.StrokeLines(lineStyle(p.c.Color, p.c.Dash, p.c.Width), c.ClipLinesXY(pts)...)
	}
	if p.c.Points && p.c.Lo != nil {
		bar := draw.LineStyle{Color: p.c.Color, Width: errorBarWidth}
		cap := markerRadius * 0.9
		for k, pt := range pts {
			lo, hi := trY(p.c.Lo[k]), trY(p.c.Hi[k])
			c.StrokeLines(bar, c.ClipLinesXY([]vg.Point{{X: pt.X, Y: lo}, {X: pt.X, Y: hi}})...)
			for _, y := range []vg.Length{lo, hi} {
				c.StrokeLines(bar, c.ClipLinesXY([]vg.Point{{X: pt.X - cap, Y: y}, {X: pt.X + cap, Y: y}})...)
			}
		}
	}
	if p.c.Marker != NoMarker {
		g := p.c.Marker.glyph(p.c.Color)
		for _, pt := range pts {
			c.DrawGlyph(g, pt)
		}
	}
}

// bandOf draws the band of a curve with a line and a spread.
type bandOf struct{ p *curvePlotter }

func (b bandOf) Plot(c draw.Canvas, plt *plot.Plot) {
	cv := b.p.c
	if cv.Points || cv.Lo == nil {
		return
	}
	trX, trY := plt.Transforms(&c)
	n := len(cv.X)
	poly := make([]vg.Point, 0, 2*n)
	for k := 0; k < n; k++ {
		poly = append(poly, vg.Point{X: trX(cv.X[k]), Y: trY(cv.Hi[k])})
	}
	for k := n - 1; k >= 0; k-- {
		poly = append(poly, vg.Point{X: trX(cv.X[k]), Y: trY(cv.Lo[k])})
	}
	if poly = c.ClipPolygonXY(poly); len(poly) > 2 {
		c.FillPolygon(tint(cv.Color, bandAlpha), poly)
	}
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

// regionPlotter fills a polygon.
type regionPlotter struct{ r Region }

func (p *regionPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for k := range p.r.X {
		xmin, xmax = math.Min(xmin, p.r.X[k]), math.Max(xmax, p.r.X[k])
		ymin, ymax = math.Min(ymin, p.r.Y[k]), math.Max(ymax, p.r.Y[k])
	}
	return
}

func (p *regionPlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	poly := make([]vg.Point, len(p.r.X))
	for k := range poly {
		poly[k] = vg.Point{X: trX(p.r.X[k]), Y: trY(p.r.Y[k])}
	}
	if poly = c.ClipPolygonXY(poly); len(poly) > 2 {
		c.FillPolygon(p.r.Color, poly)
	}
}

// notePlotter writes a note.
type notePlotter struct{ n Note }

func (p *notePlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	n := p.n
	var at vg.Point
	if n.Relative {
		at = vg.Point{X: c.Min.X + vg.Length(n.X)*(c.Max.X-c.Min.X), Y: c.Min.Y + vg.Length(n.Y)*(c.Max.Y-c.Min.Y)}
	} else {
		trX, trY := plt.Transforms(&c)
		at = vg.Point{X: trX(n.X), Y: trY(n.Y)}
	}
	col := n.Color
	if col == nil {
		col = textColor
	}
	if n.Marker != NoMarker {
		c.DrawGlyph(n.Marker.glyph(col), at)
	}
	size := n.Size
	if size == 0 {
		size = NoteSize
	}
	sty := textStyle(sansFont, size, col, n.XAlign, n.YAlign)
	pt := at.Add(n.Offset)
	if n.Box {
		r := sty.Rectangle(n.Text)
		box := rect(pt.X+r.Min.X-noteBoxPad, pt.Y+r.Min.Y-noteBoxPad, pt.X+r.Max.X+noteBoxPad, pt.Y+r.Max.Y+noteBoxPad)
		c.FillPolygon(color.White, box)
		c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 0xbb}, Width: vg.Points(0.6)}, append(box, box[0]))
	}
	c.FillText(sty, pt, n.Text)
}

// gridPlotter draws light lines at the major ticks of both axes.
type gridPlotter struct{}

func (gridPlotter) Plot(c draw.Canvas, plt *plot.Plot) {
	ls := draw.LineStyle{Color: gridColor, Width: vg.Points(0.7)}
	trX, trY := plt.Transforms(&c)
	for _, t := range plt.X.Tick.Marker.Ticks(plt.X.Min, plt.X.Max) {
		if x := trX(t.Value); !t.IsMinor() && c.ContainsX(x) {
			c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, t := range plt.Y.Tick.Marker.Ticks(plt.Y.Min, plt.Y.Max) {
		if y := trY(t.Value); !t.IsMinor() && c.ContainsY(y) {
			c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
		}
	}
}

// lineStyle returns a line of colour col, dash d and width w.
func lineStyle(col color.Color, d Dash, w vg.Length) draw.LineStyle {
	ls := draw.LineStyle{Color: col, Width: w}
	u := max(w, 1)
	switch d {
	case Dashed:
		ls.Dashes = []vg.Length{4 * u, 2.2 * u}
	case Dotted:
		ls.Dashes = []vg.Length{0.9 * u, 1.6 * u}
	case DashDot:
		ls.Dashes = []vg.Length{4 * u, 1.6 * u, 0.9 * u, 1.6 * u}
	}
	return ls
}

// glyph returns the glyph style of marker m in colour col.
func (m Marker) glyph(col color.Color) draw.GlyphStyle {
	g := draw.GlyphStyle{Color: col, Radius: markerRadius}
	switch m {
	case Circle:
		g.Shape = draw.CircleGlyph{}
	case Square:
		g.Shape, g.Radius = draw.BoxGlyph{}, markerRadius*0.9
	case Triangle:
		g.Shape, g.Radius = draw.PyramidGlyph{}, markerRadius*1.1
	case Ring:
		g.Shape = ringGlyph{}
	}
	return g
}

// ringGlyph is a circle outline, stroked ringWidth wide inside the marker's radius:
// gonum/plot's draw.RingGlyph strokes 0.5 pt, too faint beside the lab's curves.
type ringGlyph struct{}

// ringWidth is the stroke width of a Ring marker.
const ringWidth = vg.Length(1.3)

func (ringGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: ringWidth})
	r := sty.Radius - ringWidth/2
	p := make(vg.Path, 0, 3)
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// tint returns the opaque colour of col at opacity a over white. Bands are opaque
// rather than translucent: gonum/plot v0.17.0's PDF back end writes the
// alpha-premultiplied components of a translucent colour as its RGB (vgpdf's rgba), so
// a translucent band would come out dark grey in PDF files; an opaque tint looks the
// same in every format (overlapping bands cover each other instead of blending).
func tint(col color.Color, a float64) color.Color {
	c := toNRGBA(col)
	mix := func(v uint8) uint8 { return uint8(math.Round(a*float64(v) + (1-a)*255)) }
	return color.NRGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xff}
}

// linearTicks labels about five nicely spaced values (niceTicks) with a typographic
// minus.
type linearTicks struct{}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	vals, labels := niceTicks(lo, hi, 5)
	ts := make([]plot.Tick, len(vals))
	for k, v := range vals {
		ts[k] = plot.Tick{Value: v, Label: labels[k]}
	}
	return ts
}

// logTicks labels the powers of ten in range (and 2 and 5 times them when the range
// spans less than two decades), with unlabelled minor ticks at the other multiples.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	few := math.Log10(hi)-math.Log10(lo) < 2
	var ts []plot.Tick
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || few && (m == 2 || m == 5) {
				t.Label = logLabel(m, e)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// logLabel writes m·10^e as a decimal for 10⁻⁴ ≤ value < 10⁵, else as m·10^e with a
// superscript exponent (Liberation Sans has the superscript digits 1–8 only, so other
// exponents are written 1e9).
func logLabel(m, e int) string {
	if e >= -4 && e < 5 {
		v := float64(m) * math.Pow10(e)
		dec := max(-e, 0)
		return strings.ReplaceAll(fmt.Sprintf("%.*f", dec, v), "-", "−")
	}
	sup := map[rune]rune{'1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸'}
	exp := fmt.Sprint(e)
	var b strings.Builder
	for _, r := range exp {
		s, ok := sup[r]
		if !ok {
			return strings.ReplaceAll(fmt.Sprintf("%de%d", m, e), "-", "−")
		}
		b.WriteRune(s)
	}
	if m == 1 {
		return "10" + b.String()
	}
	return fmt.Sprintf("%d×10%s", m, b.String())
}
