package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is a titled grid of plots drawn on one canvas, with the data areas of all
// panels equally sized and aligned (plot.Align). It shares its panels with the caller,
// who must not change them after NewFigure.
type Figure struct {
	title, subtitle string
	panels          [][]*plot.Plot
	rows, cols      int
	unit            vg.Length
	xUnits, yUnits  float64   // data extent of a panel, the largest over the panels
	dataW, dataH    vg.Length // size of every panel's data area at Size
	legend          *legendBlock
	// extra is added to the left and right margins when the title, the subtitle or a
	// legend row is wider than the grid of panels, so that no text is cut off.
	extra vg.Length
}

// FigureOptions describe a Figure.
type FigureOptions struct {
	Title    string // above the grid
	Subtitle string // below the title; may have several lines
	// Unit is the canvas length of one data unit, in both directions: the side of a
	// heatmap's cell. Zero means CellSize of the largest data extent of a panel, which
	// for a heatmap includes its colour bar. Unit is not used when PanelWidth and
	// PanelHeight are set.
	Unit vg.Length
	// PanelWidth and PanelHeight, when both positive, fix the size of every panel's data
	// area instead of Unit: for line plots, whose data units are steps or probabilities.
	PanelWidth, PanelHeight vg.Length
	// Legend is drawn below the panels in centred rows (LegendEntry.NewRow starts
	// one), for keys that several panels share.
	Legend []LegendEntry
}

// Spacing of a figure's grid.
const (
	figureMargin = vg.Length(14) // around the grid
	panelGapX    = vg.Length(26) // between columns of panels
	panelGapY    = vg.Length(22) // between rows of panels
	titleGap     = vg.Length(6)  // below the title and the subtitle
)

// NewFigure returns a figure of the row-major grid of panels; a nil panel leaves its
// tile empty. It returns an error wrapping ErrEmpty when there is no panel at all, and an
// error for ragged rows or a negative Unit.
func NewFigure(panels [][]*plot.Plot, opt FigureOptions) (*Figure, error) {
	f := &Figure{title: opt.Title, subtitle: opt.Subtitle, rows: len(panels), unit: opt.Unit}
	if f.rows > 0 {
		f.cols = len(panels[0])
	}
	f.panels = make([][]*plot.Plot, f.rows)
	found := false
	for i, row := range panels {
		if len(row) != f.cols {
			return nil, fmt.Errorf("plots: figure %q: row %d has %d panels, row 0 has %d", opt.Title, i, len(row), f.cols)
		}
		f.panels[i] = append([]*plot.Plot(nil), row...)
		for _, p := range row {
			if p == nil {
				continue
			}
			found = true
			f.xUnits = math.Max(f.xUnits, p.X.Max-p.X.Min)
			f.yUnits = math.Max(f.yUnits, p.Y.Max-p.Y.Min)
		}
	}
	if !found {
		return nil, fmt.Errorf("plots: figure %q: no panels: %w", opt.Title, ErrEmpty)
	}
	if !(f.xUnits > 0 && f.yUnits > 0) || math.IsInf(f.xUnits, 0) || math.IsInf(f.yUnits, 0) {
		return nil, fmt.Errorf("plots: figure %q: panels with data extent %v×%v: need positive, finite ranges", opt.Title, f.xUnits, f.yUnits)
	}
	switch {
	case opt.Unit < 0 || math.IsNaN(float64(opt.Unit)):
		return nil, fmt.Errorf("plots: figure %q: Unit = %v: need a positive length", opt.Title, opt.Unit)
	case opt.Unit == 0:
		f.unit = CellSize(int(math.Ceil(math.Max(f.xUnits, f.yUnits))))
	}
	f.dataW, f.dataH = f.unit*vg.Length(f.xUnits), f.unit*vg.Length(f.yUnits)
	if opt.PanelWidth != 0 || opt.PanelHeight != 0 {
		if !(opt.PanelWidth > 0 && opt.PanelHeight > 0) || math.IsInf(float64(opt.PanelWidth+opt.PanelHeight), 0) {
			return nil, fmt.Errorf("plots: figure %q: PanelWidth = %v, PanelHeight = %v: need two positive, finite lengths", opt.Title, opt.PanelWidth, opt.PanelHeight)
		}
		f.dataW, f.dataH = opt.PanelWidth, opt.PanelHeight
	}
	if len(opt.Legend) > 0 {
		lb, err := newLegendBlock(opt.Legend)
		if err != nil {
			return nil, fmt.Errorf("plots: figure %q: %w", opt.Title, err)
		}
		f.legend = lb
	}
	if w, _ := f.Size(); w < f.textWidth() {
		f.extra = (f.textWidth() - w) / 2
	}
	return f, nil
}

