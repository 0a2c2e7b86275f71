package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colors is a fixed list of colours as a palette.Palette.
type colors []color.Color

func (c colors) Colors() []color.Color { return c }

func paletteOf(c []color.Color) colors { return colors(c) }

// cellText writes one string in the centre of each cell of a row-major matrix drawn by
// matrixGrid. The font shrinks from AnnotationSize so that the widest string fills at
// most cellFill of a cell; below minAnnotationSize nothing is written.
type cellText struct {
	rows, cols int
	text       []string // row-major
	color      []color.Color
}

const (
	cellFill          = 0.84
	minAnnotationSize = 4
)

func (t *cellText) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cw, ch := trX(1)-trX(0), trY(1)-trY(0)
	sty := textStyle(sansFont, AnnotationSize, textColor, draw.XCenter, draw.YCenter)
	var wide vg.Length
	for _, s := range t.text {
		wide = max(wide, sty.Width(s))
	}
	size := AnnotationSize
	if wide > cellFill*cw {
		size = size * cellFill * cw / wide
	}
	if h := sty.Height("0"); h*size/AnnotationSize > cellFill*ch {
		size = cellFill * ch / h * AnnotationSize
	}
	if size < minAnnotationSize {
		return
	}
	sty = textStyle(sansFont, size, textColor, draw.XCenter, draw.YCenter)
	for k, s := range t.text {
		i, j := k/t.cols, k%t.cols
		sty.Color = t.color[k]
		c.FillText(sty, vg.Point{X: trX(float64(j)), Y: trY(float64(t.rows - 1 - i))}, s)
	}
}

// cellSeparators draws thin white lines between the cells of a rows×cols matrix.
type cellSeparators struct{ rows, cols int }

func (s *cellSeparators) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := min(vg.Points(1.5), 0.05*(trX(1)-trX(0)), 0.05*(trY(1)-trY(0)))
	ls := draw.LineStyle{Color: color.White, Width: w}
	x0, x1 := trX(-0.5), trX(float64(s.cols)-0.5)
	y0, y1 := trY(-0.5), trY(float64(s.rows)-0.5)
	for j := 1; j < s.cols; j++ {
		x := trX(float64(j) - 0.5)
		c.StrokeLine2(ls, x, y0, x, y1)
	}
	for i := 1; i < s.rows; i++ {
		y := trY(float64(i) - 0.5)
		c.StrokeLine2(ls, x0, y, x1, y)
	}
}

// matrixTitle writes a title centred over a matrix's columns, rather than over the whole
// plot as plot.Plot's Title is, which the colour bar would push off-centre. It reserves
// its height above the data area through a glyph box of zero width, so it may overhang
// the axis area on its left without moving the data area.
type matrixTitle struct {
	text  string
	x     float64 // data x of the centre of the columns
	style text.Style
}

const titlePad = vg.Length(7) // between the title and the data area

func newMatrixTitle(s string, cols int) *matrixTitle {
	return &matrixTitle{
		text:  s,
		x:     float64(cols-1) / 2,
		style: textStyle(sansFont, PanelTitleSize, textColor, draw.XCenter, draw.YBottom),
	}
}

func (t *matrixTitle) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	c.FillText(t.style, vg.Point{X: trX(t.x), Y: c.Max.Y + titlePad}, t.text)
}

func (t *matrixTitle) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	r := t.style.Rectangle(t.text)
	return []plot.GlyphBox{{
		X: p.X.Norm(t.x), Y: 1,
		Rectangle: vg.Rectangle{Min: vg.Point{Y: r.Min.Y + titlePad}, Max: vg.Point{Y: r.Max.Y + titlePad}},
	}}
}
