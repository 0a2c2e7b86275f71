package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
)

// The fixtures below are small synthetic data sets, shared with the golden images.

// convergenceFixture returns two panels of three pairs over 11 steps, approaching
// their targets exponentially, with bands, optima and final values.
func convergenceFixture() []ConvergencePanel {
	var panels []ConvergencePanel
	for k, title := range []string{"first", "second"} {
		var traces []PairTrace
		for n, p := range []feature.Pair{{I: 0, J: 0}, {I: 0, J: 1}, {I: 1, J: 1}} {
			target := 0.9 + 0.15*float64(n)
			tr := PairTrace{I: p.I, J: p.J, Target: target, Optimum: target + 0.03*float64(k),
				Final: target + 0.01, FinalLo: target, FinalHi: target + 0.02}
			for s := 0; s <= 10; s++ {
				v := target + (1-target)*math.Exp(-float64(s)/2)
				tr.Steps = append(tr.Steps, float64(10*s))
				tr.Mean, tr.Lo, tr.Hi = append(tr.Mean, v), append(tr.Lo, v-0.02), append(tr.Hi, v+0.02)
			}
			traces = append(traces, tr)
		}
		panels = append(panels, ConvergencePanel{Title: title, Traces: traces, Note: "note\nsecond line", NoteAt: Corner(k),
			Rules: []Rule{{At: 0.8, Label: "rule"}}})
	}
	return panels
}

var convergenceOptions = ConvergenceOptions{Title: "Convergence", YLabel: "P × N", States: []string{"a", "b"},
	MeanLabel: "mean", TargetLabel: "target", OptimumLabel: "optimum", FinalLabel: "final", PanelWidth: 150, PanelHeight: 100}

func temperatureFixture() TemperatureData {
	taus := []float64{0.1, 0.5, 1, 5, 10}
	return TemperatureData{
		Tau:     taus,
		Gaps:    []TemperatureGap{{Dim: 2, Gap: []float64{0.08, 0.08, 0.079, 0.06, 0.09}}, {Dim: 3, Gap: []float64{0.04, 0.04, 0.04, 0.04, 0.08}}},
		CosDim:  3,
		Cosines: []TemperatureCosine{{I: 0, J: 1, Cos: []float64{0.98, 0.9, 0.8, 0.0, -0.3}}, {I: 0, J: 2, Cos: []float64{0.97, 0.85, 0.7, -0.5, -0.9}}},
		TauStar: 7, Title: "Temperature",
	}
}

func monteCarloFixture() MonteCarloData {
	n := []float64{100, 1000, 10000, 100000}
	d := MonteCarloData{Draws: n, ZRule: 3, Title: "Monte Carlo", MidLabel: "median", BandLabel: "min–max"}
	for _, x := range n {
		e := 0.4 / math.Sqrt(x)
		d.MaxErr.Mid, d.MaxErr.Lo, d.MaxErr.Hi = append(d.MaxErr.Mid, e), append(d.MaxErr.Lo, e/2), append(d.MaxErr.Hi, 2*e)
		d.MeanSE.Mid = append(d.MeanSE.Mid, 0.25/math.Sqrt(x))
		d.MaxZ.Mid, d.MaxZ.Lo, d.MaxZ.Hi = append(d.MaxZ.Mid, 1.6), append(d.MaxZ.Lo, 0.8), append(d.MaxZ.Hi, 2.9)
	}
	return d
}

func clusteringFixture() []ClusterPanel {
	return []ClusterPanel{
		{Title: "A", Learned: mat.NewDense(2, 2, []float64{1, 0.8, 0.8, 1}), Optimum: mat.NewDense(2, 2, []float64{1, 0.81, 0.81, 1})},
		{Title: "B", Learned: mat.NewDense(2, 2, []float64{1, 0.4, 0.4, 1}), Optimum: mat.NewDense(2, 2, []float64{1, 0.38, 0.38, 1})},
	}
}

