package studyplots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// PairProbComparison is a trained model's positive-pair probability and what it is
// compared with, for PairProbFigure.
type PairProbComparison struct {
	Trained    mat.Matrix // positive-pair probability by state pair (required)
	Target     mat.Matrix // mean-field target of the loss; nil: none
	TargetName string     // e.g. "T1"; "" names it "target"
	Optimum    mat.Matrix // level-2 (unit-embedding) optimum; nil: none
	N          int        // batch size, the scale of the panels (values × N)
	Labels     []string   // state names; nil: indices
	Title      string
	Subtitle   string
}

// PairProbFigure draws c as a grid of heatmaps: the target, the optimum and the
// trained probabilities times N on one colour range (top row), and the relative
// differences in per cent, trained vs target, trained vs optimum and optimum vs target,
// diverging at 0 (bottom row). Panels whose data are missing are left empty. NaN
// entries (a pair no anchor had) are errors of plots.Heatmap.
func PairProbFigure(c PairProbComparison) (*plots.Figure, error) {
	if c.Trained == nil {
		return nil, fmt.Errorf("studyplots: pair-probability figure %q: no trained probabilities", c.Title)
	}
	if c.N < 1 {
		return nil, fmt.Errorf("studyplots: pair-probability figure %q: N = %d: need ≥ 1", c.Title, c.N)
	}
	tname := c.TargetName
	if tname == "" {
		tname = "target"
	}
	n := float64(c.N)
	scaled := func(a mat.Matrix) *mat.Dense {
		if a == nil {
			return nil
		}
		var d mat.Dense
		d.Scale(n, a)
		return &d
	}
	top := []*mat.Dense{scaled(c.Target), scaled(c.Optimum), scaled(c.Trained)}
	shared := plots.SequentialScale()
	shared.Min, shared.Max = math.Inf(1), math.Inf(-1)
	for _, a := range top {
		if a != nil {
			shared.Min, shared.Max = math.Min(shared.Min, mat.Min(a)), math.Max(shared.Max, mat.Max(a))
		}
	}
	if !(shared.Min < shared.Max) {
		shared.Min, shared.Max = 0, 0 // from the data (a constant matrix, or NaN: Heatmap reports it)
	}
	titles := []string{tname + " × N", "level-2 optimum × N", "trained × N"}
	opt := func(title string, scale plots.ColorScale) plots.HeatmapOptions {
		return plots.HeatmapOptions{Title: title, RowNames: c.Labels, ColNames: c.Labels,
			YLabel: "view-1 state i", XLabel: "view-2 state j", Scale: scale}
	}
	row1 := make([]*plot.Plot, 3)
	for k, a := range top {
		if a == nil {
			continue
		}
		p, err := plots.Heatmap(a, opt(titles[k], shared))
		if err != nil {
			return nil, err
		}
		row1[k] = p
	}
	pairs := [][2]mat.Matrix{{c.Trained, c.Target}, {c.Trained, c.Optimum}, {c.Optimum, c.Target}}
	relTitles := []string{"(trained − " + tname + ") / " + tname + " in %", "(trained − optimum) / optimum in %", "(optimum − " + tname + ") / " + tname + " in %"}
	row2 := make([]*plot.Plot, 3)
	any2 := false
	for k, pr := range pairs {
		if pr[0] == nil || pr[1] == nil {
			continue
		}
		p, err := plots.Heatmap(RelativeDifference(pr[0], pr[1], 100), opt(relTitles[k], plots.DivergingScale(0)))
		if err != nil {
			return nil, err
		}
		row2[k], any2 = p, true
	}
	grid := [][]*plot.Plot{row1}
	if any2 {
		grid = append(grid, row2)
	}
	r, _ := c.Trained.Dims()
	return plots.NewFigure(grid, plots.FigureOptions{Title: c.Title, Subtitle: c.Subtitle, Unit: plots.CellSize(r)})
}

// RelativeDifference returns scale·(a − b)/b entrywise.
func RelativeDifference(a, b mat.Matrix, scale float64) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, _ float64) float64 {
		return scale * (a.At(i, j) - b.At(i, j)) / b.At(i, j)
	}, out)
	return out
}
