package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/infonce-lab/infonce-lab/feature"
)

// PhasePoint is a labelled (α, β) setting of the phase diagram.
type PhasePoint struct {
	Label       string
	Alpha, Beta float64
	// LabelLeft writes the label left of the point rather than right of it.
	LabelLeft bool
}

// PhaseOptions describe a PhaseDiagram: the window [AlphaMin, AlphaMax] ×
// [BetaMin, BetaMax] (each Min < Max) and the settings to mark.
type PhaseOptions struct {
	AlphaMin, AlphaMax, BetaMin, BetaMax float64
	Points                               []PhasePoint
	Title, Subtitle                      string
}

// Phase names a region of the (α, β) plane of SC-InfoNCE (docs/theory.md §4).
type Phase int

const (
	// PhaseCollapse: the collapsed configuration is stationary, α ρ_ij ≥ 1 + β for
	// every pair (R2, feature.Space.Collapses).
	PhaseCollapse Phase = iota
	// PhaseTighten: α − β > 1 (every similarity drifts up, R1), no collapse, T2 ≥ 0.
	PhaseTighten
	// PhaseSpread: α − β < 1 (every similarity drifts down), no collapse, T2 ≥ 0.
	PhaseSpread
	// PhaseNegativeSome: T2_ij < 0 (β > α ρ_ij) for some but not all pairs.
	PhaseNegativeSome
	// PhaseNegativeAll: T2_ij < 0 for every pair.
	PhaseNegativeAll
	numPhases
)

// phaseStyle is the fill and the legend text of each phase.
var phaseStyle = [numPhases]struct {
	fill  color.Color
	label string
}{
	PhaseCollapse:     {color.NRGBA{R: 0xe7, G: 0x8f, B: 0x7a, A: 0xff}, "collapse stationary (R2): αρ_ij ≥ 1 + β for all pairs"},
	PhaseTighten:      {color.NRGBA{R: 0xfb, G: 0xdc, B: 0xc8, A: 0xff}, "α − β > 1: similarities drift up"},
	PhaseSpread:       {color.NRGBA{R: 0xd0, G: 0xe4, B: 0xf1, A: 0xff}, "α − β < 1: similarities drift down"},
	PhaseNegativeSome: {color.NRGBA{R: 0xdc, G: 0xd6, B: 0xea, A: 0xff}, "T2 < 0 for some pairs (β > αρ_ij)"},
	PhaseNegativeAll:  {color.NRGBA{R: 0xaa, G: 0xa2, B: 0xc0, A: 0xff}, "T2 < 0 for all pairs"},
}

// PhaseRegion is one convex piece of a phase inside the window, as polygon vertices.
type PhaseRegion struct {
	Phase       Phase
	Alpha, Beta []float64
}