// batchSizeFixture has two series of the toy's pair (0, 0), aiming at T1 and at
// T2(1, 0), with their targets from feature.
func batchSizeFixture() BatchSizeOptions {
	toy := feature.Toy()
	t1 := []float64{toy.InfoNCETarget(8).At(0, 0), toy.InfoNCETarget(64).At(0, 0)}
	t2 := []float64{toy.SCTarget(8, 1, 0).At(0, 0), toy.SCTarget(64, 1, 0).At(0, 0)}
	return BatchSizeOptions{
		Pairs: []feature.Pair{{I: 0, J: 0}}, Alpha: 1, Beta: 0, NMin: 4, NMax: 200,
		Measured: []BatchSizePoints{
			{Name: "one", I: 0, J: 0, N: []int{8, 64}, Mean: []float64{0.145, 0.019}, Lo: []float64{0.144, 0.0189}, Hi: []float64{0.146, 0.0191}, Target: t1},
			{Name: "two", I: 0, J: 0, N: []int{8, 64}, Mean: []float64{0.16, 0.0195}, Target: t2, Aim: AimT2, Marker: Square},
		},
		Title: "Batch size",
	}
}

// gapFixture returns six rows of an exact-enumeration table that approach the limit
// 0.02 like (N−1)/(N+0.3)², with a leading value slightly above, all at pair (0, 1).
func gapFixture() ([]enumerate.GapRow, float64) {
	const limit = 0.02
	var rows []enumerate.GapRow
	for _, n := range []int{2, 4, 8, 16, 32, 64} {
		f := float64(n)
		g := limit * (f - 1) / ((f + 0.3) * (f + 0.3))
		rows = append(rows, enumerate.GapRow{N: n, Gap: g, NGap: f * g, Pair: feature.Pair{I: 0, J: 1},
			Leading: limit * (f - 1) / ((f + 0.1) * (f + 0.1))})
	}
	return rows, limit
}

// batchSizeGapFixture is batchSizeFixture with the exact-enumeration column.
func batchSizeGapFixture() BatchSizeOptions {
	o := batchSizeFixture()
	o.Gap, o.GapLimit = gapFixture()
	return o
}

func TestConvergenceErrors(t *testing.T) {
	nan := convergenceFixture()
	nan[1].Traces[2].Mean[4] = math.NaN()
	for _, tc := range []struct {
		name   string
		panels []ConvergencePanel
		want   string
		empty  bool
	}{
		{"no panels", nil, "no panels", true},
		{"no traces", []ConvergencePanel{{Title: "P"}}, `panel "P": no traces`, true},
		{"NaN", nan, `line plot "second": "pair (b, b)": Y[4] = NaN`, false},
		{"negative state", []ConvergencePanel{{Title: "P", Traces: []PairTrace{{I: -1}}}}, "state pair (-1, 0)", false},
	} {
		f, err := Convergence(tc.panels, convergenceOptions)
		if err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Convergence = %v, %v; want an error containing %q", tc.name, f, err, tc.want)
			continue
		}
		if errors.Is(err, ErrEmpty) != tc.empty {
			t.Errorf("%s: errors.Is(err, ErrEmpty) = %t", tc.name, !tc.empty)
		}
	}
}

