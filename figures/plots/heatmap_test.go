package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// emptyMatrix is a mat.Matrix with no entries (gonum's own types refuse 0×0).
type emptyMatrix struct{}

func (emptyMatrix) Dims() (int, int)    { return 0, 0 }
func (emptyMatrix) At(int, int) float64 { panic("no entries") }
func (emptyMatrix) T() mat.Matrix       { return emptyMatrix{} }

func TestHeatmapErrors(t *testing.T) {
	good := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	withValue := func(i, j int, v float64) mat.Matrix {
		d := mat.DenseCopyOf(good)
		d.Set(i, j, v)
		return d
	}
	for _, tc := range []struct {
		name   string
		data   mat.Matrix
		opt    HeatmapOptions
		reason string
		want   string // in the message
		// when set, a *ValueError with this entry is wanted
		value      bool
		row, col   int
		empty      bool
		checkValue func(float64) bool
	}{
		{name: "NaN", data: withValue(1, 0, math.NaN()), opt: HeatmapOptions{Title: "ρ"}, value: true, row: 1, col: 0,
			checkValue: math.IsNaN, want: `"ρ": entry (1, 0) = NaN`, reason: "NaN has no colour"},
		{name: "+Inf", data: withValue(0, 1, math.Inf(1)), value: true, row: 0, col: 1,
			checkValue: func(v float64) bool { return math.IsInf(v, 1) }, want: "+Inf", reason: "an infinite value breaks the range"},
		{name: "-Inf", data: withValue(1, 1, math.Inf(-1)), value: true, row: 1, col: 1,
			checkValue: func(v float64) bool { return math.IsInf(v, -1) }, want: "-Inf", reason: "an infinite value breaks the range"},
		{name: "nil", data: nil, empty: true, want: "nil matrix", reason: "nothing to draw"},
		{name: "0x0", data: emptyMatrix{}, opt: HeatmapOptions{Title: "c1"}, empty: true, want: `"c1": 0×0 matrix`, reason: "nothing to draw"},
		{name: "row names", data: good, opt: HeatmapOptions{RowNames: []string{"a"}}, want: "1 row names for 2 rows", reason: "one name per row"},
		{name: "column names", data: good, opt: HeatmapOptions{ColNames: []string{"a", "b", "c"}}, want: "3 column names for 2 columns", reason: "one name per column"},
		{name: "format", data: good, opt: HeatmapOptions{Format: "%d"}, want: `format "%d"`, reason: "%d does not print a float64"},
		{name: "format extra", data: good, opt: HeatmapOptions{Format: "value"}, want: `format "value"`, reason: "a format without a verb"},
		{name: "range", data: good, opt: HeatmapOptions{Scale: ColorScale{Min: 2, Max: 1}}, want: "Min = 2 > Max = 1", reason: "an empty colour range"},
		{name: "NaN range", data: good, opt: HeatmapOptions{Scale: ColorScale{Min: math.NaN(), Max: 1}}, want: "Min = NaN", reason: "a NaN bound"},
		{name: "center", data: good, opt: HeatmapOptions{Scale: ColorScale{Kind: Diverging, Center: 5, Min: 0, Max: 4}}, want: "Center = 5 outside", reason: "the neutral colour must be in the range"},
		{name: "annotate", data: good, opt: HeatmapOptions{Annotate: 9}, want: "Annotate = 9", reason: "no such mode"},
		{name: "kind", data: good, opt: HeatmapOptions{Scale: ColorScale{Kind: 7}}, want: "ScaleKind(7)", reason: "no such scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Heatmap(tc.data, tc.opt)
			if err == nil {
				t.Fatalf("Heatmap returned a plot, want an error (%s)", tc.reason)
			}
			if p != nil {
				t.Errorf("Heatmap returned a plot with its error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if got := errors.Is(err, ErrEmpty); got != tc.empty {
				t.Errorf("errors.Is(err, ErrEmpty) = %t, want %t", got, tc.empty)
			}
			var ve *ValueError
			if got := errors.As(err, &ve); got != tc.value {
				t.Fatalf("errors.As(err, *ValueError) = %t, want %t", got, tc.value)
			}
			if tc.value && (ve.Row != tc.row || ve.Col != tc.col || !tc.checkValue(ve.Value)) {
				t.Errorf("ValueError at (%d, %d) = %v, want (%d, %d)", ve.Row, ve.Col, ve.Value, tc.row, tc.col)
			}
		})
	}
}