// PhaseRegions returns the phases of s's (α, β) plane inside the window
// [a0, a1] × [b0, b1] as convex polygons, computed from s's ρ range
// (feature.Space.RhoRange): for α ≥ 0 the smallest α ρ_ij is α ρ_min and the largest α
// ρ_max (for α < 0 the other way round), so with m(α) = min_ij αρ_ij and M(α) =
// max_ij αρ_ij every phase is an intersection of half-planes on each side of α = 0:
//
//	collapse (R2)        β ≤ m(α) − 1
//	T2 < 0 for all       β > M(α)
//	T2 < 0 for some      m(α) < β ≤ M(α)
//	drift up / down      m(α) − 1 < β ≤ m(α) and β < α − 1 / β > α − 1
//
// The pieces do not overlap and cover the window. It panics if a0 ≥ a1 or b0 ≥ b1.
func PhaseRegions(s *feature.Space, a0, a1, b0, b1 float64) []PhaseRegion {
	if !(a0 < a1 && b0 < b1) {
		panic(fmt.Sprintf("plots: PhaseRegions window [%v, %v] × [%v, %v]: need Min < Max", a0, a1, b0, b1))
	}
	rlo, rhi := s.RhoRange()
	var out []PhaseRegion
	// Each side of α = 0 separately: there m(α) = r_m α and M(α) = r_M α.
	for _, side := range []struct{ lo, hi, rm, rM float64 }{
		{a0, math.Min(a1, 0), rhi, rlo}, // α ≤ 0: min_ij αρ_ij = α ρ_max
		{math.Max(a0, 0), a1, rlo, rhi}, // α ≥ 0: min_ij αρ_ij = α ρ_min
	} {
		if !(side.lo < side.hi) {
			continue
		}
		box := []vec2{{side.lo, b0}, {side.hi, b0}, {side.hi, b1}, {side.lo, b1}}
		// Half-planes a·α + b·β ≤ c.
		collapse := halfPlane{-side.rm, 1, -1} // β ≤ r_m α − 1
		above := halfPlane{side.rm, -1, 1}     // β ≥ r_m α − 1
		notNeg := halfPlane{-side.rm, 1, 0}    // β ≤ r_m α
		neg := halfPlane{side.rm, -1, 0}       // β ≥ r_m α
		notAll := halfPlane{-side.rM, 1, 0}    // β ≤ r_M α
		all := halfPlane{side.rM, -1, 0}       // β ≥ r_M α
		up := halfPlane{-1, 1, -1}             // β ≤ α − 1
		down := halfPlane{1, -1, 1}            // β ≥ α − 1
		for _, ph := range []struct {
			phase Phase
			hs    []halfPlane
		}{
			{PhaseCollapse, []halfPlane{collapse}},
			{PhaseTighten, []halfPlane{above, notNeg, up}},
			{PhaseSpread, []halfPlane{above, notNeg, down}},
			{PhaseNegativeSome, []halfPlane{neg, notAll}},
			{PhaseNegativeAll, []halfPlane{all}},
		} {
			poly := box
			for _, h := range ph.hs {
				poly = h.clip(poly)
			}
			if polygonArea(poly) <= 1e-12*(a1-a0)*(b1-b0) {
				continue
			}
			r := PhaseRegion{Phase: ph.phase}
			for _, v := range poly {
				r.Alpha, r.Beta = append(r.Alpha, v.x), append(r.Beta, v.y)
			}
			out = append(out, r)
		}
	}
	return out
}