// TestConvergenceLegend checks the legend: one key per pair, in order of first
// appearance, in the pair's colour, then the kinds of line that are drawn and named.
func TestConvergenceLegend(t *testing.T) {
	panels := convergenceFixture()
	for k := range panels {
		for j := range panels[k].Traces {
			panels[k].Traces[j].Optimum = math.NaN() // no optimum line: no optimum key
		}
	}
	f, err := Convergence(panels, convergenceOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range f.legend.rows {
		for _, e := range row {
			got = append(got, e.Label)
		}
	}
	if s := strings.Join(got, "|"); s != "(a, a)|(a, b)|(b, b)|mean|target|final" {
		t.Errorf("legend %q", s)
	}
	if c := f.legend.rows[0][1].Color; c != pairColor(0, 1, 2) {
		t.Errorf("pair (a, b) has colour %v, want %v", c, pairColor(0, 1, 2))
	}
}

func TestFitInverseSqrt(t *testing.T) {
	// Points exactly on 0.3/√n give k = 0.3; a factor e^{±δ} alternating around it
	// averages out in log space.
	n := []float64{10, 100, 1000, 10000}
	exact, noisy := make([]float64, 4), make([]float64, 4)
	for i, x := range n {
		exact[i] = 0.3 / math.Sqrt(x)
		noisy[i] = exact[i] * math.Exp(0.2*float64(1-2*(i%2)))
	}
	// Logs and exps of numbers of order one: a few ulps.
	if k := fitInverseSqrt(n, exact); !scalar.EqualWithinRel(k, 0.3, 1e-14) {
		t.Errorf("k = %v, want 0.3", k)
	}
	if k := fitInverseSqrt(n, noisy); !scalar.EqualWithinRel(k, 0.3, 1e-14) {
		t.Errorf("k = %v from symmetric noise, want 0.3", k)
	}
}

func TestMonteCarloErrors(t *testing.T) {
	short := monteCarloFixture()
	short.MeanSE.Mid = short.MeanSE.Mid[:2]
	zero := monteCarloFixture()
	zero.MaxErr.Mid[1] = 0
	shortLo := monteCarloFixture()
	shortLo.MaxErr.Lo, shortLo.MaxErr.Hi = shortLo.MaxErr.Lo[:1], nil
	for _, tc := range []struct {
		name string
		d    MonteCarloData
		want string
	}{
		{"empty", MonteCarloData{}, "no draws"},
		{"lengths", short, "MeanSE has 2"},
		{"short Lo", shortLo, "MaxErr has 4, 1, 0 values for 4 draw counts"},
		{"zero error", zero, `"max |ĉ1 − c1|": Y[1] = 0: need a positive number on a log axis`},
	} {
		if f, err := MonteCarlo(tc.d); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: MonteCarlo = %v, %v; want an error containing %q", tc.name, f, err, tc.want)
		}
	}
}

func TestTemperatureErrors(t *testing.T) {
	short := temperatureFixture()
	short.Gaps[1].Gap = short.Gaps[1].Gap[:3]
	neg := temperatureFixture()
	neg.Tau[0] = -1
	for _, tc := range []struct {
		name string
		d    TemperatureData
		want string
	}{
		{"empty", TemperatureData{}, "0 τ, 0 gap curves"},
		{"lengths", short, "d = 3: 3 gaps for 5 τ"},
		{"τ ≤ 0", neg, "X[0] = -1: need a positive number on a log axis"},
	} {
		if f, err := Temperature(tc.d); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Temperature = %v, %v; want an error containing %q", tc.name, f, err, tc.want)
		}
	}
}

func TestClusteringErrors(t *testing.T) {
	shape := clusteringFixture()
	shape[1].Learned = mat.NewDense(3, 3, nil)
	nan := clusteringFixture()
	nan[0].Learned = mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1})
	for _, tc := range []struct {
		name   string
		panels []ClusterPanel
		want   string
	}{
		{"empty", nil, "no panels"},
		{"nil matrix", []ClusterPanel{{Title: "A"}}, `panel "A": nil matrix`},
		{"shape", shape, "3×3 matrix, panel 0 is 2×2"},
		{"NaN", nan, `heatmap "A": entry (0, 1) = NaN`},
	} {
		if f, err := Clustering(tc.panels, ClusterOptions{}); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Clustering = %v, %v; want an error containing %q", tc.name, f, err, tc.want)
		}
	}
}