// render draws a single heatmap as a 1×1 figure into a PNG at dpi and returns the image
// and a function giving the colour at a point of a cell: (di, dj) in cell units from the
// centre of cell (i, j), rows counted from the top.
func render(t *testing.T, p *plot.Plot, rows int, dpi int) (image.Image, func(i, j int, di, dj float64) color.NRGBA) {
	t.Helper()
	f, err := NewFigure([][]*plot.Plot{{p}}, FigureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, f, "png", dpi); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Size()
	dc := p.DataCanvas(f.layout(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}})[0][0])
	trX, trY := p.Transforms(&dc)
	px := float64(dpi) / 72 // pixels per point
	at := func(i, j int, di, dj float64) color.NRGBA {
		x := float64(trX(float64(j)+dj)) * px
		y := float64(img.Bounds().Dy()) - float64(trY(float64(rows-1-i)-di))*px
		return color.NRGBAModel.Convert(img.At(int(x), int(y))).(color.NRGBA)
	}
	return img, at
}

// near reports whether two colours differ by at most tol in every 8-bit channel.
func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && a.A == b.A
}

// TestHeatmapCellColours renders heatmaps and reads the colour of every cell back from
// the PNG, away from its text: row 0 must be on top, and the ends and the centre of the
// scales must have the published colours of the palettes.
func TestHeatmapCellColours(t *testing.T) {
	// Published colours. ColorBrewer YlGnBu (9 classes): lightest #ffffd9, darkest
	// #081d58. Moreland, "Diverging Color Maps for Scientific Visualization" (2009), cool
	// to warm: (59, 76, 192), neutral (221, 221, 221), (180, 4, 38).
	var (
		ylgnbuLight = color.NRGBA{0xff, 0xff, 0xd9, 0xff}
		ylgnbuDark  = color.NRGBA{0x08, 0x1d, 0x58, 0xff}
		cool        = color.NRGBA{59, 76, 192, 0xff}
		neutral     = color.NRGBA{221, 221, 221, 0xff}
		warm        = color.NRGBA{180, 4, 38, 0xff}
	)
	// Tolerance: one 8-bit step for the rounding of the published 8-bit values and of
	// the CIELAB/Msh round trips; anti-aliasing does not reach 0.3 cell from an edge.
	const tol = 1
	for _, tc := range []struct {
		name   string
		data   *mat.Dense
		scale  ColorScale
		want   map[[2]int]color.NRGBA // cell (i, j) → colour
		reason string
	}{
		{
			name: "sequential", data: mat.NewDense(2, 3, []float64{0, 5, 5, 5, 5, 10}),
			want:   map[[2]int]color.NRGBA{{0, 0}: ylgnbuLight, {1, 2}: ylgnbuDark},
			reason: "the smallest value is the lightest colour, the largest the darkest, and row 0 is the top row",
		},
		{
			name: "diverging", data: mat.NewDense(2, 3, []float64{-2, 0, 1, 0, 0, 2}), scale: DivergingScale(0),
			want:   map[[2]int]color.NRGBA{{0, 0}: cool, {0, 1}: neutral, {1, 0}: neutral, {1, 2}: warm},
			reason: "the centre is neutral and ±max|v − c| are the map's ends",
		},
		{
			name: "diverging around 1", data: mat.NewDense(2, 2, []float64{1, 1.5, 2, 1}), scale: DivergingScale(1),
			want:   map[[2]int]color.NRGBA{{0, 0}: neutral, {1, 1}: neutral, {1, 0}: warm},
			reason: "ρ's scale: 1 is neutral; data above it only, so the bar starts at the neutral colour",
		},
		{
			name: "fixed range", data: mat.NewDense(1, 3, []float64{-5, 0.5, 7}), scale: ColorScale{Min: 0, Max: 1},
			want:   map[[2]int]color.NRGBA{{0, 0}: ylgnbuLight, {0, 2}: ylgnbuDark},
			reason: "values outside a fixed range take the end colours",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Heatmap(tc.data, HeatmapOptions{Scale: tc.scale})
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := tc.data.Dims()
			_, at := render(t, p, rows, 72)
			for ij, want := range tc.want {
				// Upper-left quarter of the cell: clear of the centred text and the separators.
				if got := at(ij[0], ij[1], -0.3, -0.3); !near(got, want, tol) {
					t.Errorf("cell %v = %v, want %v within %d (%s)", ij, got, want, tol, tc.reason)
				}
			}
		})
	}
}