// textWidth returns the width the figure's title, subtitle and legend rows need,
// margins included.
func (f *Figure) textWidth() vg.Length {
	title, sub := f.titleStyle()
	var w vg.Length
	if f.title != "" {
		w = title.Width(f.title)
	}
	if f.subtitle != "" {
		w = max(w, sub.Width(f.subtitle))
	}
	if f.legend != nil {
		for _, row := range f.legend.rows {
			w = max(w, f.legend.rowWidth(row))
		}
	}
	return w + 2*figureMargin
}

// CellSize returns the side of a heatmap cell for an m×m matrix: a matrix about 190 pt
// (6.7 cm) wide, with cells no larger than 48 pt (a value at AnnotationSize fits) and no
// smaller than 3 pt.
func CellSize(m int) vg.Length {
	if m < 1 {
		m = 1
	}
	return min(max(vg.Length(190)/vg.Length(m), 3), 48)
}

// Title returns the figure's title.
func (f *Figure) Title() string { return f.title }

// Unit returns the canvas length of one data unit.
func (f *Figure) Unit() vg.Length { return f.unit }

func (f *Figure) titleStyle() (title, sub draw.TextStyle) {
	return textStyle(sansFont, FigureTitleSize, textColor, draw.XCenter, draw.YTop),
		textStyle(sansFont, SubtitleSize, mutedColor, draw.XCenter, draw.YTop)
}

// header returns the height of the title block.
func (f *Figure) header() vg.Length {
	title, sub := f.titleStyle()
	var h vg.Length
	if f.title != "" {
		h += title.Height(f.title) + titleGap
	}
	if f.subtitle != "" {
		h += sub.Height(f.subtitle) + titleGap
	}
	return h
}

func (f *Figure) tiles() draw.Tiles {
	return draw.Tiles{
		Rows: f.rows, Cols: f.cols,
		PadX: panelGapX, PadY: panelGapY,
		PadTop: figureMargin, PadBottom: figureMargin, PadLeft: figureMargin + f.extra, PadRight: figureMargin + f.extra,
	}
}

// footer returns the height of the legend block below the panels.
func (f *Figure) footer() vg.Length {
	if f.legend == nil {
		return 0
	}
	return f.legend.height()
}

// layout returns the canvases of the panels on c, below the title block and above the
// legend.
func (f *Figure) layout(c draw.Canvas) [][]draw.Canvas {
	body := draw.Crop(c, 0, 0, f.footer(), -f.header())
	return plot.Align(f.panels, f.tiles(), body)
}

// Size returns the canvas size at which every panel's data area is Unit × (its x range)
// wide and Unit × (its y range) tall, so that heatmap cells are squares of side Unit,
// or PanelWidth × PanelHeight when those are set.
func (f *Figure) Size() (w, h vg.Length) {
	wantW, wantH := f.dataW, f.dataH
	w = vg.Length(f.cols) * (wantW + 150)
	h = vg.Length(f.rows)*(wantH+100) + f.header() + f.footer()
	// The space around the data areas is almost independent of the canvas size (it is
	// text and padding), so this fixed-point iteration converges in one or two steps.
	for range 10 {
		gotW, gotH := f.dataSize(w, h)
		dw, dh := wantW-gotW, wantH-gotH
		w += vg.Length(f.cols) * dw
		h += vg.Length(f.rows) * dh
		if math.Abs(float64(dw)) < 1e-6 && math.Abs(float64(dh)) < 1e-6 {
			break
		}
	}
	return w, h
}

// dataSize returns the common data-area size of the panels on a w×h canvas.
func (f *Figure) dataSize(w, h vg.Length) (vg.Length, vg.Length) {
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	cs := f.layout(c)
	for i, row := range f.panels {
		for j, p := range row {
			if p != nil {
				d := p.DataCanvas(cs[i][j])
				return d.Max.X - d.Min.X, d.Max.Y - d.Min.Y
			}
		}
	}
	panic("plots: figure without panels") // NewFigure refuses it
}

// Draw draws the figure on c: a white background, the title block and the panels.
func (f *Figure) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	title, sub := f.titleStyle()
	x, y := c.Center().X, c.Max.Y-figureMargin/2
	if f.title != "" {
		c.FillText(title, vg.Point{X: x, Y: y}, f.title)
		y -= title.Height(f.title) + titleGap
	}
	if f.subtitle != "" {
		c.FillText(sub, vg.Point{X: x, Y: y}, f.subtitle)
	}
	cs := f.layout(c)
	for i, row := range f.panels {
		for j, p := range row {
			if p != nil {
				p.Draw(cs[i][j])
			}
		}
	}
	if f.legend != nil {
		f.legend.draw(c, c.Min.Y+figureMargin/2)
	}
}