// TestClusteringRows checks the grid: learned cosines in the first row and, with
// optima, their differences below; without an optimum there is one row.
func TestClusteringRows(t *testing.T) {
	f, err := Clustering(clusteringFixture(), ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.rows != 2 || f.cols != 2 {
		t.Errorf("grid %d×%d, want 2×2", f.rows, f.cols)
	}
	one := clusteringFixture()
	one[1].Optimum = nil
	if f, err = Clustering(one, ClusterOptions{}); err != nil || f.rows != 1 {
		t.Errorf("without an optimum: %v rows, error %v; want 1 row", f.rows, err)
	}
}

// TestBatchSizeRelative checks the second row's values, 100 (P − T)/T with T the
// series' target, at the toy's golden T1 and T2(1, 0) at N = 1000 (docs/theory.md §7),
// and the first row's P × N.
func TestBatchSizeRelative(t *testing.T) {
	for _, tc := range []struct {
		t    float64 // golden T_00 at N = 1000
		want float64
	}{
		{0.001221951, 100 * (0.0012 - 0.001221951) / 0.001221951},
		{0.001223446, 100 * (0.0012 - 0.001223446) / 0.001223446},
	} {
		ms := BatchSizePoints{Name: "m", N: []int{1000}, Mean: []float64{0.0012}, Lo: []float64{0.0011}, Hi: []float64{0.0013}, Target: []float64{tc.t}}
		c, err := measuredCurve(ms)
		if err != nil {
			t.Fatal(err)
		}
		r := relativeCurve(ms, c)
		// A few roundings of numbers of order 1–100: 1e-12 is many ulps.
		for _, v := range [][2]float64{
			{r.Y[0], tc.want},
			{r.Lo[0], 100 * (0.0011 - tc.t) / tc.t},
			{r.Hi[0], 100 * (0.0013 - tc.t) / tc.t},
			{c.Y[0], 1.2}, {c.Lo[0], 1.1}, {c.Hi[0], 1.3},
		} {
			if !scalar.EqualWithinAbs(v[0], v[1], 1e-12) {
				t.Errorf("target %v: %v, want %v", tc.t, v[0], v[1])
			}
		}
	}
}

func TestBatchSizeErrors(t *testing.T) {
	toy := feature.Toy()
	mod := func(f func(*BatchSizeOptions)) BatchSizeOptions {
		o := batchSizeFixture()
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name string
		s    *feature.Space
		opt  BatchSizeOptions
		want string
	}{
		{"nil", nil, batchSizeFixture(), "nil feature space"},
		{"no pairs", toy, mod(func(o *BatchSizeOptions) { o.Pairs = nil }), "no state pairs"},
		{"range", toy, mod(func(o *BatchSizeOptions) { o.NMin, o.NMax = 1, 10 }), "N from 1 to 10"},
		{"pair", toy, mod(func(o *BatchSizeOptions) { o.Pairs = []feature.Pair{{I: 0, J: 3}} }), "(0, 3) outside the 3 states"},
		{"α", toy, mod(func(o *BatchSizeOptions) { o.Alpha = math.NaN() }), "α = NaN"},
		{"N", toy, mod(func(o *BatchSizeOptions) { o.Measured[0].N[0] = 1 }), "N[0] = 1"},
		{"lengths", toy, mod(func(o *BatchSizeOptions) { o.Measured[1].Mean = nil }), `series "two": 2 batch sizes, 0 means`},
		{"NaN", toy, mod(func(o *BatchSizeOptions) { o.Measured[0].Mean[1] = math.NaN() }), `"one": Y[1] = NaN`},
		{"pair I", toy, mod(func(o *BatchSizeOptions) { o.Pairs = []feature.Pair{{I: 3, J: 0}} }), "(3, 0) outside the 3 states"},
		{"pair J < 0", toy, mod(func(o *BatchSizeOptions) { o.Pairs = []feature.Pair{{I: 0, J: -1}} }), "(0, -1) outside the 3 states"},
		{"Hi without Lo", toy, mod(func(o *BatchSizeOptions) { o.Measured[1].Hi = []float64{0.2, 0.02} }), `series "two": 2 batch sizes, 2 means, 2 targets, 0 and 2 bounds`},
		{"long Hi", toy, mod(func(o *BatchSizeOptions) { o.Measured[0].Hi = append(o.Measured[0].Hi, 0.02) }), `series "one": 2 batch sizes, 2 means, 2 targets, 2 and 3 bounds`},
		{"no targets", toy, mod(func(o *BatchSizeOptions) { o.Measured[0].Target = nil }), `series "one": 2 batch sizes, 2 means, 0 targets`},
		{"zero target", toy, mod(func(o *BatchSizeOptions) { o.Measured[1].Target[1] = 0 }), `series "two": Target[1] = 0`},
		{"NaN target", toy, mod(func(o *BatchSizeOptions) { o.Measured[0].Target[0] = math.NaN() }), `series "one": Target[0] = NaN`},
		{"gap limit", toy, mod(func(o *BatchSizeOptions) { o.Gap, _ = gapFixture() }), "GapLimit = 0"},
		{"gap limit NaN", toy, mod(func(o *BatchSizeOptions) { o.Gap, _ = gapFixture(); o.GapLimit = math.NaN() }), "GapLimit = NaN"},
		{"gap N order", toy, mod(func(o *BatchSizeOptions) { o.Gap, o.GapLimit = gapFixture(); o.Gap[3].N = 8 }), "gap row 3 has N = 8"},
		{"gap N < 2", toy, mod(func(o *BatchSizeOptions) { o.Gap, o.GapLimit = gapFixture(); o.Gap[0].N = 1 }), "gap row 0 has N = 1"},
		{"gap 0 on a log axis", toy, mod(func(o *BatchSizeOptions) { o.Gap, o.GapLimit = gapFixture(); o.Gap[2].Gap = 0 }), `"exact": Y[2] = 0`},
		{"leading NaN", toy, mod(func(o *BatchSizeOptions) { o.Gap, o.GapLimit = gapFixture(); o.Gap[1].Leading = math.NaN() }), `"delta method": Y[1] = NaN`},
	} {
		if f, err := BatchSize(tc.s, tc.opt); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: BatchSize = %v, %v; want an error containing %q", tc.name, f, err, tc.want)
		}
	}
}

