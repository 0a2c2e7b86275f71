package plots

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// drawing is what a recorder saw: strokes with the line width they were drawn at,
// fills with their colour, and strings with their position.
type drawing struct {
	strokes []stroke
	fills   []fill
	texts   map[string]vg.Point
}

type stroke struct {
	width vg.Length
	col   color.Color
	path  vg.Path
}

type fill struct {
	col  color.Color
	path vg.Path
}

// record draws p on a 500 × 500 pt recorder and returns what was drawn and the data
// area's canvas.
func record(p *plot.Plot) (drawing, draw.Canvas) {
	rec := &recorder.Canvas{}
	c := draw.New(sized{rec})
	p.Draw(c)
	return replay(rec), p.DataCanvas(c)
}

// recordFigure draws f on a 500 × 500 pt recorder and returns what was drawn.
func recordFigure(f *Figure) drawing {
	rec := &recorder.Canvas{}
	f.Draw(draw.New(sized{rec}))
	return replay(rec)
}

// replay collects a recorder's strokes, fills and strings.
func replay(rec *recorder.Canvas) drawing {
	d := drawing{texts: map[string]vg.Point{}}
	var width vg.Length
	var col color.Color
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.SetLineWidth:
			width = a.Width
		case *recorder.SetColor:
			col = a.Color
		case *recorder.Stroke:
			d.strokes = append(d.strokes, stroke{width, col, a.Path})
		case *recorder.Fill:
			d.fills = append(d.fills, fill{col, a.Path})
		case *recorder.FillString:
			d.texts[a.String] = a.Point
		}
	}
	return d
}