// PhaseDiagram returns the (α, β) phase diagram of SC-InfoNCE on s (docs/theory.md §4):
// filled regions of PhaseRegions, the attainable line α − β = 1 (R1), and the labelled
// points of opt. It returns an error for an empty or non-finite window or a non-finite
// point.
func PhaseDiagram(s *feature.Space, opt PhaseOptions) (*Figure, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: phase diagram of a nil feature space: %w", ErrEmpty)
	}
	for _, v := range []float64{opt.AlphaMin, opt.AlphaMax, opt.BetaMin, opt.BetaMax} {
		if !finite(v) {
			return nil, fmt.Errorf("plots: phase diagram window [%v, %v] × [%v, %v]: need finite bounds", opt.AlphaMin, opt.AlphaMax, opt.BetaMin, opt.BetaMax)
		}
	}
	if !(opt.AlphaMin < opt.AlphaMax && opt.BetaMin < opt.BetaMax) {
		return nil, fmt.Errorf("plots: phase diagram window [%v, %v] × [%v, %v]: need Min < Max on both axes", opt.AlphaMin, opt.AlphaMax, opt.BetaMin, opt.BetaMax)
	}
	a0, a1, b0, b1 := opt.AlphaMin, opt.AlphaMax, opt.BetaMin, opt.BetaMax
	var regions []Region
	used := [numPhases]bool{}
	for _, r := range PhaseRegions(s, a0, a1, b0, b1) {
		regions = append(regions, Region{Name: phaseStyle[r.Phase].label, X: r.Alpha, Y: r.Beta, Color: phaseStyle[r.Phase].fill})
		used[r.Phase] = true
	}
	// The attainable line β = α − 1 across the window.
	la0, la1 := math.Max(a0, b0+1), math.Min(a1, b1+1)
	var curves []Curve
	if la0 < la1 {
		curves = append(curves, Curve{Name: "α − β = 1", X: []float64{la0, la1}, Y: []float64{la0 - 1, la1 - 1}, Color: textColor, Width: 2.2})
	}
	var notes []Note
	for _, pt := range opt.Points {
		if !finite(pt.Alpha) || !finite(pt.Beta) {
			return nil, fmt.Errorf("plots: phase diagram point %q at (α, β) = (%v, %v): need finite numbers", pt.Label, pt.Alpha, pt.Beta)
		}
		n := Note{X: pt.Alpha, Y: pt.Beta, Text: pt.Label, Marker: Circle, Box: true,
			XAlign: draw.XLeft, YAlign: draw.YCenter, Offset: vg.Point{X: 9}, Size: AxisLabelSize - 1}
		if pt.LabelLeft {
			n.XAlign, n.Offset = draw.XRight, vg.Point{X: -9}
		}
		notes = append(notes, n)
	}
	p, err := LinePlot(curves, LineOptions{
		XLabel: "α (scale)", YLabel: "β (bias)",
		XMin: a0, XMax: a1, YMin: b0, YMax: b1,
		Regions: regions, Notes: notes,
		Rules: []Rule{{At: 0, Color: color.Gray{Y: 0x99}, Width: 0.6}, {Vertical: true, At: 0, Color: color.Gray{Y: 0x99}, Width: 0.6}},
	})
	if err != nil {
		return nil, err
	}
	var legend []LegendEntry
	for ph := Phase(0); ph < numPhases; ph++ {
		if used[ph] {
			legend = append(legend, LegendEntry{Label: phaseStyle[ph].label, Color: phaseStyle[ph].fill, Swatch: SwatchPatch, NewRow: true})
		}
	}
	legend = append(legend, LegendEntry{Label: "α − β = 1: T2 attainable (R1)", Color: textColor, Swatch: SwatchLine, NewRow: true})
	return NewFigure([][]*plot.Plot{{p}}, FigureOptions{
		Title: opt.Title, Subtitle: opt.Subtitle,
		PanelWidth: 420, PanelHeight: 300,
		Legend: legend,
	})
}

// vec2 is a point of the (α, β) plane.
type vec2 struct{ x, y float64 }

// halfPlane is {(x, y): a·x + b·y ≤ c}.
type halfPlane struct{ a, b, c float64 }

func (h halfPlane) value(v vec2) float64 { return h.a*v.x + h.b*v.y - h.c }

// clip returns the convex polygon poly cut to h (Sutherland–Hodgman, one edge).
func (h halfPlane) clip(poly []vec2) []vec2 {
	var out []vec2
	for k, cur := range poly {
		prev := poly[(k+len(poly)-1)%len(poly)]
		fc, fp := h.value(cur), h.value(prev)
		if fc <= 0 {
			if fp > 0 {
				out = append(out, cut(prev, cur, fp, fc))
			}
			out = append(out, cur)
		} else if fp <= 0 {
			out = append(out, cut(prev, cur, fp, fc))
		}
	}
	return out
}

// cut returns the point of segment p→q where the half-plane function, fp at p and fq
// at q of opposite signs, is zero.
func cut(p, q vec2, fp, fq float64) vec2 {
	t := fp / (fp - fq)
	return vec2{p.x + t*(q.x-p.x), p.y + t*(q.y-p.y)}
}

// polygonArea returns the area of a simple polygon (shoelace formula, absolute value).
func polygonArea(poly []vec2) float64 {
	var a float64
	for k, v := range poly {
		w := poly[(k+1)%len(poly)]
		a += v.x*w.y - w.x*v.y
	}
	return math.Abs(a) / 2
}