// TestBatchSizeGapLayout checks where the exact-enumeration column goes: a last column
// of two panels, below the measured points' row or beside empty tiles without one, and
// its values: N·Gap below the gap itself, and the guide limit/N.
func TestBatchSizeGapLayout(t *testing.T) {
	toy := feature.Toy()
	for _, tc := range []struct {
		reason   string
		opt      func() BatchSizeOptions
		rows     int
		cols     int
		emptyRel bool // the tiles below the targets are empty
	}{
		{"measured points: their row, then the gap column", batchSizeGapFixture, 2, 2, false},
		{"no measured points: empty tiles below the targets", func() BatchSizeOptions {
			o := batchSizeGapFixture()
			o.Measured = nil
			o.Pairs = []feature.Pair{{I: 0, J: 0}, {I: 0, J: 2}}
			return o
		}, 2, 3, true},
		{"no gap rows: no column", batchSizeFixture, 2, 1, false},
		{"one gap row: a column", func() BatchSizeOptions {
			o := batchSizeGapFixture()
			o.Gap = o.Gap[:1]
			return o
		}, 2, 2, false},
	} {
		f, err := BatchSize(toy, tc.opt())
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		if f.rows != tc.rows || f.cols != tc.cols {
			t.Errorf("%s: grid %d×%d, want %d×%d", tc.reason, f.rows, f.cols, tc.rows, tc.cols)
			continue
		}
		for c := 0; c < tc.cols-1; c++ {
			if (f.panels[1][c] == nil) != tc.emptyRel {
				t.Errorf("%s: tile (1, %d) empty = %t, want %t", tc.reason, c, f.panels[1][c] == nil, tc.emptyRel)
			}
		}
	}
	rows, limit := gapFixture()
	g, err := gapCurves(rows, limit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.title != "exact gap to T1, pair (0, 1)" {
		t.Errorf("top title %q, want the pair of every row", g.title)
	}
	exactTop, guide, exactBottom := curveNamed(t, g.top, "exact"), curveNamed(t, g.top, "limit / N"), curveNamed(t, g.bottom, "N × exact")
	for k, r := range rows {
		f := float64(r.N)
		// One product or quotient of two float64 values: exact to one rounding, 1e-15 relative.
		if exactTop.X[k] != f || exactTop.Y[k] != r.Gap || !scalar.EqualWithinRel(exactBottom.Y[k], f*r.Gap, 1e-15) ||
			!scalar.EqualWithinRel(guide.Y[k], limit/f, 1e-15) {
			t.Errorf("row %d: drawn (%v, %v), N·gap %v, guide %v; want (%v, %v), %v, %v",
				k, exactTop.X[k], exactTop.Y[k], exactBottom.Y[k], guide.Y[k], f, r.Gap, f*r.Gap, limit/f)
		}
	}
	rows[4].Pair = feature.Pair{I: 1, J: 1}
	if g, err := gapCurves(rows, limit, nil); err != nil || g.title != "exact gap to T1, largest over pairs" {
		t.Errorf("top title with two pairs %q (error %v), want the largest over pairs", g.title, err)
	}
	if _, _, legend, err := gapPanels(rows, limit, nil); err != nil || len(legend) != 3 || !legend[0].NewRow {
		t.Errorf("legend %+v (error %v): want three entries on a new row", legend, err)
	}
}

// curveNamed returns the curve called name.
func curveNamed(t *testing.T, cs []Curve, name string) Curve {
	t.Helper()
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no curve %q", name)
	return Curve{}
}

func TestBatchGrid(t *testing.T) {
	g := batchGrid(2, 2000)
	if g[0] != 2 || g[62] != 64 || g[len(g)-1] != 2000 {
		t.Errorf("grid starts %v, has %v at 62, ends %v; want 2, 64, 2000", g[0], g[62], g[len(g)-1])
	}
	for k := 1; k < len(g); k++ {
		if g[k] <= g[k-1] {
			t.Fatalf("grid not increasing at %d: %v, %v", k, g[k-1], g[k])
		}
	}
}

// TestMaxOf checks the top of the z panel's range: the largest finite central or upper
// value, and 0 when there is none above it.
func TestMaxOf(t *testing.T) {
	s := Spread{Mid: []float64{1, math.NaN(), 3}, Hi: []float64{2, math.Inf(1), 2.5}}
	if got := maxOf(s); got != 3 {
		t.Errorf("maxOf = %v, want 3 (NaN and +Inf skipped)", got)
	}
	if got := maxOf(Spread{Mid: []float64{-1}}); got != 0 {
		t.Errorf("maxOf of negative values = %v, want 0", got)
	}
}

// TestMonteCarloZRule checks that any positive ZRule draws its labelled rule, and
// that 0 draws none.
func TestMonteCarloZRule(t *testing.T) {
	for _, z := range []float64{0.5, 3, 0} {
		d := monteCarloFixture()
		d.ZRule = z
		f, err := MonteCarlo(d)
		if err != nil {
			t.Fatal(err)
		}
		label := fmt.Sprintf("%g SE", z)
		if _, drawn := recordFigure(f).texts[label]; drawn != (z > 0) {
			t.Errorf("ZRule = %v: rule label %q drawn %t, want %t", z, label, drawn, z > 0)
		}
	}
}

// TestTemperaturePairColours checks that without state names the number of states is
// read off the pairs, so that pair {i, j} takes its colour among the pairs of 3 states:
// (0,0) (0,1) (0,2) (1,1) (1,2) (2,2) in row order makes {1, 2} the fifth, {0, 1} the
// second.
func TestTemperaturePairColours(t *testing.T) {
	// Either state of the first pair is the only one naming state 2.
	for _, first := range [][2]int{{2, 1}, {1, 2}} {
		d := temperatureFixture()
		d.Cosines[0].I, d.Cosines[0].J = first[0], first[1]
		d.Cosines[1].J = 1
		f, err := Temperature(d)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]color.Color{fmt.Sprintf("(%d, %d)", first[0], first[1]): Qualitative(4), "(0, 1)": Qualitative(1)}
		found := 0
		for _, row := range f.legend.rows {
			for _, e := range row {
				if c, ok := want[e.Label]; ok {
					found++
					if e.Color != c {
						t.Errorf("pair %s: colour %v, want %v", e.Label, e.Color, c)
					}
				}
			}
		}
		if found != len(want) {
			t.Errorf("%d of the %d pairs in the legend", found, len(want))
		}
	}
}