// TestHeatmapCopiesInput checks that Heatmap keeps no reference to its input: changing
// the matrix afterwards does not change the picture.
func TestHeatmapCopiesInput(t *testing.T) {
	d := mat.NewDense(2, 2, []float64{0, 1, 2, 3})
	p, err := Heatmap(d, HeatmapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, at := render(t, p, 2, 72)
	before := at(0, 0, -0.3, -0.3)
	d.Set(0, 0, 3)
	_, at = render(t, p, 2, 72)
	if after := at(0, 0, -0.3, -0.3); after != before {
		t.Errorf("cell (0, 0) changed from %v to %v after the input changed", before, after)
	}
}

func TestContrastText(t *testing.T) {
	for _, tc := range []struct {
		bg     color.Color
		want   color.Color
		reason string
	}{
		{color.White, textColor, "dark text on white"},
		{color.Black, color.White, "white text on black"},
		{color.NRGBA{0xff, 0xff, 0xd9, 0xff}, textColor, "YlGnBu's lightest colour is light"},
		{color.NRGBA{0x08, 0x1d, 0x58, 0xff}, color.White, "YlGnBu's darkest colour is dark"},
		{color.NRGBA{221, 221, 221, 0xff}, textColor, "the cool-warm neutral grey is light"},
		{color.NRGBA{180, 4, 38, 0xff}, color.White, "the cool-warm red end is dark"},
	} {
		if got := contrastText(tc.bg); got != tc.want {
			t.Errorf("contrastText(%v) = %v, want %v: %s", tc.bg, got, tc.want, tc.reason)
		}
	}
}

func TestAutoDecimals(t *testing.T) {
	for _, tc := range []struct {
		big    float64
		want   int
		reason string
	}{
		{0.143, 3, "c1's largest entry: 0.143"},
		{1.222, 2, "ρ's largest entry: 1.22"},
		{12.2, 1, "12.2"},
		{122, 0, "122"},
		{12345, 0, "never negative"},
		{0.999, 3, "just below 1: 0.999"},
		{1e-9, 6, "at most 6 decimals"},
		{0, 2, "an all-zero matrix: 0.00"},
	} {
		if got := autoDecimals(tc.big); got != tc.want {
			t.Errorf("autoDecimals(%v) = %d, want %d: %s", tc.big, got, tc.want, tc.reason)
		}
	}
}

func TestFormatter(t *testing.T) {
	f, err := formatter("", []float64{-0.0867, 0.1433})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f(-0.0867), "−0.087"; got != want {
		t.Errorf("auto format of −0.0867 = %q, want %q (three significant digits of 0.143, typographic minus)", got, want)
	}
	f, err = formatter("%.1e", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f(0.00122), "1.2e−03"; got != want {
		t.Errorf("%%.1e of 0.00122 = %q, want %q", got, want)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string
		reason string
	}{
		{0.0867, 0.1433, []string{"0.09", "0.10", "0.11", "0.12", "0.13", "0.14"}, "c1 and c2 of the toy: spacing 0.014 rounds to 0.01"},
		{0.2, 0.5, []string{"0.2", "0.3", "0.4", "0.5"}, "A of the toy: 0.075 rounds to 0.1, ends included"},
		{0.8667, 1.2222, []string{"0.9", "1.0", "1.1", "1.2"}, "ρ of the toy: 0.089 rounds to 0.1"},
		{-0.12, 0.12, []string{"−0.10", "−0.05", "0.00", "0.05", "0.10"}, "signed: 0.06 rounds to 0.05, zero without a sign"},
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}, "0.25 rounds to 0.2"},
		{0, 7, []string{"0", "2", "4", "6"}, "integers: 1.75 rounds to 2"},
		{0, 1000, []string{"0", "200", "400", "600", "800", "1000"}, "250 rounds to 200, no decimals"},
		{-3, -1, []string{"−3.0", "−2.5", "−2.0", "−1.5", "−1.0"}, "all negative: 0.5 steps"},
	} {
		vals, labels := niceTicks(tc.lo, tc.hi, 5)
		if strings.Join(labels, " ") != strings.Join(tc.want, " ") {
			t.Errorf("niceTicks(%v, %v) labels = %q, want %q: %s", tc.lo, tc.hi, labels, tc.want, tc.reason)
		}
		for _, v := range vals {
			if v < tc.lo || v > tc.hi {
				t.Errorf("niceTicks(%v, %v) gave %v outside the range", tc.lo, tc.hi, v)
			}
		}
	}
}

