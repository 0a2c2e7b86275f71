package plots

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestLinePlotErrors(t *testing.T) {
	ok := Curve{Name: "ok", X: []float64{1, 2, 3}, Y: []float64{1, 2, 3}}
	for _, tc := range []struct {
		name   string
		curves []Curve
		opt    LineOptions
		empty  bool
		point  bool // a *PointError
		want   string
		reason string
	}{
		{"nothing", nil, LineOptions{Title: "P"}, true, false, `"P": no curves`, "nothing to draw"},
		{"no points", []Curve{{Name: "c"}}, LineOptions{}, true, false, `"c" has no points`, "an empty curve"},
		{"NaN y", []Curve{{Name: "c", X: []float64{1, 2}, Y: []float64{1, math.NaN()}}}, LineOptions{Title: "P"}, false, true,
			`line plot "P": "c": Y[1] = NaN: need a finite number`, "NaN cannot be drawn"},
		{"Inf band", []Curve{{Name: "c", X: []float64{1}, Y: []float64{1}, Lo: []float64{0}, Hi: []float64{math.Inf(1)}}}, LineOptions{}, false, true,
			`Hi[0] = +Inf`, "the band is data too"},
		{"log x", []Curve{{Name: "c", X: []float64{0, 1}, Y: []float64{1, 2}}}, LineOptions{LogX: true}, false, true,
			`X[0] = 0: need a positive number on a log axis`, "log 0 is −∞"},
		{"log rule", []Curve{ok}, LineOptions{LogY: true, Rules: []Rule{{At: -1, Label: "r"}}}, false, true,
			`"rule r": At[0] = -1`, "a horizontal rule is a y value"},
		{"lengths", []Curve{{Name: "c", X: []float64{1, 2}, Y: []float64{1}}}, LineOptions{}, false, false,
			"2 x and 1 y values", "one y per x"},
		{"half band", []Curve{{Name: "c", X: []float64{1}, Y: []float64{1}, Lo: []float64{0}}}, LineOptions{}, false, false,
			"Lo and Hi need 1 values each", "a band needs both bounds"},
		{"half band (Hi)", []Curve{{Name: "c", X: []float64{1}, Y: []float64{1}, Hi: []float64{2}}}, LineOptions{}, false, false,
			"Lo and Hi need 1 values each", "a band needs both bounds"},
		{"range", []Curve{ok}, LineOptions{YMin: 2, YMax: 1}, false, false, "range [2, 1]", "Min > Max"},
		{"NaN range", []Curve{ok}, LineOptions{XMin: math.NaN()}, false, false, "range [NaN, 0]", "a range is finite"},
		{"log range", []Curve{ok}, LineOptions{LogY: true, YMin: 0, YMax: 1}, false, false, "positive range", "log axes start above 0"},
		{"dash", []Curve{{Name: "c", X: []float64{1}, Y: []float64{1}, Dash: Dash(9)}}, LineOptions{}, false, false, "Dash = 9", "unknown dash"},
		{"marker", []Curve{{Name: "c", X: []float64{1}, Y: []float64{1}, Marker: Marker(-1)}}, LineOptions{}, false, false, "Marker = -1", "unknown marker"},
		{"region", []Curve{ok}, LineOptions{Regions: []Region{{Name: "R", X: []float64{0, 1}, Y: []float64{0, 1}}}}, false, false,
			`"R": 2 x and 2 y vertices`, "a polygon has three vertices"},
		{"note", []Curve{ok}, LineOptions{Notes: []Note{{Text: "n", X: math.Inf(-1)}}}, false, false, `note "n" at (-Inf, 0)`, "a note sits somewhere"},
	} {
		p, err := LinePlot(tc.curves, tc.opt)
		if err == nil || p != nil {
			t.Errorf("%s: LinePlot = %v, %v; want an error (%s)", tc.name, p, err, tc.reason)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.want)
		}
		if errors.Is(err, ErrEmpty) != tc.empty {
			t.Errorf("%s: errors.Is(err, ErrEmpty) = %t, want %t", tc.name, !tc.empty, tc.empty)
		}
		var pe *PointError
		if errors.As(err, &pe) != tc.point {
			t.Errorf("%s: error %v: *PointError %t, want %t", tc.name, err, !tc.point, tc.point)
		}
	}
}

