package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// ClusterPanel is one column of Clustering: the class-mean cosines learned with one
// loss and, optionally, the cosines of that loss's population optimum.
type ClusterPanel struct {
	Title   string
	Learned mat.Matrix // m×m
	Optimum mat.Matrix // m×m, or nil
}

// ClusterOptions describe a Clustering figure.
type ClusterOptions struct {
	Title, Subtitle string
	States          []string // state names (nil: indices)
}

// Clustering returns the learned class-mean cosine matrices as annotated heatmaps in a
// first row, on one sequential colour range, and, when every panel has an Optimum, the
// signed differences learned − optimum in a second row, diverging at 0 on one
// symmetric range. It returns an error wrapping ErrEmpty for no panels, an error for
// matrices of different shapes, and the errors of Heatmap (a *ValueError for NaN).
func Clustering(panels []ClusterPanel, opt ClusterOptions) (*Figure, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plots: clustering figure %q: no panels: %w", opt.Title, ErrEmpty)
	}
	var r, c int
	withOpt := true
	for k, pn := range panels {
		if pn.Learned == nil {
			return nil, fmt.Errorf("plots: clustering panel %q: nil matrix: %w", pn.Title, ErrEmpty)
		}
		pr, pc := pn.Learned.Dims()
		if k == 0 {
			r, c = pr, pc
		}
		if pr != r || pc != c {
			return nil, fmt.Errorf("plots: clustering panel %q: %d×%d matrix, panel 0 is %d×%d", pn.Title, pr, pc, r, c)
		}
		if pn.Optimum == nil {
			withOpt = false
			continue
		}
		if or, oc := pn.Optimum.Dims(); or != r || oc != c {
			return nil, fmt.Errorf("plots: clustering panel %q: %d×%d optimum for a %d×%d matrix", pn.Title, or, oc, r, c)
		}
	}
	// One range for the learned cosines of every panel, and one symmetric range for
	// the differences; finite values only (Heatmap reports the others).
	shared := SequentialScale()
	shared.Min, shared.Max = math.Inf(1), math.Inf(-1)
	var dmax float64
	diffs := make([]*mat.Dense, len(panels))
	for k, pn := range panels {
		rangeOf(pn.Learned, &shared.Min, &shared.Max)
		if withOpt {
			diffs[k] = mat.NewDense(r, c, nil)
			diffs[k].Sub(pn.Learned, pn.Optimum)
			lo, hi := math.Inf(1), math.Inf(-1)
			rangeOf(diffs[k], &lo, &hi)
			dmax = math.Max(dmax, math.Max(math.Abs(lo), math.Abs(hi)))
		}
	}
	if math.IsInf(shared.Min, 0) || shared.Min == shared.Max {
		shared.Min, shared.Max = 0, 0 // from the data (Heatmap's rule for a constant matrix)
	}
	diverging := DivergingScale(0)
	if dmax > 0 {
		diverging.Min, diverging.Max = -dmax, dmax
	}
	row := make([]*plot.Plot, len(panels))
	diffRow := make([]*plot.Plot, len(panels))
	for k, pn := range panels {
		p, err := Heatmap(pn.Learned, HeatmapOptions{Title: pn.Title, RowNames: opt.States, ColNames: opt.States,
			YLabel: "state i", XLabel: "state j", Scale: shared, Format: "%.3f"})
		if err != nil {
			return nil, err
		}
		row[k] = p
		if withOpt {
			d, err := Heatmap(diffs[k], HeatmapOptions{Title: "learned − optimum", RowNames: opt.States, ColNames: opt.States,
				YLabel: "state i", XLabel: "state j", Scale: diverging, Format: "%+.3f"})
			if err != nil {
				return nil, err
			}
			diffRow[k] = d
		}
	}
	grid := [][]*plot.Plot{row}
	if withOpt {
		grid = append(grid, diffRow)
	}
	return NewFigure(grid, FigureOptions{Title: opt.Title, Subtitle: opt.Subtitle, Unit: CellSize(max(r, c))})
}

// rangeOf widens [lo, hi] to the finite entries of a.
func rangeOf(a mat.Matrix, lo, hi *float64) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := a.At(i, j); finite(v) {
				*lo, *hi = math.Min(*lo, v), math.Max(*hi, v)
			}
		}
	}
}
