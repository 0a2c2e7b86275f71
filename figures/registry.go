package main

import (
	"context"
	"fmt"
	"io"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// inputs is what the figures are drawn from: the embedded default scenario, the sizes
// of the computations, and where to report progress. The registry entries build their
// own data (training runs, optima) from it, so they keep one signature.
type inputs struct {
	Space *feature.Space // the feature space, π and A
	N     int            // sources per batch
	Set   settings       // steps, replicates, grids
	Log   io.Writer      // progress lines of long computations (nil: none)
	// Ctx stops the training runs when done (nil: never).
	Ctx context.Context
}

// defaultInputs returns the paper's toy (docs/theory.md §7) at its batch size, with the
// default settings, or the quick ones.
func defaultInputs(quick bool, log io.Writer) inputs {
	set := defaultSettings(feature.ToyBatchSize)
	if quick {
		set = quickSettings()
	}
	return inputs{Space: feature.Toy(), N: set.N, Set: set, Log: log}
}

// entry is one figure of the registry: its name (the file name), a caption for the
// index, and the function that draws it.
type entry struct {
	Name    string
	Caption string
	Build   func(in inputs) (*plots.Figure, error)
}

// registry returns every figure the command draws, in the order of the study, with
// captions that state set's settings. Names are unique, lower case and usable as file
// names (run_test.go).
func registry(set settings) []entry {
	return []entry{
		{
			Name: "tpm",
			Caption: "The toy's TPM and pair statistics (docs/theory.md §1–§2, §7): heatmaps of the augmentation TPM A, " +
				"the positive-pair joint c1 = Aᵀ diag(π) A, the negative-pair joint c2 = qᵀq and the density ratio " +
				"ρ = c1/c2, annotated with their values. c1 and c2 share one colour range; both are symmetric with " +
				"row sums q (C1–C3). ρ is drawn diverging around 1: red pairs are more likely to be positive pairs " +
				"than negative ones, and InfoNCE pulls their features together.",
			Build: func(in inputs) (*plots.Figure, error) { return plots.PairStatistics(in.Space) },
		},
		{
			Name: "targets",
			Caption: fmt.Sprintf("Convergence targets of the toy at N = %d (docs/theory.md §4): ", set.N) +
				"the InfoNCE target T1 = c1/(c1 + (N−1)c2) and the SC-InfoNCE target T2 = αc1/((N−1)c2) − β/(N−1) " +
				"at α = 1, β = 0, both times N and on one colour range, and their relative difference (T2 − T1)/T1 " +
				"in per cent, which equals ρ/(N−1) here (C21).",
			Build: func(in inputs) (*plots.Figure, error) { return plots.Targets(in.Space, in.N, 1, 0) },
		},
		{Name: "infonce-convergence", Caption: infonceCaption(set), Build: buildInfoNCEConvergence},
		{Name: "sc-convergence", Caption: scCaption(set), Build: buildSCConvergence},
		{Name: "sc-off-line", Caption: offLineCaption(set), Build: buildOffLine},
		{Name: "phase-diagram", Caption: phaseCaption(), Build: buildPhase},
		{Name: "batch-size", Caption: batchCaption(set), Build: buildBatchSize},
		{Name: "temperature", Caption: temperatureCaption(set), Build: buildTemperature},
		{Name: "clustering", Caption: clusteringCaption(set), Build: buildClustering},
		{Name: "monte-carlo", Caption: monteCarloCaption(set), Build: buildMonteCarlo},
		{Name: "reference-experiment", Caption: referenceCaption(set), Build: buildReference},
	}
}
