package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
)

// Aim names the analytic curve of a BatchSize panel (T1·N or T2·N) a measured series
// belongs with, which gives it that curve's colour.
type Aim int

const (
	AimT1 Aim = iota // the InfoNCE target T1
	AimT2            // the SC-InfoNCE target T2(α, β)
)

// BatchSizePoints are a trained model's positive-pair probabilities of one state pair
// at several batch sizes N: Mean[k] at N[k], with the spread Lo[k]–Hi[k] over
// replicates (both nil: no bars), and Target[k], the mean-field value the series' loss
// drives them to at N[k] (simulate.TargetFor), in the same normalisation.
// Probabilities are given as they are; BatchSize scales them by N.
type BatchSizePoints struct {
	Name         string // legend text, e.g. "InfoNCE, trained"
	I, J         int
	N            []int
	Mean, Lo, Hi []float64
	Target       []float64 // finite and non-zero: the relative deviation divides by it
	Aim          Aim
	Marker       Marker // NoMarker: Circle
}

// BatchSizeOptions describe a BatchSize figure.
type BatchSizeOptions struct {
	// Pairs are the state pairs, one panel each.
	Pairs []feature.Pair
	// Alpha and Beta are the SC-InfoNCE parameters of T2.
	Alpha, Beta float64
	// NMin ≥ 2 and NMax > NMin bound the analytic curves, drawn at every integer N up
	// to 64 and at 200 log-spaced N beyond.
	NMin, NMax int
	Measured   []BatchSizePoints
	// Gap, if not empty, adds a column of two panels from exact enumeration
	// (enumerate.GapTable, in increasing N): the relative gap of the batch-averaged
	// positive-pair probability at the optimal critic to T1, with its delta-method value
	// (GapRow.Leading) and the guide GapLimit/N, on log-log axes; and N·Gap with
	// N·Leading, approaching GapLimit.
	Gap []enumerate.GapRow
	// GapLimit is lim N·Gap (enumerate.GapLimit), positive; used only with Gap.
	GapLimit float64
	Title    string
	Subtitle string
}