// TestCornerNotes checks where a convergence panel's note goes: its anchor in the named
// corner of the data area, its box's near edge 1 pt inside the anchor in x (the text
// starts noteBoxPad + 1 from the anchor, its box noteBoxPad around it), and its text
// noteBoxPad + 1 inside the anchor in y (centred in the middle).
func TestCornerNotes(t *testing.T) {
	for _, tc := range []struct {
		c      Corner
		fx, fy float64 // which side: 0 low, 0.5 middle, 1 high
	}{{TopLeft, 0, 1}, {TopRight, 1, 1}, {BottomLeft, 0, 0}, {MiddleRight, 1, 0.5}, {BottomRight, 1, 0}} {
		n := cornerNote("note", tc.c)
		if !n.Relative || !n.Box || math.Abs(n.X-tc.fx) > 0.05 || math.Abs(n.Y-tc.fy) > 0.05 {
			t.Errorf("corner %v: anchor (%v, %v) relative %t boxed %t, want near (%v, %v), relative and boxed", tc.c, n.X, n.Y, n.Relative, n.Box, tc.fx, tc.fy)
		}
		r := textStyle(sansFont, NoteSize, textColor, n.XAlign, n.YAlign).Rectangle(n.Text)
		// The box's edges relative to the anchor in x (sums of a few lengths of order
		// 10 pt: 1e-9 is many ulps).
		left, right := n.Offset.X+r.Min.X-noteBoxPad, n.Offset.X+r.Max.X+noteBoxPad
		const eps = 1e-9
		if tc.fx == 0 && math.Abs(float64(left-1)) > eps || tc.fx == 1 && math.Abs(float64(right+1)) > eps {
			t.Errorf("corner %v: box from %v to %v of the anchor in x, want its near edge 1 pt inside", tc.c, left, right)
		}
		wantY := map[float64]vg.Length{0: noteBoxPad + 1, 0.5: 0, 1: -noteBoxPad - 1}[tc.fy]
		if n.Offset.Y != wantY {
			t.Errorf("corner %v: text %v pt above the anchor, want %v", tc.c, n.Offset.Y, wantY)
		}
	}
}

