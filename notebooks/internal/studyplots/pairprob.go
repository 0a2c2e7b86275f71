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
	top, rel, lo, hi := pairProbPanels(c)
	shared := plots.SequentialScale()
	shared.Min, shared.Max = lo, hi
	opt := func(title string, scale plots.ColorScale) plots.HeatmapOptions {
		return plots.HeatmapOptions{Title: title, RowNames: c.Labels, ColNames: c.Labels,
			YLabel: "view-1 state i", XLabel: "view-2 state j", Scale: scale}
	}
	var grid [][]*plot.Plot
	for r, row := range [][3]panel{top, rel} {
		plotted := make([]*plot.Plot, 3)
		scale, any := shared, false
		if r == 1 {
			scale = plots.DivergingScale(0)
		}
		for k, p := range row {
			if p.values == nil {
				continue
			}
			h, err := plots.Heatmap(p.values, opt(p.title, scale))
			if err != nil {
				return nil, err
			}
			plotted[k], any = h, true
		}
		if r == 0 || any {
			grid = append(grid, plotted)
		}
	}
	r, _ := c.Trained.Dims()
	return plots.NewFigure(grid, plots.FigureOptions{Title: c.Title, Subtitle: c.Subtitle, Unit: plots.CellSize(r)})
}

// panel is one heatmap of PairProbFigure: its values (nil: the panel is left empty)
// and its title.
type panel struct {
	values *mat.Dense
	title  string
}

// pairProbPanels returns the panels of PairProbFigure: the top row, target, optimum and
// trained × N, and the bottom row, the relative differences in per cent of trained vs
// target, trained vs optimum and optimum vs target; and the top row's shared colour
// range lo–hi (0–0 when it has no spread: the range then comes from the data).
func pairProbPanels(c PairProbComparison) (top, rel [3]panel, lo, hi float64) {
	tname := c.TargetName
	if tname == "" {
		tname = "target"
	}
	scaled := func(a mat.Matrix) *mat.Dense {
		if a == nil {
			return nil
		}
		var d mat.Dense
		d.Scale(float64(c.N), a)
		return &d
	}
	top = [3]panel{
		{scaled(c.Target), tname + " × N"},
		{scaled(c.Optimum), "level-2 optimum × N"},
		{scaled(c.Trained), "trained × N"},
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range top {
		if p.values != nil {
			lo, hi = math.Min(lo, mat.Min(p.values)), math.Max(hi, mat.Max(p.values))
		}
	}
	if !(lo < hi) {
		lo, hi = 0, 0 // from the data (a constant matrix, or NaN: Heatmap reports it)
	}
	relative := func(a, b mat.Matrix, title string) panel {
		if a == nil || b == nil {
			return panel{}
		}
		return panel{RelativeDifference(a, b, 100), title}
	}
	rel = [3]panel{
		relative(c.Trained, c.Target, "(trained − "+tname+") / "+tname+" in %"),
		relative(c.Trained, c.Optimum, "(trained − optimum) / optimum in %"),
		relative(c.Optimum, c.Target, "(optimum − "+tname+") / "+tname+" in %"),
	}
	return top, rel, lo, hi
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
