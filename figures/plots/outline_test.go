package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/recorder"
)

// sized gives a recorder a size, as draw.New and outlinedText need.
type sized struct{ *recorder.Canvas }

func (sized) Size() (vg.Length, vg.Length) { return 500, 500 }

// TestOutlinedText checks the glyph outlines drawn for a string of digits at 100 pt
// against the metrics of Liberation Sans (metric-compatible with Arial): the outline
// sits on the baseline, is about 0.7 em tall, and spans the measured width less the
// side bearings of its first and last glyph.
func TestOutlinedText(t *testing.T) {
	rec := &recorder.Canvas{}
	c := outlinedText{sized{rec}}
	face := plot.DefaultTextHandler.Cache().Lookup(font.From(sansFont, 100), 100)
	const s = "0123456789"
	origin := vg.Point{X: 10, Y: 20}
	c.FillString(face, origin, s)

	var fills []*recorder.Fill
	for _, a := range rec.Actions {
		if f, ok := a.(*recorder.Fill); ok {
			fills = append(fills, f)
		}
	}
	if len(fills) != 1 {
		t.Fatalf("%d fills for one string, want 1 (all glyphs in one path)", len(fills))
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	moves := 0
	for _, comp := range fills[0].Path {
		if comp.Type == vg.MoveComp {
			moves++
		}
		if comp.Type == vg.CloseComp {
			continue
		}
		minX, maxX = math.Min(minX, float64(comp.Pos.X)), math.Max(maxX, float64(comp.Pos.X))
		minY, maxY = math.Min(minY, float64(comp.Pos.Y)), math.Max(maxY, float64(comp.Pos.Y))
	}
	// Contours: 0 4 6 8 9 have two (outer and counter), 8 has three, 1 2 3 5 7 one.
	if want := 2 + 1 + 1 + 1 + 2 + 1 + 2 + 1 + 3 + 2; moves != want {
		t.Errorf("%d contours, want %d", moves, want)
	}
	width := float64(face.Width(s))
	// Side bearings of '0' and '9' are each under 0.06 em (6 pt at 100 pt).
	if w := maxX - minX; !(w > width-12 && w <= width) {
		t.Errorf("outline width %v pt, want within 12 pt below the measured width %v", w, width)
	}
	if l := minX - float64(origin.X); !(l >= 0 && l < 6) {
		t.Errorf("outline starts %v pt right of the pen, want a side bearing in [0, 6)", l)
	}
	// Digits rest on the baseline (round ones overshoot it by about 0.015 em) and are
	// 0.70 ± 0.03 em tall.
	if b := minY - float64(origin.Y); !(b > -3 && b <= 0.5) {
		t.Errorf("outline bottom %v pt from the baseline, want in (−3, 0.5]", b)
	}
	if h := maxY - minY; !(h > 67 && h < 73) {
		t.Errorf("outline height %v pt, want 0.70 ± 0.03 em = (67, 73)", h)
	}
}
