package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