func TestScaleRange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scale  ColorScale
		vals   []float64
		lo, hi float64
		reason string
	}{
		{"sequential", SequentialScale(), []float64{0.3, 0.1, 0.2}, 0.1, 0.3, "the data's range"},
		{"fixed", ColorScale{Min: 0, Max: 1}, []float64{0.3, 0.1}, 0, 1, "Min < Max fixes the range"},
		{"constant", SequentialScale(), []float64{4, 4}, 2, 6, "v ± |v|/2"},
		{"constant zero", SequentialScale(), []float64{0, 0}, -0.5, 0.5, "v ± 1/2 at v = 0"},
		{"diverging", DivergingScale(1), []float64{0.87, 1.22}, 0.87, 1.22, "the data's range contains the centre"},
		{"diverging above", DivergingScale(0), []float64{0.1, 0.12}, 0, 0.12, "extended down to the centre"},
		{"diverging constant", DivergingScale(1), []float64{1, 1}, 0, 2, "c ± 1"},
	} {
		m, err := tc.scale.resolve(tc.vals)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// Exact: the ends are data values or sums of two of them.
		if m.lo != tc.lo || m.hi != tc.hi {
			t.Errorf("%s: range [%v, %v], want [%v, %v]: %s", tc.name, m.lo, m.hi, tc.lo, tc.hi, tc.reason)
		}
	}
}

// TestHeatmapAnnotateModes checks when the cells carry their values: AnnotateAuto up to
// MaxAnnotated rows and columns, AnnotateAlways and AnnotateNever whatever the size.
func TestHeatmapAnnotateModes(t *testing.T) {
	filled := func(n int) *mat.Dense {
		m := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				m.Set(i, j, 0.1234)
			}
		}
		m.Set(0, 0, 0.9) // a range for the colour scale
		return m
	}
	small, big := filled(2), filled(MaxAnnotated+1)
	for _, tc := range []struct {
		name string
		data *mat.Dense
		mode Annotate
		want bool
	}{
		{"auto, small", small, AnnotateAuto, true},
		{"auto, largest annotated", filled(MaxAnnotated), AnnotateAuto, true},
		{"auto, large", big, AnnotateAuto, false},
		{"always, large", big, AnnotateAlways, true},
		{"never, small", small, AnnotateNever, false},
	} {
		p, err := Heatmap(tc.data, HeatmapOptions{Annotate: tc.mode, Format: "%.4f"})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := record(p)
		if _, ok := d.texts["0.1234"]; ok != tc.want {
			t.Errorf("%s: values written %t, want %t", tc.name, ok, tc.want)
		}
	}
}

