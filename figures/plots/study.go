package plots

import (
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/feature"
)

// This file holds what the study's figures (PairStatistics, Targets, …) share.

// Axis titles of the pair-statistics and target heatmaps (docs/theory.md §1: i ~ A[k,·] is a
// view of source state k; a pair is (view-1 state i, view-2 state j)).
const (
	sourceAxis = "source state k"
	viewAxis   = "view state i"
	view1Axis  = "view-1 state i"
	view2Axis  = "view-2 state j"
)

// panel is the data and options of one heatmap of a figure.
type panel struct {
	data mat.Matrix
	opt  HeatmapOptions
}

// heatmaps draws panels in order.
func heatmaps(panels []panel) ([]*plot.Plot, error) {
	ps := make([]*plot.Plot, len(panels))
	for k, pn := range panels {
		p, err := Heatmap(pn.data, pn.opt)
		if err != nil {
			return nil, err
		}
		ps[k] = p
	}
	return ps, nil
}

// stateNames returns the labels of a space's states.
func stateNames(s *feature.Space) []string {
	out := make([]string, s.Len())
	for i := range out {
		out[i] = s.Label(i)
	}
	return out
}

// vector formats a probability vector as (0.300, 0.367, 0.333).
func vector(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(x, 'f', 3, 64)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