// TestConvergenceLegendRows checks the legend's layout: the pairs in one row and the
// kinds of line (four here) in the next, unless all fit in a row of six.
func TestConvergenceLegendRows(t *testing.T) {
	for _, tc := range []struct {
		pairs []feature.Pair
		rows  int
	}{
		{[]feature.Pair{{I: 0, J: 1}}, 1},
		{[]feature.Pair{{I: 0, J: 1}, {I: 1, J: 1}}, 1},
		{[]feature.Pair{{I: 0, J: 0}, {I: 0, J: 1}, {I: 1, J: 1}}, 2},
	} {
		panels := convergenceFixture()[:1]
		panels[0].Traces = panels[0].Traces[:len(tc.pairs)]
		for k, p := range tc.pairs {
			panels[0].Traces[k].I, panels[0].Traces[k].J = p.I, p.J
		}
		f, err := Convergence(panels, convergenceOptions)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(f.legend.rows); got != tc.rows {
			t.Errorf("%d pairs: %d legend rows, want %d", len(tc.pairs), got, tc.rows)
		}
	}
}

// TestConvergencePairColours checks that without state names the number of states is
// read off the pairs: pair {1, 2} is the fifth of the pairs i ≤ j of 3 states,
// (0,0) (0,1) (0,2) (1,1) (1,2), whichever of its states is named last.
func TestConvergencePairColours(t *testing.T) {
	panels := convergenceFixture()[:1]
	panels[0].Traces = panels[0].Traces[:1]
	panels[0].Traces[0].I, panels[0].Traces[0].J = 1, 2
	opt := convergenceOptions
	opt.States = nil
	f, err := Convergence(panels, opt)
	if err != nil {
		t.Fatal(err)
	}
	if e := f.legend.rows[0][0]; e.Label != "(1, 2)" || e.Color != Qualitative(4) {
		t.Errorf("first legend entry %q in %v, want (1, 2) in %v", e.Label, e.Color, Qualitative(4))
	}
}

// TestFigureInfiniteExtent checks that a panel whose x range overflows is refused,
// whatever its y range.
func TestFigureInfiniteExtent(t *testing.T) {
	p := plot.New()
	p.X.Min, p.X.Max = -math.MaxFloat64, math.MaxFloat64 // Max − Min = +Inf
	p.Y.Min, p.Y.Max = 0, 1
	if f, err := NewFigure([][]*plot.Plot{{p}}, FigureOptions{Title: "wide"}); err == nil || f != nil || !strings.Contains(err.Error(), "need positive, finite ranges") {
		t.Errorf("NewFigure = %v, %v; want an error for the infinite x extent", f, err)
	}
}

// TestFigureSmallExtent checks that a panel spanning less than one data unit is a
// valid figure (a probability axis spans [0, 1] or less).
func TestFigureSmallExtent(t *testing.T) {
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 0.5, 0.2, 0.4
	if _, err := NewFigure([][]*plot.Plot{{p}}, FigureOptions{Title: "small", PanelWidth: 100, PanelHeight: 80}); err != nil {
		t.Errorf("NewFigure of a 0.5 × 0.2 panel: %v", err)
	}
}