// TestLinePlotRanges checks the automatic ranges: the data's, padded by rangePad on
// either side (of the decades on a log axis), rules counted on their own axis only;
// and fixed ranges kept as given.
func TestLinePlotRanges(t *testing.T) {
	c := Curve{X: []float64{10, 1000}, Y: []float64{2, 4}}
	for _, tc := range []struct {
		name                   string
		opt                    LineOptions
		xmin, xmax, ymin, ymax float64
	}{
		{"linear", LineOptions{}, 10 - 0.03*990, 1000 + 0.03*990, 2 - 0.06, 4 + 0.06},
		// log10 range [1, 3], padded by 0.06 decades.
		{"log x", LineOptions{LogX: true}, math.Pow(10, 0.94), math.Pow(10, 3.06), 2 - 0.06, 4 + 0.06},
		// A horizontal rule at y = 5 widens y to [2, 5], not x.
		{"rule", LineOptions{Rules: []Rule{{At: 5}}}, 10 - 0.03*990, 1000 + 0.03*990, 2 - 0.09, 5 + 0.09},
		{"fixed", LineOptions{XMin: 0, XMax: 1, YMin: -1, YMax: 1}, 0, 1, -1, 1},
	} {
		p, err := LinePlot([]Curve{c}, tc.opt)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// Padding is a few arithmetic operations on numbers of order 1e3: 1e-9 is
		// many ulps.
		for _, v := range [][2]float64{{p.X.Min, tc.xmin}, {p.X.Max, tc.xmax}, {p.Y.Min, tc.ymin}, {p.Y.Max, tc.ymax}} {
			if !scalar.EqualWithinAbsOrRel(v[0], v[1], 1e-9, 1e-9) {
				t.Errorf("%s: range x [%v, %v], y [%v, %v]; want x [%v, %v], y [%v, %v]", tc.name,
					p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, tc.xmin, tc.xmax, tc.ymin, tc.ymax)
				break
			}
		}
	}
}

func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string // the labelled ticks
		reason string
	}{
		{0.05, 20, "0.1 1 10", "decades only over more than two decades"},
		{100, 1e6, "100 1000 10000 10⁵ 10⁶", "superscript exponents from 10⁵"},
		{2, 50, "2 5 10 20 50", "1, 2 and 5 per decade over less than two decades"},
		{1e-6, 1e-5, "1e−6 2e−6 5e−6 1e−5", "no superscript minus in the font"},
	} {
		var got []string
		for _, tk := range (logTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			if tk.Value < tc.lo*(1-1e-9) || tk.Value > tc.hi*(1+1e-9) {
				t.Errorf("[%v, %v]: tick %v outside the range", tc.lo, tc.hi, tk.Value)
			}
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("[%v, %v]: labels %q, want %q (%s)", tc.lo, tc.hi, s, tc.want, tc.reason)
		}
	}
}

func TestLinearTicks(t *testing.T) {
	var got []string
	for _, tk := range (linearTicks{}).Ticks(-0.62, 1.08) {
		got = append(got, tk.Label)
	}
	// Range 1.7 over 4 intervals: step 0.5 (Heckbert), labels with a typographic minus.
	if s := strings.Join(got, " "); s != "−0.5 0.0 0.5 1.0" {
		t.Errorf("labels %q, want %q", s, "−0.5 0.0 0.5 1.0")
	}
}

