package main

import (
	"fmt"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Training settings of the InfoNCE convergence figure, per model level (docs/theory.md §5).
const (
	logitLR     = 0.5  // SGD, constant: simulate's free-logit tests (train_test.go's logitConfig)
	embeddingLR = 0.02 // Adam, 10 warm-up steps then cosine: reaches the level-2 optimum in ~150 steps at N = 1000
)

// logitConfig is free-logit training on in's space: SGD at a constant rate with
// Polyak–Ruppert averaging of the iterates after the first fifth (as simulate's
// TestC13 and TestC23), measured on 20 fresh batches after training.
func (in inputs) logitConfig(loss string, alpha, beta float64, n, steps int) simulate.Config {
	return simulate.Config{
		Space:       in.Space,
		N:           n,
		Loss:        loss,
		Params:      simulate.LossParams{Tau: 1, Alpha: alpha, Beta: beta},
		Model:       simulate.ModelConfig{Kind: simulate.ModelLogits},
		Opt:         simulate.OptimizerConfig{Name: "sgd", LR: logitLR, Schedule: "constant"},
		Steps:       steps,
		RecordEvery: in.Set.LogitRecordEvery,
		Seed:        in.Set.Seed,
		EvalBatches: 20,
		AverageFrom: steps / 5,
	}
}

// embeddingConfig is per-state embedding training (dimension Set.Dim) with Adam.
func (in inputs) embeddingConfig(loss string, alpha, beta float64, steps int, schedule string) simulate.Config {
	return simulate.Config{
		Space:       in.Space,
		N:           in.N,
		Loss:        loss,
		Params:      simulate.LossParams{Tau: 1, Alpha: alpha, Beta: beta},
		Model:       simulate.ModelConfig{Kind: simulate.ModelEmbedding, Dim: in.Set.Dim},
		Opt:         simulate.OptimizerConfig{Name: "adam", LR: embeddingLR, Schedule: schedule, Warmup: min(10, steps)},
		Steps:       steps,
		RecordEvery: in.Set.RecordEvery,
		Seed:        in.Set.Seed,
	}
}

// mlpConfig is simulate.ToyConfig (the reference workload: MLP 8→16→16→16 on noisy
// state vectors, Adam 1e-3, warm-up then cosine) on in's space and batch size.
func (in inputs) mlpConfig() simulate.Config {
	cfg := simulate.ToyConfig()
	cfg.Space, cfg.N, cfg.Seed = in.Space, in.N, in.Set.Seed
	cfg.Steps, cfg.RecordEvery = in.Set.MLPSteps, in.Set.RecordEvery
	cfg.Opt.Warmup = min(cfg.Opt.Warmup, cfg.Steps)
	return cfg
}

// buildInfoNCEConvergence draws the InfoNCE convergence of the three model levels
// (infonceConvergence).
func buildInfoNCEConvergence(in inputs) (*plots.Figure, error) {
	return drawConvergence(infonceConvergence(in))
}

// infonceConvergence returns the panels of the infonce-convergence figure: the
// positive-pair probability × N of every state pair over training for the three model
// levels, with T1·N and, for the two embedding levels, the level-2 optimum
// (optimum.InfoNCE) in its dimension.
func infonceConvergence(in inputs) ([]plots.ConvergencePanel, plots.ConvergenceOptions, error) {
	s, n := in.Space, in.N
	scale := float64(n)
	pairs := trace.UpperPairs(s.Len())
	mlp := in.mlpConfig()
	levels := []struct {
		title string
		cfg   simulate.Config
		dim   int // 0: free logits, no optimum
	}{
		{"free logits", in.logitConfig(loss.InfoNCE, 1, 0, n, in.Set.LogitSteps), 0},
		{fmt.Sprintf("per-state embeddings, d = %d", in.Set.Dim), in.embeddingConfig(loss.InfoNCE, 1, 0, in.Set.EmbeddingSteps, "warmup-cosine"), in.Set.Dim},
		{"MLP " + widths(mlp.Model.Widths), mlp, mlp.Model.Widths[len(mlp.Model.Widths)-1]},
	}
	var panels []plots.ConvergencePanel
	var all []float64
	for _, lv := range levels {
		t1, err := simulate.TargetFor(s, lv.cfg.Loss, n, lv.cfg.Params) // T1: every level trains infonce
		if err != nil {
			return nil, plots.ConvergenceOptions{}, err
		}
		res, err := in.train("infonce, "+lv.title, lv.cfg, in.Set.Seeds)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, err
		}
		traces, err := trace.Pairs(res, pairs, trace.PairProb, scale)
		if err != nil {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("%s: %w", lv.title, err)
		}
		trace.Final(traces, res, scale)
		final := trace.Mean(pairProbs(res))
		note := fmt.Sprintf("trained: max gap to T1 %.2f %%", 100*feature.MaxRelGap(final, t1))
		if lv.dim > 0 {
			opt, err := optimum.InfoNCE(s, optimum.Options{Dim: lv.dim, Tau: lv.cfg.Params.Tau, N: n, Seed: in.Set.Seed})
			if err != nil {
				return nil, plots.ConvergenceOptions{}, fmt.Errorf("%s: level-2 optimum: %w", lv.title, err)
			}
			for k := range traces {
				// The optimum's P_ij = e^{s_ij}/D_i is not symmetric; the traces are
				// symmetrised, so is the line.
				traces[k].Optimum = scale * trace.Symmetric(opt.Prob, feature.Pair{I: traces[k].I, J: traces[k].J})
			}
			note += fmt.Sprintf("\nto the level-2 optimum %.2f %%\n(optimum to T1: %.2f %%)", 100*feature.MaxRelGap(final, opt.Prob), 100*opt.MaxRelGap)
		}
		for k := range traces {
			traces[k].Target = scale * t1.At(traces[k].I, traces[k].J)
			all = append(all, traces[k].Target, traces[k].Optimum)
		}
		panels = append(panels, plots.ConvergencePanel{Title: lv.title, Traces: traces, Note: note, NoteAt: plots.BottomRight})
	}
	lo, hi := yWindow(all, 0.35, 0.05)
	lo -= 0.25 * (hi - lo) // room for the notes below the curves
	for k := range panels {
		panels[k].YMin, panels[k].YMax = lo, hi
	}
	return panels, plots.ConvergenceOptions{
		Title:        "InfoNCE: positive-pair probability by state pair during training",
		Subtitle:     fmt.Sprintf("N = %d, τ = 1, %d seeds; gaps are max_ij |P_ij − T_ij| / T_ij over ordered pairs of the trained model (mean over seeds)", n, in.Set.Seeds),
		YLabel:       "P × N",
		States:       stateNames(s),
		MeanLabel:    fmt.Sprintf("mean over %d seeds, band min–max", in.Set.Seeds),
		TargetLabel:  "T1 × N",
		OptimumLabel: "level-2 optimum × N",
		FinalLabel:   "trained model, fresh batches",
	}, nil
}

// widths writes MLP layer widths as 8→16→16→16.
func widths(w []int) string {
	s := ""
	for k, v := range w {
		if k > 0 {
			s += "→"
		}
		s += fmt.Sprint(v)
	}
	return s
}
