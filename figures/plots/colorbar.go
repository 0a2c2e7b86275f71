package plots

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colorBar draws a colour map as a vertical bar at data coordinates [x0, x1]×[y0, y1]
// with labelled ticks to its right. It reports the labels' widths as glyph boxes, so the
// plot leaves room for them on the right.
type colorBar struct {
	cmap           *colorMap
	x0, x1, y0, y1 float64
	ticks          []float64
	labels         []string
	style          text.Style
}

const (
	colorBarTick = vg.Length(3.5) // tick mark length
	colorBarPad  = vg.Length(2.5) // between a tick mark and its label
	// colorBarSeam is how far each slice of the bar reaches under the next one, so that
	// anti-aliasing shows no seams between slices.
	colorBarSeam = vg.Length(0.4)
)

// newColorBar returns the colour bar of a rows×cols matrix drawn by matrixGrid: as tall
// as the matrix, a gap and a width that grow with the number of columns.
func newColorBar(cmap *colorMap, rows, cols int) *colorBar {
	gap := math.Max(0.3, 0.04*float64(cols))
	width := math.Max(0.28, 0.06*float64(cols))
	b := &colorBar{
		cmap:  cmap,
		x0:    float64(cols) - 0.5 + gap,
		y0:    -0.5,
		y1:    float64(rows) - 0.5,
		style: textStyle(sansFont, ColorBarSize, textColor, draw.XLeft, draw.YCenter),
	}
	b.x1 = b.x0 + width
	b.ticks, b.labels = niceTicks(cmap.lo, cmap.hi, 5)
	return b
}

func (b *colorBar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return b.x0, b.x1, b.y0, b.y1
}

// y returns the data y of value v on the bar.
func (b *colorBar) y(v float64) float64 {
	return b.y0 + (v-b.cmap.lo)/(b.cmap.hi-b.cmap.lo)*(b.y1-b.y0)
}

func (b *colorBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x0, x1 := trX(b.x0), trX(b.x1)
	n := len(b.cmap.colors)
	half := (b.cmap.hi - b.cmap.lo) / float64(n-1) / 2
	top := trY(b.y1)
	for k, col := range b.cmap.colors {
		// Slice k holds the values whose nearest sample is k (colorMap.index).
		v := b.cmap.lo + (b.cmap.hi-b.cmap.lo)*float64(k)/float64(n-1)
		lo := trY(b.y(math.Max(v-half, b.cmap.lo)))
		hi := min(trY(b.y(math.Min(v+half, b.cmap.hi)))+colorBarSeam, top)
		c.FillPolygon(col, []vg.Point{{X: x0, Y: lo}, {X: x1, Y: lo}, {X: x1, Y: hi}, {X: x0, Y: hi}})
	}
	edge := draw.LineStyle{Color: color.Gray{Y: 0x80}, Width: vg.Points(0.6)}
	bottom := trY(b.y0)
	c.StrokeLines(edge, []vg.Point{{X: x0, Y: bottom}, {X: x1, Y: bottom}, {X: x1, Y: top}, {X: x0, Y: top}, {X: x0, Y: bottom}})
	tick := draw.LineStyle{Color: textColor, Width: vg.Points(0.7)}
	for k, v := range b.ticks {
		y := trY(b.y(v))
		c.StrokeLine2(tick, x1, y, x1+colorBarTick, y)
		c.FillText(b.style, vg.Point{X: x1 + colorBarTick + colorBarPad, Y: y}, b.labels[k])
	}
}

func (b *colorBar) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(b.ticks))
	for k, v := range b.ticks {
		// Zero height: a label at an end of the bar may overhang the data area by half
		// its height, rather than move the data area and the x axis of this panel
		// away from those of its neighbours.
		w := b.style.Width(b.labels[k])
		boxes[k] = plot.GlyphBox{X: p.X.Norm(b.x1), Y: p.Y.Norm(b.y(v)), Rectangle: vg.Rectangle{
			Min: vg.Point{X: colorBarTick + colorBarPad},
			Max: vg.Point{X: colorBarTick + colorBarPad + w},
		}}
	}
	return boxes
}

// niceTicks returns tick values in [lo, hi] about (hi − lo)/(target − 1) apart, at a
// step of 1, 2 or 5 times a power of ten rounded from that spacing (Heckbert, "Nice
// numbers for graph labels", Graphics Gems, 1990), and their labels with the decimals
// the step needs and a typographic minus.
func niceTicks(lo, hi float64, target int) ([]float64, []string) {
	raw := (hi - lo) / float64(target-1)
	e := int(math.Floor(math.Log10(raw)))
	var m float64
	switch f := raw / math.Pow10(e); {
	case f < 1.5:
		m = 1
	case f < 3:
		m = 2
	case f < 7:
		m = 5
	default:
		m, e = 1, e+1
	}
	step, dec := m*math.Pow10(e), -e
	dec = max(dec, 0)
	var ticks []float64
	var labels []string
	// 1e-9 steps of slack keep an end of the range that is a multiple of step.
	for k := math.Ceil(lo/step - 1e-9); k <= math.Floor(hi/step+1e-9); k++ {
		v := k * step
		if v == 0 {
			v = 0 // no negative zero
		}
		ticks = append(ticks, v)
		labels = append(labels, strings.ReplaceAll(strconv.FormatFloat(v, 'f', dec, 64), "-", "−"))
	}
	return ticks, labels
}
