package main

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// benchmarks are the (α, β) settings of the reference code's benchmarks (docs/theory.md
// §4); DD and COLLAB share one.
var benchmarks = []plots.PhasePoint{
	{Label: "CIFAR-10", Alpha: 1, Beta: -0.2},
	{Label: "CIFAR-100", Alpha: 0.5, Beta: 0.2},
	{Label: "ImageNet-100", Alpha: 0.1, Beta: 0.5},
	{Label: "PROTEINS", Alpha: 2.0, Beta: -0.4},
	{Label: "NCI1", Alpha: 0.7, Beta: 0.05},
	{Label: "DD, COLLAB", Alpha: 1.0, Beta: -0.3},
}

// buildPhase draws the (α, β) phase diagram of the space with the benchmark settings.
func buildPhase(in inputs) (*plots.Figure, error) {
	lo, hi := in.Space.RhoRange()
	return plots.PhaseDiagram(in.Space, plots.PhaseOptions{
		AlphaMin: 0, AlphaMax: 2.4, BetaMin: -0.8, BetaMax: 0.8,
		Points: benchmarks,
		Title:  "SC-InfoNCE regimes in the (α, β) plane",
		Subtitle: fmt.Sprintf("region boundaries from the toy's ρ_min = %.4f and ρ_max = %.4f (docs/theory.md §4)\n"+
			"points: the benchmark settings of the reference code", lo, hi),
	})
}
