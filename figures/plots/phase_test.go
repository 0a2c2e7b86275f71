package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/infonce-lab/infonce-lab/feature"
)

// expectedPhase classifies (α, β) with package feature's own predicates, independently
// of the half-plane construction of PhaseRegions.
func expectedPhase(s *feature.Space, a, b float64) Phase {
	m := s.Len()
	switch neg := len(s.NegativeTargetPairs(a, b)); {
	case s.Collapses(a, b):
		return PhaseCollapse
	case neg == m*(m+1)/2:
		return PhaseNegativeAll
	case neg > 0:
		return PhaseNegativeSome
	case feature.Drift(a, b) > 0:
		return PhaseTighten
	}
	return PhaseSpread
}

// inside reports whether (x, y) is inside the convex polygon r by more than tol (the
// sign of every edge's cross product, for either orientation), and whether it is
// within tol of its boundary.
func inside(r PhaseRegion, x, y, tol float64) (in, edge bool) {
	n := len(r.Alpha)
	pos, neg := true, true
	for k := 0; k < n; k++ {
		x0, y0 := r.Alpha[k], r.Beta[k]
		x1, y1 := r.Alpha[(k+1)%n], r.Beta[(k+1)%n]
		l := math.Hypot(x1-x0, y1-y0)
		if l == 0 {
			continue
		}
		d := ((x1-x0)*(y-y0) - (y1-y0)*(x-x0)) / l // signed distance to the edge's line
		if math.Abs(d) <= tol {
			edge = true
		}
		pos = pos && d > tol
		neg = neg && d < -tol
	}
	return pos || neg, edge
}

// TestPhaseRegionsMatchFeature checks on a grid of (α, β) that exactly one region of
// PhaseRegions contains each point and that its phase is the one feature's criteria
// (Collapses, NegativeTargetPairs, Drift) give, and that the regions' areas add up to
// the window's: the diagram is computed from feature, not drawn by hand.
func TestPhaseRegionsMatchFeature(t *testing.T) {
	for _, tc := range []struct {
		name           string
		s              *feature.Space
		a0, a1, b0, b1 float64
	}{
		{"toy, α ≥ 0", feature.Toy(), 0, 2.4, -0.8, 0.8},
		{"toy, both signs of α", feature.Toy(), -1.5, 3, -2, 2},
		{"random space", randomSpace(t, 4, 9), -1, 4, -1.5, 2.5},
		{"far right: negative targets below the line", feature.Toy(), 6, 12, 4, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			regions := PhaseRegions(tc.s, tc.a0, tc.a1, tc.b0, tc.b1)
			var area float64
			for _, r := range regions {
				v := make([]vec2, len(r.Alpha))
				for k := range v {
					v[k] = vec2{r.Alpha[k], r.Beta[k]}
				}
				area += polygonArea(v)
			}
			// The pieces tile the window: areas agree to rounding of the clipping.
			want := (tc.a1 - tc.a0) * (tc.b1 - tc.b0)
			if !scalar.EqualWithinRel(area, want, 1e-9) {
				t.Errorf("regions cover %v of the window's %v", area, want)
			}
			const steps = 97 // a prime, so grid points rarely sit on a boundary
			const tol = 1e-9 // points this close to an edge are skipped: their phase is a matter of rounding
			checked := 0
			for i := 0; i <= steps; i++ {
				a := tc.a0 + (tc.a1-tc.a0)*(float64(i)+0.31)/(steps+1)
				for j := 0; j <= steps; j++ {
					b := tc.b0 + (tc.b1-tc.b0)*(float64(j)+0.57)/(steps+1)
					var hits []Phase
					onEdge := false
					for _, r := range regions {
						in, edge := inside(r, a, b, tol)
						onEdge = onEdge || edge
						if in {
							hits = append(hits, r.Phase)
						}
					}
					if onEdge {
						continue
					}
					checked++
					want := expectedPhase(tc.s, a, b)
					if len(hits) != 1 || hits[0] != want {
						t.Errorf("(α, β) = (%.4f, %.4f): in regions %v, want exactly phase %v", a, b, hits, want)
					}
				}
			}
			if checked < steps*steps/2 {
				t.Errorf("only %d grid points checked", checked)
			}
		})
	}
}

// TestPhaseRegionsToy checks the toy's collapse boundary β = ρ_min α − 1 against
// docs/theory.md §4 (ρ_min = 0.866667): in the window [0, 2.4] × [−0.8, 0.8] it enters at
// β = −0.8, α = 0.2/ρ_min, and leaves at β = 0.8, α = 1.8/ρ_min.
func TestPhaseRegionsToy(t *testing.T) {
	const rhoMin = 0.866667
	for _, r := range PhaseRegions(feature.Toy(), 0, 2.4, -0.8, 0.8) {
		if r.Phase != PhaseCollapse {
			continue
		}
		for _, v := range [][2]float64{{0.2 / rhoMin, -0.8}, {1.8 / rhoMin, 0.8}} {
			found := false
			for k := range r.Alpha {
				// ρ_min printed to 6 decimals: α = c/ρ_min is known to c·5e-7/ρ_min² < 2e-6.
				if scalar.EqualWithinAbs(r.Alpha[k], v[0], 2e-6) && scalar.EqualWithinAbs(r.Beta[k], v[1], 1e-12) {
					found = true
				}
			}
			if !found {
				t.Errorf("collapse region %v, %v lacks vertex %v", r.Alpha, r.Beta, v)
			}
		}
		return
	}
	t.Error("no collapse region on the toy")
}

func TestPhaseDiagramErrors(t *testing.T) {
	toy := feature.Toy()
	for _, tc := range []struct {
		s    *feature.Space
		opt  PhaseOptions
		want string
	}{
		{nil, PhaseOptions{AlphaMax: 1, BetaMax: 1}, "nil feature space"},
		{toy, PhaseOptions{AlphaMin: 1, AlphaMax: 1, BetaMax: 1}, "need Min < Max"},
		{toy, PhaseOptions{AlphaMax: math.NaN(), BetaMax: 1}, "need finite bounds"},
		{toy, PhaseOptions{AlphaMax: 1, BetaMax: 1, Points: []PhasePoint{{Label: "X", Alpha: math.Inf(1)}}}, `point "X"`},
	} {
		if f, err := PhaseDiagram(tc.s, tc.opt); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PhaseDiagram(%+v) = %v, %v; want an error containing %q", tc.opt, f, err, tc.want)
		}
	}
}

func TestHalfPlaneClip(t *testing.T) {
	square := []vec2{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
	for _, tc := range []struct {
		h    halfPlane
		area float64
	}{
		{halfPlane{1, 0, 0.25}, 0.25},  // x ≤ 1/4
		{halfPlane{-1, -1, -1}, 0.5},   // x + y ≥ 1: the upper triangle
		{halfPlane{0, 1, 2}, 1},        // y ≤ 2: everything
		{halfPlane{1, 1, -1}, 0},       // x + y ≤ −1: nothing
		{halfPlane{1, -1, 0.5}, 0.875}, // x − y ≤ 1/2: all but a corner of area 1/8
	} {
		// Areas of rational polygons: exact up to rounding.
		if got := polygonArea(tc.h.clip(square)); !scalar.EqualWithinAbs(got, tc.area, 1e-15) {
			t.Errorf("%+v: area %v, want %v", tc.h, got, tc.area)
		}
	}
}