// TestFigurePanelSize checks that a figure with PanelWidth and PanelHeight draws every
// panel's data area at that size, and leaves room for its legend below.
func TestFigurePanelSize(t *testing.T) {
	mk := func(title string, log bool) *plot.Plot {
		p, err := LinePlot([]Curve{{X: []float64{1, 10, 100}, Y: []float64{-1, 0, 2}}}, LineOptions{Title: title, XLabel: "x", YLabel: "y", LogX: log})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	legend := []LegendEntry{{Label: "a"}, {Label: "b", Swatch: SwatchBand}, {Label: "c", Swatch: SwatchPatch, NewRow: true}}
	f, err := NewFigure([][]*plot.Plot{{mk("one", false), mk("two, with ĉ1", true)}, {mk("three", true), nil}},
		FigureOptions{Title: "T", PanelWidth: 200, PanelHeight: 120, Legend: legend})
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Size()
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	cs := f.layout(c)
	for i, row := range f.panels {
		for j, p := range row {
			if p == nil {
				continue
			}
			d := p.DataCanvas(cs[i][j])
			// Size iterates to 1e-6 pt; 1e-5 leaves room for rounding.
			if !scalar.EqualWithinAbs(float64(d.Max.X-d.Min.X), 200, 1e-5) || !scalar.EqualWithinAbs(float64(d.Max.Y-d.Min.Y), 120, 1e-5) {
				t.Errorf("panel (%d, %d): data area %v × %v, want 200 × 120", i, j, d.Max.X-d.Min.X, d.Max.Y-d.Min.Y)
			}
			if d.Min.Y < f.footer() {
				t.Errorf("panel (%d, %d): data area reaches down to %v, into the legend (height %v)", i, j, d.Min.Y, f.footer())
			}
		}
	}
	if got := len(f.legend.rows); got != 2 {
		t.Errorf("legend has %d rows, want 2 (NewRow starts the second)", got)
	}
	// A subtitle wider than the grid widens the canvas, not the data areas.
	long := strings.Repeat("a long subtitle ", 40)
	g, err := NewFigure([][]*plot.Plot{{mk("p", false)}}, FigureOptions{Subtitle: long, PanelWidth: 200, PanelHeight: 120})
	if err != nil {
		t.Fatal(err)
	}
	gw, gh := g.Size()
	_, sub := g.titleStyle()
	// Size's fixed-point iteration stops within 1e-6 pt; 1e-5 leaves room for rounding.
	if gw < sub.Width(long)+2*figureMargin-1e-5 {
		t.Errorf("canvas %v wide for a subtitle of %v", gw, sub.Width(long))
	}
	d := g.panels[0][0].DataCanvas(g.layout(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: gw, Y: gh}}})[0][0])
	if !scalar.EqualWithinAbs(float64(d.Max.X-d.Min.X), 200, 1e-5) {
		t.Errorf("data area %v wide under a long subtitle, want 200", d.Max.X-d.Min.X)
	}
	for _, tc := range []struct {
		opt  FigureOptions
		want string
	}{
		{FigureOptions{PanelWidth: 100}, "PanelHeight = 0"},
		{FigureOptions{PanelWidth: 100, PanelHeight: vg.Length(math.Inf(1))}, "PanelHeight = +Inf"},
		{FigureOptions{Legend: []LegendEntry{{}}}, "legend entry 0 has no label"},
		{FigureOptions{Legend: []LegendEntry{{Label: "x", Swatch: Swatch(7)}}}, "Swatch = 7"},
	} {
		if _, err := NewFigure([][]*plot.Plot{{mk("p", false)}}, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewFigure(%+v) error %v, want one containing %q", tc.opt, err, tc.want)
		}
	}
}

func TestPairIndex(t *testing.T) {
	// The pairs i ≤ j of m states are ranked 0 … m(m+1)/2 − 1 in row order, each once,
	// and {i, j} and {j, i} share a rank.
	for _, m := range []int{1, 3, 5} {
		k := 0
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				if got := pairIndex(i, j, m); got != k {
					t.Errorf("m = %d: pairIndex(%d, %d) = %d, want %d", m, i, j, got, k)
				}
				if pairIndex(j, i, m) != pairIndex(i, j, m) {
					t.Errorf("m = %d: pairIndex(%d, %d) ≠ pairIndex(%d, %d)", m, j, i, i, j)
				}
				k++
			}
		}
	}
}

func TestHeatmapZeroHasNoSign(t *testing.T) {
	f, err := formatter("%+.3f", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{{-1e-17, "0.000"}, {1e-17, "0.000"}, {-0.0004, "0.000"}, {-0.0006, "−0.001"}, {0.002, "+0.002"}} {
		if got := f(tc.v); got != tc.want {
			t.Errorf("format(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
