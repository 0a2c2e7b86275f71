package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Targets returns the figure of the convergence targets of a feature space at batch size
// n (docs/theory.md §4), a 1×3 grid of annotated heatmaps:
//
//	T1·N             InfoNCE target c1/(c1 + (N−1)c2), times N        sequential
//	T2·N             SC-InfoNCE target αc1/((N−1)c2) − β/(N−1), times N  sequential
//	(T2 − T1)/T1     relative difference, in per cent                  diverging at 0
//
// Scaling by N shows targets of order 1/N as numbers of order ρ. For α = 1, β = 0 the
// relative difference is ρ/(N−1) (C21). It returns the errors of feature.CheckBatchSize
// and feature.CheckSCParams, and a *ValueError where T1_ij = 0 (c1_ij = 0), for which the
// relative difference is undefined.
func Targets(s *feature.Space, n int, alpha, beta float64) (*Figure, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: targets of a nil feature space: %w", ErrEmpty)
	}
	if err := feature.CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return nil, err
	}
	ps, err := heatmaps(targetPanels(s, n, alpha, beta))
	if err != nil {
		return nil, err
	}
	ab := "α = " + num(alpha) + ", β = " + num(beta)
	return NewFigure([][]*plot.Plot{ps}, FigureOptions{
		Title: fmt.Sprintf("Convergence targets at N = %d sources per batch", n),
		Subtitle: "T1 = c1 / (c1 + (N−1) c2)     T2 = α c1 / ((N−1) c2) − β / (N−1)     " + ab +
			"     (m = " + strconv.Itoa(s.Len()) + " states)",
		Unit: CellSize(s.Len()),
	})
}

// targetPanels returns the panels T1·N, T2·N and (T2 − T1)/T1 of Targets; n, α and β
// are valid.
func targetPanels(s *feature.Space, n int, alpha, beta float64) []panel {
	m := s.Len()
	t1, t2 := s.InfoNCETarget(n), s.SCTarget(n, alpha, beta)
	t1n, t2n, rel := mat.NewDense(m, m, nil), mat.NewDense(m, m, nil), mat.NewDense(m, m, nil)
	t1n.Scale(float64(n), t1)
	t2n.Scale(float64(n), t2)
	rel.Apply(func(i, j int, _ float64) float64 {
		return 100 * (t2.At(i, j) - t1.At(i, j)) / t1.At(i, j)
	}, rel)
	// T1·N and T2·N are the same kind of number (a positive-pair probability times N),
	// so they share one colour range.
	shared := SequentialScale()
	shared.Min = math.Min(mat.Min(t1n), mat.Min(t2n))
	shared.Max = math.Max(mat.Max(t1n), mat.Max(t2n))
	panels := []panel{
		{t1n, HeatmapOptions{Title: "T1 × N: InfoNCE", Format: "%.3f", Scale: shared}},
		{t2n, HeatmapOptions{Title: "T2 × N: SC-InfoNCE", Format: "%.3f", Scale: shared}},
		{rel, HeatmapOptions{Title: "(T2 − T1) / T1 in %", Scale: DivergingScale(0)}},
	}
	states := stateNames(s)
	for k := range panels {
		panels[k].opt.RowNames, panels[k].opt.ColNames = states, states
		panels[k].opt.YLabel, panels[k].opt.XLabel = view1Axis, view2Axis
	}
	return panels
}

// num formats a parameter as briefly as it round-trips, with a typographic minus.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if v < 0 {
		s = "−" + s[1:]
	}
	return s
}
