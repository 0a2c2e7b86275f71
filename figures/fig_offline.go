package main

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// offLine are the (α, β) of the off-line figure (C27): collapse, the attainable line
// as a control, and spreading.
var offLine = [][2]float64{{1, -0.2}, {1, 0}, {0.5, 0.2}}

// buildOffLine draws the sc-off-line figure (offLinePanels).
func buildOffLine(in inputs) (*plots.Figure, error) {
	return drawConvergence(offLinePanels(in))
}

// offLinePanels returns the panels of the sc-off-line figure: the class-mean cosines of
// per-state embeddings trained with SC-InfoNCE off and on α − β = 1, with the regime R1
// and R2 predict (feature.Drift, feature.Space.Collapses) and the unit-embedding optimum
// of the SC potential (optimum.SC) dashed.
func offLinePanels(in inputs) ([]plots.ConvergencePanel, plots.ConvergenceOptions, error) {
	s := in.Space
	m := s.Len()
	pairs := offDiagonalPairs(m)
	var panels []plots.ConvergencePanel
	for _, ab := range offLine {
		a, b := ab[0], ab[1]
		title := "α = " + num(a) + ", β = " + num(b)
		cfg := in.embeddingConfig(loss.SCInfoNCE, a, b, in.Set.OffLineSteps, "constant")
		res, err := in.train("scinfonce, embeddings, "+title, cfg, in.Set.OffLineSeeds)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, err
		}
		traces, err := trace.Pairs(res, pairs, trace.ClassCosine, 1)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("%s: %w", title, err)
		}
		opt, err := optimum.SC(s, a, b, optimum.Options{Dim: in.Set.Dim, Tau: 1, N: in.N, Seed: in.Set.Seed})
		if err != nil {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("%s: SC optimum: %w", title, err)
		}
		for k := range traces {
			traces[k].Optimum = opt.Cosine.At(traces[k].I, traces[k].J)
		}
		// The curves end at the top (collapse), in the upper half (the line) or at
		// the bottom (spreading): the note goes where they are not.
		at := plots.MiddleRight
		if feature.Drift(a, b) < 0 {
			at = plots.TopRight
		}
		panels = append(panels, plots.ConvergencePanel{
			Title: title, Traces: traces,
			Note: regimeNote(s, a, b), NoteAt: at,
			YMin: -1/float64(m-1) - 0.3, YMax: 1.08,
			Rules: []plots.Rule{
				{At: 1, Label: "collapse: cos = 1", Dash: plots.Solid, Width: 0.8},
				{At: -1 / float64(m-1), Label: "lowest mean cosine: −1/(m−1) = −" + fmt.Sprintf("%.2f", 1/float64(m-1)), Dash: plots.Solid, Width: 0.8, LabelLow: true},
			},
		})
	}
	return panels, plots.ConvergenceOptions{
		Title: "SC-InfoNCE off the attainable line: collapse and spreading (R1, R2)",
		Subtitle: fmt.Sprintf("per-state unit embeddings, d = %d, N = %d, τ = 1, Adam lr %g constant, %d seeds",
			in.Set.Dim, in.N, embeddingLR, in.Set.OffLineSeeds),
		YLabel:       "class-mean cosine",
		States:       stateNames(s),
		MeanLabel:    fmt.Sprintf("mean over %d seeds, band min–max", in.Set.OffLineSeeds),
		OptimumLabel: "unit-embedding optimum of the SC potential",
	}, nil
}

// regimeNote states what R1 (feature.Drift) and R2 (feature.Space.Collapses) predict
// for (α, β) on s.
func regimeNote(s *feature.Space, a, b float64) string {
	var r1 string
	switch d := a - b; feature.Drift(a, b) {
	case 0:
		r1 = "α − β = 1: T2 attainable (R1)"
	case 1:
		r1 = fmt.Sprintf("α − β = %.3g > 1: drift up (R1)", d)
	default:
		r1 = fmt.Sprintf("α − β = %.3g < 1: drift down (R1)", d)
	}
	lo, hi := s.RhoRange()
	worst := math.Min(a*lo, a*hi) // min_ij α ρ_ij
	if s.Collapses(a, b) {
		return r1 + fmt.Sprintf("\nmin αρ_ij = %.3f ≥ 1 + β = %.3g:\ncollapse stationary (R2)", worst, 1+b)
	}
	return r1 + fmt.Sprintf("\nmin αρ_ij = %.3f < 1 + β = %.3g:\nno collapse (R2)", worst, 1+b)
}