// TestLinePlotPlotters draws a line plot of every element on a recorder and checks
// the drawing against the plot's own transforms: error bars from Lo to Hi with caps
// errorBarCap wide, ring markers stroked ringWidth wide, a band as an opaque tint, a
// boxed note at a relative position, and no glyph boxes but the title's.
func TestLinePlotPlotters(t *testing.T) {
	red := color.NRGBA{R: 0xd5, G: 0x5e, A: 0xff}
	p, err := LinePlot([]Curve{
		{Name: "line", X: []float64{1, 10, 100}, Y: []float64{1, 2, 3}, Lo: []float64{0.5, 1.5, 2.5}, Hi: []float64{1.5, 2.5, 3.5}, Color: red},
		{Name: "points", X: []float64{3, 30}, Y: []float64{2, 2.5}, Lo: []float64{1.75, 2}, Hi: []float64{2.5, 2.75}, Points: true, Marker: Ring},
	}, LineOptions{
		Title: "all", LogX: true,
		Notes: []Note{
			{X: 0.5, Y: 0.25, Relative: true, Text: "middle", XAlign: draw.XCenter, YAlign: draw.YCenter, Box: true},
			{X: 1000, Y: 2, Text: "outside"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if bs := p.GlyphBoxes(p); len(bs) != 1 {
		t.Errorf("%d glyph boxes, want 1 (the title's): markers, lines and labels must not shrink the data area", len(bs))
	}
	d, dc := record(p)
	trX, trY := p.Transforms(&dc)
	// Transforms are a few float operations on lengths of order 500 pt: 1e-9 pt is
	// far below a pixel and far above rounding.
	const tol = 1e-9
	near := func(a, b vg.Length) bool { return scalar.EqualWithinAbs(float64(a), float64(b), tol) }

	var bars, caps, rings int
	for _, s := range d.strokes {
		switch {
		case s.width == errorBarWidth && len(s.path) == 2:
			a, b := s.path[0].Pos, s.path[1].Pos
			if near(a.X, b.X) { // a bar: find its point
				for k, x := range []float64{3, 30} {
					lo, hi := []float64{1.75, 2}[k], []float64{2.5, 2.75}[k]
					if near(a.X, trX(x)) {
						bars++
						if !near(a.Y, trY(lo)) || !near(b.Y, trY(hi)) {
							t.Errorf("error bar at x = %v from %v to %v, want %v to %v", x, a.Y, b.Y, trY(lo), trY(hi))
						}
					}
				}
			} else if near(a.Y, b.Y) {
				caps++
				if !near(b.X-a.X, errorBarCap) {
					t.Errorf("cap %v wide, want %v", b.X-a.X, errorBarCap)
				}
			}
		case s.width == ringWidth:
			rings++
		}
	}
	if bars != 2 || caps != 4 || rings != 2 {
		t.Errorf("%d error bars, %d caps, %d rings; want 2, 4, 2", bars, caps, rings)
	}

	var band, box int
	for _, f := range d.fills {
		switch f.col {
		case tint(red, bandAlpha):
			band++
			// Along Hi, then back along Lo: 6 vertices and the close.
			if len(f.path) != 7 || !near(f.path[0].Pos.Y, trY(1.5)) || !near(f.path[5].Pos.Y, trY(0.5)) {
				t.Errorf("band path %v: want 6 vertices from (1, 1.5) to (1, 0.5)", f.path)
			}
		case color.White:
			if f.path[1].Pos.X-f.path[0].Pos.X > 100 {
				continue // the plot's background
			}
			box++
			// The box is centred on the note's anchor, half-way along the log axis.
			mid := (f.path[0].Pos.X + f.path[1].Pos.X) / 2
			if !near(mid, (dc.Min.X+dc.Max.X)/2) {
				t.Errorf("box of the relative note centred at x = %v, want %v", mid, (dc.Min.X+dc.Max.X)/2)
			}
		}
	}
	if band != 1 || box != 1 {
		t.Errorf("%d bands and %d note boxes, want 1 and 1", band, box)
	}
	if _, ok := d.texts["middle"]; !ok {
		t.Error("the relative note is not drawn")
	}
	if _, ok := d.texts["outside"]; ok {
		t.Error("a note anchored outside the data area is drawn")
	}
}

// TestFromUnit checks the inverse of the axis normalisation on both scales.
func TestFromUnit(t *testing.T) {
	lin := plot.Axis{Min: -2, Max: 6, Scale: plot.LinearScale{}}
	lg := plot.Axis{Min: 1, Max: 1e4, Scale: plot.LogScale{}}
	for _, tc := range []struct {
		ax      plot.Axis
		f, want float64
	}{
		{lin, 0, -2}, {lin, 0.25, 0}, {lin, 1, 6},
		{lg, 0, 1}, {lg, 0.5, 100}, {lg, 0.75, 1000}, {lg, 1, 1e4},
	} {
		got := fromUnit(tc.ax, tc.f)
		// A power and a product: a few ulps.
		if !scalar.EqualWithinRel(got, tc.want, 1e-12) {
			t.Errorf("fromUnit(%v, %v) = %v, want %v", tc.ax.Scale, tc.f, got, tc.want)
		}
		if n := tc.ax.Norm(got); !scalar.EqualWithinAbs(n, tc.f, 1e-12) {
			t.Errorf("Norm(fromUnit(%v)) = %v", tc.f, n)
		}
	}
	if !math.IsNaN(fromUnit(lin, math.NaN())) {
		t.Error("fromUnit(NaN) is not NaN")
	}
}

// TestLinePlotConstantRange checks the range of an axis whose data have one value:
// v ± max(|v|/10, 1/2) on a linear axis, half a decade either side on a log axis.
func TestLinePlotConstantRange(t *testing.T) {
	for _, tc := range []struct{ y, lo, hi float64 }{{20, 18, 22}, {-3, -3.5, -2.5}, {0, -0.5, 0.5}} {
		p, err := LinePlot([]Curve{{X: []float64{100, 100}, Y: []float64{tc.y, tc.y}}}, LineOptions{LogX: true})
		if err != nil {
			t.Fatal(err)
		}
		// A few float operations on numbers of order 1–300: 1e-12 relative is many ulps.
		for _, v := range [][2]float64{{p.Y.Min, tc.lo}, {p.Y.Max, tc.hi}, {p.X.Min, math.Pow(10, 1.5)}, {p.X.Max, math.Pow(10, 2.5)}} {
			if !scalar.EqualWithinAbsOrRel(v[0], v[1], 1e-12, 1e-12) {
				t.Errorf("y = %v: range x [%v, %v], y [%v, %v]; want x [10^1.5, 10^2.5], y [%v, %v]", tc.y, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, tc.lo, tc.hi)
				break
			}
		}
	}
}
