package main

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// onLine are the (α, β) of the SC-InfoNCE convergence figure: on the attainable line
// α − β = 1 (R1), as simulate's TestC23.
var onLine = [][2]float64{{1, 0}, {1.5, 0.5}, {0.8, -0.2}}

// buildSCConvergence draws free-logit SC-InfoNCE on α − β = 1 (scConvergence).
func buildSCConvergence(in inputs) (*plots.Figure, error) {
	return drawConvergence(scConvergence(in))
}

// scConvergence returns the panels of the sc-convergence figure: the positive-pair
// probability × N by state pair against the step, T2(α, β)·N, and the Polyak-averaged
// trained model.
func scConvergence(in inputs) ([]plots.ConvergencePanel, plots.ConvergenceOptions, error) {
	s, n := in.Space, in.N
	scale := float64(n)
	pairs := trace.UpperPairs(s.Len())
	var panels []plots.ConvergencePanel
	var all []float64
	for _, ab := range onLine {
		a, b := ab[0], ab[1]
		if !feature.Attainable(a, b) {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("sc-convergence: (α, β) = (%v, %v) is off the attainable line", a, b)
		}
		title := "α = " + num(a) + ", β = " + num(b)
		cfg := in.logitConfig(loss.SCInfoNCE, a, b, n, in.Set.SCSteps)
		res, err := in.train("scinfonce, free logits, "+title, cfg, in.Set.SCSeeds)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, err
		}
		traces, err := trace.Pairs(res, pairs, trace.PairProb, scale)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("%s: %w", title, err)
		}
		trace.Final(traces, res, scale)
		t2, err := simulate.TargetFor(s, loss.SCInfoNCE, n, cfg.Params)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, err
		}
		for k := range traces {
			traces[k].Target = scale * t2.At(traces[k].I, traces[k].J)
			all = append(all, traces[k].Target)
		}
		note := fmt.Sprintf("averaged model: max gap to T2 %.2f %%", 100*feature.MaxRelGap(trace.Mean(pairProbs(res)), t2))
		panels = append(panels, plots.ConvergencePanel{Title: title, Traces: traces, Note: note, NoteAt: plots.BottomRight})
	}
	lo, hi := yWindow(all, 0.35, 0.05)
	lo -= 0.12 * (hi - lo) // room for the notes
	for k := range panels {
		panels[k].YMin, panels[k].YMax = lo, hi
	}
	return panels, plots.ConvergenceOptions{
		Title: "SC-InfoNCE on the attainable line α − β = 1: free logits reach T2",
		Subtitle: fmt.Sprintf("N = %d, τ = 1, free logits, SGD lr %g, %d seeds; records are single iterates, squares the Polyak average of steps %d–%d",
			n, logitLR, in.Set.SCSeeds, in.Set.SCSteps/5, in.Set.SCSteps-1),
		YLabel:      "P × N",
		States:      stateNames(s),
		MeanLabel:   fmt.Sprintf("mean over %d seeds, band min–max", in.Set.SCSeeds),
		TargetLabel: "T2(α, β) × N",
		FinalLabel:  "averaged model, fresh batches",
	}, nil
}
