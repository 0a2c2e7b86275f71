package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/feature"
)

// PairStatistics returns the figure of a feature space's TPM and pair statistics
// (docs/theory.md §1–§2), a 2×2 grid of annotated heatmaps:
//
//	A                 augmentation TPM, A[k][i] = Pr(view i | source k)   sequential
//	c1 = Aᵀ diag(π) A  joint law of a positive pair                     sequential, range shared with c2
//	c2 = qᵀq          joint law of a negative pair                      sequential, range shared with c1
//	ρ = c1/c2         density ratio                                     diverging at 1
//
// The subtitle gives π, q = πA (for m ≤ MaxAnnotated) and I(V1;V2).
func PairStatistics(s *feature.Space) (*Figure, error) {
	if s == nil {
		return nil, fmt.Errorf("plots: pair statistics of a nil feature space: %w", ErrEmpty)
	}
	ps, err := heatmaps(pairStatisticsPanels(s))
	if err != nil {
		return nil, err
	}
	sub := fmt.Sprintf("I(V1;V2) = %.4g nats", s.MutualInformation())
	if s.Len() <= MaxAnnotated {
		sub = fmt.Sprintf("π = %s     q = πA = %s     %s", vector(s.Source()), vector(s.ViewMarginal()), sub)
	}
	return NewFigure([][]*plot.Plot{{ps[0], ps[1]}, {ps[2], ps[3]}}, FigureOptions{
		Title:    fmt.Sprintf("TPM and pair statistics (m = %d states)", s.Len()),
		Subtitle: sub,
		Unit:     CellSize(s.Len()),
	})
}

// pairStatisticsPanels returns the panels A, c1, c2, ρ of PairStatistics.
func pairStatisticsPanels(s *feature.Space) []panel {
	states := stateNames(s)
	// c1 and c2 are laws of the same pair of states, compared entry by entry (ρ = c1/c2),
	// so they share one colour range.
	c1, c2 := s.PositiveJoint(), s.NegativeJoint()
	joint := SequentialScale()
	joint.Min = math.Min(mat.Min(c1), mat.Min(c2))
	joint.Max = math.Max(mat.Max(c1), mat.Max(c2))
	panels := []panel{
		{s.Augmentation().Dense(), HeatmapOptions{Title: "A: augmentation TPM", YLabel: sourceAxis, XLabel: viewAxis, Format: "%.2f"}},
		{c1, HeatmapOptions{Title: "c1 = Aᵀ diag(π) A: positive pairs", YLabel: view1Axis, XLabel: view2Axis, Scale: joint}},
		{c2, HeatmapOptions{Title: "c2 = qᵀq: negative pairs", YLabel: view1Axis, XLabel: view2Axis, Scale: joint}},
		{s.DensityRatio(), HeatmapOptions{Title: "ρ = c1 / c2: density ratio", YLabel: view1Axis, XLabel: view2Axis, Format: "%.3f", Scale: DivergingScale(1)}},
	}
	for k := range panels {
		panels[k].opt.RowNames, panels[k].opt.ColNames = states, states
	}
	return panels
}
