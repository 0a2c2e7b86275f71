package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Aim names the analytic target a measured series is compared with, which gives it
// that target's colour.
type Aim int

const (
	AimT1 Aim = iota // the InfoNCE target T1
	AimT2            // the SC-InfoNCE target T2(α, β)
)

// BatchSizePoints are a trained model's positive-pair probabilities of one state pair
// at several batch sizes N: Mean[k] at N[k], with the spread Lo[k]–Hi[k] over
// replicates (both nil: no bars). Probabilities are given as they are; BatchSize
// scales them by N.
type BatchSizePoints struct {
	Name         string // legend text, e.g. "InfoNCE, trained"
	I, J         int
	N            []int
	Mean, Lo, Hi []float64
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
	Title      string
	Subtitle   string
}

// BatchSize returns, per state pair of opt, a column of two panels against N on a log
// axis: the analytic targets T1·N and T2(α, β)·N of s with the measured points of opt
// (scaled by N) in the colour of the target they aim at (both targets tend to ρ_ij as
// N grows, theory.md §4, drawn as a grey rule); and, when there are measured points,
// each point's relative deviation from its target, 100 (P − T)/T. It returns an error for an invalid range of N, a pair
// outside s, a measured series of mismatched lengths or N < 2, and the errors of
// LinePlot.
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
			rel = append(rel, relativeCurve(s, ms, c, opt.Alpha, opt.Beta))
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
	return NewFigure(grid, FigureOptions{
		Title: opt.Title, Subtitle: opt.Subtitle,
		PanelWidth: linePanelWidth + 20, PanelHeight: linePanelHeight + 20,
		Legend: legend,
	})
}

// measuredCurve returns the markers of a measured series, scaled by N.
func measuredCurve(ms BatchSizePoints) (Curve, error) {
	n := len(ms.N)
	if n == 0 {
		return Curve{}, fmt.Errorf("plots: batch-size series %q: no points: %w", ms.Name, ErrEmpty)
	}
	if len(ms.Mean) != n || (ms.Lo == nil) != (ms.Hi == nil) || ms.Lo != nil && (len(ms.Lo) != n || len(ms.Hi) != n) {
		return Curve{}, fmt.Errorf("plots: batch-size series %q: %d batch sizes, %d means, %d and %d bounds", ms.Name, n, len(ms.Mean), len(ms.Lo), len(ms.Hi))
	}
	c := Curve{Name: ms.Name, Points: true, Marker: ms.Marker, X: make([]float64, n), Y: make([]float64, n)}
	if ms.Lo != nil {
		c.Lo, c.Hi = make([]float64, n), make([]float64, n)
	}
	for k, nk := range ms.N {
		if nk < 2 {
			return Curve{}, fmt.Errorf("plots: batch-size series %q: N[%d] = %d: need N ≥ 2", ms.Name, k, nk)
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

// relativeCurve returns the measured points c of ms as per cent of the target they
// aim at, 100 (P − T)/T at each N; c holds P·N (measuredCurve), ms is valid.
func relativeCurve(s *feature.Space, ms BatchSizePoints, c Curve, alpha, beta float64) Curve {
	r := Curve{Name: ms.Name + " (relative)", Points: true, Marker: c.Marker, Color: c.Color,
		X: c.X, Y: make([]float64, len(c.X))}
	if c.Lo != nil {
		r.Lo, r.Hi = make([]float64, len(c.X)), make([]float64, len(c.X))
	}
	for k, n := range ms.N {
		t := s.InfoNCETarget(n).At(ms.I, ms.J)
		if ms.Aim == AimT2 {
			t = s.SCTarget(n, alpha, beta).At(ms.I, ms.J)
		}
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
