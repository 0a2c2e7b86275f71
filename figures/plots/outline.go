package plots

import (
	"errors"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// outlinedText wraps a vector canvas so that text is drawn as filled glyph outlines of
// its font rather than as text. gonum/plot's PDF back end can only encode text in
// Windows-1252, which has no π, ρ, α, β, ᵀ or −, and an SVG viewer without Liberation
// Sans substitutes a font with other widths; outlines look the same everywhere.
// Glyph placement follows font.Face.Width exactly (advances and kerning in font units),
// so centred and right-aligned text lands where gonum/plot measured it.
type outlinedText struct{ vg.CanvasSizer }

func (c outlinedText) FillString(f font.Face, pt vg.Point, s string) {
	var (
		buf   sfnt.Buffer
		upem  = f.Face.UnitsPerEm()
		ppem  = fixed.Int26_6(upem) // glyph coordinates in font units, as font.Face.Width
		scale = f.Font.Size / vg.Length(upem)
		x     fixed.Int26_6 // pen position, font units
		prev  sfnt.GlyphIndex
		path  vg.Path
		open  bool
	)
	at := func(p fixed.Point26_6) vg.Point {
		// sfnt's y axis points down.
		return vg.Point{X: pt.X + vg.Length(x+p.X)*scale, Y: pt.Y - vg.Length(p.Y)*scale}
	}
	for k, r := range []rune(s) {
		idx, err := f.Face.GlyphIndex(&buf, r)
		if err != nil {
			continue // font.Face.Width panics first; unreachable from a drawn plot
		}
		if k > 0 {
			kern, err := f.Face.Kern(&buf, prev, idx, ppem, xfont.HintingNone)
			if err == nil {
				x += kern
			} else if !errors.Is(err, sfnt.ErrNotFound) {
				continue
			}
		}
		adv, err := f.Face.GlyphAdvance(&buf, idx, ppem, xfont.HintingNone)
		if err != nil {
			continue
		}
		segs, err := f.Face.LoadGlyph(&buf, idx, ppem, nil)
		if err == nil {
			for _, sg := range segs {
				switch sg.Op {
				case sfnt.SegmentOpMoveTo:
					if open {
						path.Close()
					}
					path.Move(at(sg.Args[0]))
					open = true
				case sfnt.SegmentOpLineTo:
					path.Line(at(sg.Args[0]))
				case sfnt.SegmentOpQuadTo:
					path.QuadTo(at(sg.Args[0]), at(sg.Args[1]))
				case sfnt.SegmentOpCubeTo:
					path.CubeTo(at(sg.Args[0]), at(sg.Args[1]), at(sg.Args[2]))
				}
			}
		}
		x += adv
		prev = idx
	}
	if open {
		path.Close()
		c.Fill(path)
	}
}