// BatchSize returns, per state pair of opt, a column of two panels against N on a log
// axis: the analytic targets T1·N and T2(α, β)·N of s with the measured points of opt
// (scaled by N) in the colour of the target they aim at (both targets tend to ρ_ij as
// N grows, docs/theory.md §4, drawn as a grey rule); and, when there are measured points,
// each point's relative deviation from its Target, 100 (P − T)/T. With opt.Gap, a last
// column shows the exact gap to T1 and N times it (gapPanels). It returns an error for
// an invalid range of N, a pair outside s, a measured series of mismatched lengths,
// N < 2 or a target that is zero or not finite, gap rows not in increasing N ≥ 2 or a GapLimit that is not positive and
// finite, and the errors of LinePlot.
func BatchSize(s *feature.Space, opt BatchSizeOptions) (*Figure, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: batch-size figure of a nil feature space: %w", ErrEmpty)
	}
	if len(opt.Pairs) == 0 {
		return nil, fmt.Errorf("plots: batch-size figure: no state pairs: %w", ErrEmpty)
	}
	if opt.NMin < 2 || opt.NMax <= opt.NMin {
		return nil, fmt.Errorf("plots: batch-size figure: N from %d to %d: need 2 ≤ NMin < NMax", opt.NMin, opt.NMax)
	}
	if err := feature.CheckSCParams(opt.Alpha, opt.Beta); err != nil {
		return nil, err
	}
	m := s.Len()
	ns := batchGrid(opt.NMin, opt.NMax)
	rho := s.DensityRatio()
	t1Col, t2Col := Qualitative(0), Qualitative(1)
	var panels, relPanels []*plot.Plot
	for _, pr := range opt.Pairs {
		if pr.I < 0 || pr.J < 0 || pr.I >= m || pr.J >= m {
			return nil, fmt.Errorf("plots: batch-size figure: state pair (%d, %d) outside the %d states", pr.I, pr.J, m)
		}
		t1, t2 := make([]float64, len(ns)), make([]float64, len(ns))
		for k, n := range ns {
			t1[k] = float64(n) * s.InfoNCETarget(n).At(pr.I, pr.J)
			t2[k] = float64(n) * s.SCTarget(n, opt.Alpha, opt.Beta).At(pr.I, pr.J)
		}
		nx := make([]float64, len(ns))
		for k, n := range ns {
			nx[k] = float64(n)
		}
		curves := []Curve{
			{Name: "T1 × N", X: nx, Y: t1, Color: t1Col},
			{Name: "T2 × N", X: nx, Y: t2, Color: t2Col, Dash: Dashed},
		}
		var rel []Curve
		for _, ms := range opt.Measured {
			if ms.I != pr.I || ms.J != pr.J {
				continue
			}
			c, err := measuredCurve(ms)
			if err != nil {
				return nil, err
			}
			curves = append(curves, c)
			rel = append(rel, relativeCurve(ms, c))
		}
		r := rho.At(pr.I, pr.J)
		p, err := LinePlot(curves, LineOptions{
			Title:  fmt.Sprintf("pair %s: ρ = %.3f", pairName(pr.I, pr.J, stateNames(s)), r),
			XLabel: "N (sources per batch)", YLabel: "P × N",
			LogX:  true,
			Rules: []Rule{{At: r, Label: "ρ", Dash: Dotted}},
		})
		if err != nil {
			return nil, err
		}
		panels = append(panels, p)
		if len(rel) > 0 {
			q, err := LinePlot(rel, LineOptions{
				Title:  "measured relative to its target",
				XLabel: "N (sources per batch)", YLabel: "(P − T) / T  (%)",
				LogX: true, XMin: p.X.Min, XMax: p.X.Max,
				Rules: []Rule{{At: 0, Color: textColor, Width: 0.8}},
			})
			if err != nil {
				return nil, err
			}
			relPanels = append(relPanels, q)
		}
	}
	grid := [][]*plot.Plot{panels}
	if len(relPanels) == len(panels) {
		grid = append(grid, relPanels)
	}
	var gapLegend []LegendEntry
	if len(opt.Gap) > 0 {
		top, bottom, leg, err := gapPanels(opt.Gap, opt.GapLimit, stateNames(s))
		if err != nil {
			return nil, err
		}
		if len(grid) == 1 {
			grid = append(grid, make([]*plot.Plot, len(panels))) // empty tiles below the targets
		}
		grid[0], grid[1] = append(grid[0], top), append(grid[1], bottom)
		gapLegend = leg
	}
	ab := "α = " + num(opt.Alpha) + ", β = " + num(opt.Beta)
	legend := []LegendEntry{
		{Label: "T1 × N = N c1 / (c1 + (N−1) c2)", Color: t1Col, Swatch: SwatchLine},
		{Label: "T2 × N (" + ab + ")", Color: t2Col, Swatch: SwatchLine, Dash: Dashed},
	}
	seen := map[string]bool{}
	for _, ms := range opt.Measured {
		if seen[ms.Name] {
			continue
		}
		seen[ms.Name] = true
		col := t1Col
		if ms.Aim == AimT2 {
			col = t2Col
		}
		legend = append(legend, LegendEntry{Label: ms.Name, Color: col, Swatch: SwatchPoint, Marker: ms.Marker, NewRow: len(seen) == 1})
	}
	legend = append(legend, gapLegend...)
	return NewFigure(grid, FigureOptions{
		Title: opt.Title, Subtitle: opt.Subtitle,
		PanelWidth: linePanelWidth + 20, PanelHeight: linePanelHeight + 20,
		Legend: legend,
	})
}

