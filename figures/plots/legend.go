package plots

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Swatch is the small drawing left of a legend entry's label.
type Swatch int

const (
	SwatchLine  Swatch = iota // a line in the entry's colour and dash
	SwatchBand                // a line over a light band of its colour (a mean and its spread)
	SwatchPoint               // the entry's marker
	SwatchPatch               // a filled rectangle (a region)
)

// LegendEntry is one key of a figure's legend.
type LegendEntry struct {
	Label  string
	Color  color.Color // nil: near-black
	Swatch Swatch
	Dash   Dash   // SwatchLine and SwatchBand
	Marker Marker // SwatchPoint; NoMarker draws a circle
	// NewRow starts a new row of the legend with this entry.
	NewRow bool
}

// Legend geometry.
const (
	swatchWidth  = vg.Length(26)
	swatchGap    = vg.Length(6)  // between the swatch and its label
	legendColGap = vg.Length(20) // between entries of a row
	legendRowPad = vg.Length(5)  // added to the text height per row
	legendTop    = vg.Length(4)  // above the first row
)

// legendBlock lays out legend entries in rows, each row centred.
type legendBlock struct {
	rows  [][]LegendEntry
	rowH  vg.Length
	style draw.TextStyle
}

func newLegendBlock(entries []LegendEntry) (*legendBlock, error) {
	b := &legendBlock{style: textStyle(sansFont, LegendSize, textColor, draw.XLeft, draw.YCenter)}
	for k, e := range entries {
		if e.Label == "" {
			return nil, errors.New("legend entry " + fmt.Sprint(k) + " has no label")
		}
		if e.Swatch < SwatchLine || e.Swatch > SwatchPatch {
			return nil, fmt.Errorf("legend entry %q: Swatch = %d: unknown swatch", e.Label, int(e.Swatch))
		}
		if k == 0 || e.NewRow {
			b.rows = append(b.rows, nil)
		}
		b.rows[len(b.rows)-1] = append(b.rows[len(b.rows)-1], e)
		b.rowH = max(b.rowH, b.style.Height(e.Label)+legendRowPad)
	}
	return b, nil
}

// height is the block's height including the margin below it.
func (b *legendBlock) height() vg.Length {
	return legendTop + vg.Length(len(b.rows))*b.rowH + figureMargin/2
}

// entryWidth is the width of an entry: swatch, gap and label.
func (b *legendBlock) entryWidth(e LegendEntry) vg.Length {
	return swatchWidth + swatchGap + b.style.Width(e.Label)
}

// rowWidth is the width of a row of entries.
func (b *legendBlock) rowWidth(row []LegendEntry) vg.Length {
	var w vg.Length
	for k, e := range row {
		if k > 0 {
			w += legendColGap
		}
		w += b.entryWidth(e)
	}
	return w
}

// draw draws the block centred on c, its bottom row's lower edge at bottom. Rows are
// centred one by one, except that a legend of one entry per row is drawn as a
// left-aligned column, centred as a whole.
func (b *legendBlock) draw(c draw.Canvas, bottom vg.Length) {
	top := bottom + vg.Length(len(b.rows))*b.rowH
	column := true
	var widest vg.Length
	for _, row := range b.rows {
		column = column && len(row) == 1
		widest = max(widest, b.rowWidth(row))
	}
	for r, row := range b.rows {
		x := c.Center().X - b.rowWidth(row)/2
		if column {
			x = c.Center().X - widest/2
		}
		y := top - (vg.Length(r)+0.5)*b.rowH
		for _, e := range row {
			drawSwatch(c, e, x, y)
			c.FillText(b.style, vg.Point{X: x + swatchWidth + swatchGap, Y: y}, e.Label)
			x += b.entryWidth(e) + legendColGap
		}
	}
}

// drawSwatch draws e's swatch in the box [x, x+swatchWidth] centred vertically at y.
func drawSwatch(c draw.Canvas, e LegendEntry, x, y vg.Length) {
	col := e.Color
	if col == nil {
		col = textColor
	}
	half := vg.Length(5)
	switch e.Swatch {
	case SwatchLine:
		c.StrokeLine2(lineStyle(col, e.Dash, curveWidth), x, y, x+swatchWidth, y)
	case SwatchBand:
		c.FillPolygon(tint(col, bandAlpha), rect(x, y-half, x+swatchWidth, y+half))
		c.StrokeLine2(lineStyle(col, e.Dash, curveWidth), x, y, x+swatchWidth, y)
	case SwatchPoint:
		m := e.Marker
		if m == NoMarker {
			m = Circle
		}
		cx := x + swatchWidth/2
		c.DrawGlyphNoClip(m.glyph(col), vg.Point{X: cx, Y: y})
	case SwatchPatch:
		c.FillPolygon(col, rect(x, y-half-1, x+swatchWidth, y+half+1))
		c.StrokeLines(draw.LineStyle{Color: regionEdge, Width: vg.Points(0.5)},
			append(rect(x, y-half-1, x+swatchWidth, y+half+1), vg.Point{X: x, Y: y - half - 1}))
	}
}

// rect returns the corners of [x0, x1]×[y0, y1], counter-clockwise.
func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}