// TestCellSeparatorWidth checks the white lines between cells: 5 % of the narrower
// side of a cell, at most 1.5 pt, here on cells much taller than wide.
func TestCellSeparatorWidth(t *testing.T) {
	p, err := Heatmap(mat.NewDense(2, 30, nil), HeatmapOptions{Annotate: AnnotateNever})
	if err != nil {
		t.Fatal(err)
	}
	d, dc := record(p)
	trX, trY := p.Transforms(&dc)
	cw, ch := trX(1)-trX(0), trY(1)-trY(0)
	if !(ch > 2*cw && 0.05*cw < 1.5) {
		t.Fatalf("cells %v × %v pt: want tall cells narrower than 30 pt", cw, ch)
	}
	want := 0.05 * cw
	lines := 0
	for _, s := range d.strokes {
		if s.col == color.White {
			lines++
			if s.width != want {
				t.Errorf("separator %v wide, want %v", s.width, want)
				break
			}
		}
	}
	if lines != 29+1 {
		t.Errorf("%d separators, want 29 between the columns and 1 between the rows", lines)
	}
}

// zeroRows is a 0×3 matrix, which mat.Dense cannot be.
type zeroRows struct{}

func (zeroRows) Dims() (r, c int)    { return 0, 3 }
func (zeroRows) At(i, j int) float64 { panic("zeroRows has no entries") }
func (z zeroRows) T() mat.Matrix     { return mat.Transpose{Matrix: z} }

// TestHeatmapNoRows checks that a matrix with no rows but some columns is empty data.
func TestHeatmapNoRows(t *testing.T) {
	for _, m := range []mat.Matrix{zeroRows{}, zeroRows{}.T()} {
		r, c := m.Dims()
		p, err := Heatmap(m, HeatmapOptions{Title: "none"})
		if p != nil || !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), fmt.Sprintf("%d×%d matrix", r, c)) {
			t.Errorf("%d×%d: Heatmap = %v, %v; want an error wrapping ErrEmpty", r, c, p, err)
		}
	}
}

// TestColorMapIndex checks the nearest-sample rule: over [0, 1] with 5 colours the
// samples sit at k/4, and a value takes the nearest, ends clamped.
func TestColorMapIndex(t *testing.T) {
	m := &colorMap{lo: 0, hi: 1, colors: make([]color.Color, 5)}
	for _, tc := range []struct {
		v    float64
		want int
	}{{-1, 0}, {0, 0}, {0.12, 0}, {0.13, 1}, {0.5, 2}, {0.6, 2}, {0.63, 3}, {1, 4}, {2, 4}} {
		if got := m.index(tc.v); got != tc.want {
			t.Errorf("index(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
}

// TestColorBarGap checks where the colour bar starts: a gap of max(0.3, 0.04·cols)
// cell widths right of the matrix's last column, whose centre is cols − 1.
func TestColorBarGap(t *testing.T) {
	m := &colorMap{lo: 0, hi: 1, colors: make([]color.Color, 5)}
	for _, tc := range []struct {
		cols int
		want float64
	}{{3, 2.5 + 0.3}, {30, 29.5 + 1.2}} {
		// One sum of numbers of order 1–30: 1e-12 is many ulps.
		if b := newColorBar(m, 2, tc.cols); !scalar.EqualWithinAbs(b.x0, tc.want, 1e-12) {
			t.Errorf("%d columns: bar starts at x = %v, want %v", tc.cols, b.x0, tc.want)
		}
	}
}