// Colours of the exact-enumeration column.
var (
	exactColor   = Qualitative(6)      // near-black rings: the exact values
	leadingColor = Qualitative(2)      // bluish green: the delta method
	guideColor   = color.Gray{Y: 0x70} // the 1/N guide and its limit
)

// guideWidth is the line width of the 1/N guide and of the limit's rule.
const guideWidth = vg.Length(1.3)

// gapPanels returns the exact-enumeration column of the batch-size figure and its
// legend entries: on top, Gap against N on log-log axes, rings, with Leading as a line
// and GapLimit/N dashed; below, N·Gap and N·Leading against N (log axis) with GapLimit
// as a dashed rule. It returns the errors of gapCurves and of LinePlot (a *PointError
// for a gap ≤ 0).
func gapPanels(rows []enumerate.GapRow, limit float64, states []string) (top, bottom *plot.Plot, legend []LegendEntry, err error) {
	g, err := gapCurves(rows, limit, states)
	if err != nil {
		return nil, nil, nil, err
	}
	top, err = LinePlot(g.top, LineOptions{
		Title: g.title, XLabel: "N (sources per batch)", YLabel: "max_ij |E[P_ij] − T1_ij| / T1_ij",
		LogX: true, LogY: true,
	})
	if err != nil {
		return nil, nil, nil, err
	}
	bottom, err = LinePlot(g.bottom, LineOptions{
		Title: "N × gap approaches its limit", XLabel: "N (sources per batch)", YLabel: "N × gap",
		LogX: true, XMin: top.X.Min, XMax: top.X.Max,
		Rules: []Rule{{At: limit, Color: guideColor, Dash: Dashed, Width: guideWidth, Label: "max_i χ²_i = " + fmt.Sprintf("%.4g", limit), LabelLow: true}},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	legend = []LegendEntry{
		{Label: "exact E[P] at s = log ρ (enumeration), gap to T1", Color: exactColor, Swatch: SwatchPoint, Marker: Ring, NewRow: true},
		{Label: "delta method (N−1) χ²_i / (ρ_ij + N−1)²", Color: leadingColor, Swatch: SwatchLine},
		{Label: "max_i χ²_i / N, and its limit", Color: guideColor, Swatch: SwatchLine, Dash: Dashed},
	}
	return top, bottom, legend, nil
}

// gapColumn holds the curves of the exact-enumeration column.
type gapColumn struct {
	title       string  // of the top panel
	top, bottom []Curve // gap, leading and guide; N·gap and N·leading
}

// gapCurves returns the curves of gapPanels; the top panel's title names the pair
// attaining the gap when it is the same at every N. It returns an error for N < 2, N
// not increasing, or a limit that is not positive and finite.
func gapCurves(rows []enumerate.GapRow, limit float64, states []string) (gapColumn, error) {
	if !(limit > 0) || math.IsInf(limit, 1) {
		return gapColumn{}, fmt.Errorf("plots: batch-size figure: GapLimit = %v: need a positive, finite limit of N·gap", limit)
	}
	n := len(rows)
	x, gap, lead, guide := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	ngap, nlead := make([]float64, n), make([]float64, n)
	samePair := true
	for k, r := range rows {
		if r.N < 2 || k > 0 && r.N <= rows[k-1].N {
			return gapColumn{}, fmt.Errorf("plots: batch-size figure: gap row %d has N = %d: need increasing N ≥ 2", k, r.N)
		}
		f := float64(r.N)
		x[k], gap[k], lead[k], guide[k] = f, r.Gap, r.Leading, limit/f
		ngap[k], nlead[k] = f*r.Gap, f*r.Leading
		samePair = samePair && r.Pair == rows[0].Pair
	}
	g := gapColumn{title: "exact gap to T1, largest over pairs"}
	if samePair && n > 0 {
		g.title = "exact gap to T1, pair " + pairName(rows[0].Pair.I, rows[0].Pair.J, states)
	}
	g.top = []Curve{
		{Name: "limit / N", X: x, Y: guide, Color: guideColor, Dash: Dashed, Width: guideWidth},
		{Name: "delta method", X: x, Y: lead, Color: leadingColor},
		{Name: "exact", X: x, Y: gap, Color: exactColor, Points: true, Marker: Ring},
	}
	g.bottom = []Curve{
		{Name: "N × delta method", X: x, Y: nlead, Color: leadingColor},
		{Name: "N × exact", X: x, Y: ngap, Color: exactColor, Points: true, Marker: Ring},
	}
	return g, nil
}

// measuredCurve returns the markers of a measured series, scaled by N.
func measuredCurve(ms BatchSizePoints) (Curve, error) {
	n := len(ms.N)
	if n == 0 {
		return Curve{}, fmt.Errorf("plots: batch-size series %q: no points: %w", ms.Name, ErrEmpty)
	}
	if len(ms.Mean) != n || len(ms.Target) != n || (ms.Lo == nil) != (ms.Hi == nil) || ms.Lo != nil && (len(ms.Lo) != n || len(ms.Hi) != n) {
		return Curve{}, fmt.Errorf("plots: batch-size series %q: %d batch sizes, %d means, %d targets, %d and %d bounds", ms.Name, n, len(ms.Mean), len(ms.Target), len(ms.Lo), len(ms.Hi))
	}
	c := Curve{Name: ms.Name, Points: true, Marker: ms.Marker, X: make([]float64, n), Y: make([]float64, n)}
	if ms.Lo != nil {
		c.Lo, c.Hi = make([]float64, n), make([]float64, n)
	}
	for k, nk := range ms.N {
		if nk < 2 {
			return Curve{}, fmt.Errorf("plots: batch-size series %q: N[%d] = %d: need N ≥ 2", ms.Name, k, nk)
		}
		if t := ms.Target[k]; t == 0 || !finite(t) {
			return Curve{}, fmt.Errorf("plots: batch-size series %q: Target[%d] = %v: need a finite, non-zero target", ms.Name, k, t)
		}
		f := float64(nk)
		c.X[k], c.Y[k] = f, f*ms.Mean[k]
		if c.Lo != nil {
			c.Lo[k], c.Hi[k] = f*ms.Lo[k], f*ms.Hi[k]
		}
	}
	c.Color = Qualitative(0)
	if ms.Aim == AimT2 {
		c.Color = Qualitative(1)
	}
	return c, nil
}

// relativeCurve returns the measured points c of ms as per cent of their targets,
// 100 (P − T)/T at each N; c holds P·N (measuredCurve), ms is valid.
func relativeCurve(ms BatchSizePoints, c Curve) Curve {
	r := Curve{Name: ms.Name + " (relative)", Points: true, Marker: c.Marker, Color: c.Color,
		X: c.X, Y: make([]float64, len(c.X))}
	if c.Lo != nil {
		r.Lo, r.Hi = make([]float64, len(c.X)), make([]float64, len(c.X))
	}
	for k, t := range ms.Target {
		r.Y[k] = 100 * (ms.Mean[k] - t) / t
		if r.Lo != nil {
			r.Lo[k], r.Hi[k] = 100*(ms.Lo[k]-t)/t, 100*(ms.Hi[k]-t)/t
		}
	}
	return r
}

// batchGrid returns every N from lo to min(hi, 64) and 200 log-spaced integers beyond.
func batchGrid(lo, hi int) []int {
	var ns []int
	for n := lo; n <= min(hi, 64); n++ {
		ns = append(ns, n)
	}
	if hi > 64 {
		a, b := math.Log(float64(max(lo, 64))), math.Log(float64(hi))
		for k := 1; k <= 200; k++ {
			n := int(math.Round(math.Exp(a + (b-a)*float64(k)/200)))
			if n > ns[len(ns)-1] {
				ns = append(ns, n)
			}
		}
	}
	return ns
}
