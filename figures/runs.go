package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// This file holds what the builders of the trained figures share: running replicates
// (the reduction of their records to per-pair traces is figures/trace).

// train runs replicates 0…reps−1 of cfg (simulate.Replicates) and logs what it ran.
func (in inputs) train(what string, cfg simulate.Config, reps int) ([]*simulate.Result, error) {
	start := time.Now()
	ctx := in.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := simulate.Replicates(ctx, cfg, reps, in.Set.Workers, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	in.logf("%s: %d × %d steps in %.1fs (replicates × steps)", what, reps, cfg.Steps, time.Since(start).Seconds())
	return res, nil
}

// logf writes one indented progress line, if the inputs have a log.
func (in inputs) logf(format string, args ...any) {
	if in.Log != nil {
		fmt.Fprintf(in.Log, "      "+format+"\n", args...)
	}
}

// offDiagonalPairs returns the pairs (i, j), i < j, of m states.
func offDiagonalPairs(m int) []feature.Pair {
	var out []feature.Pair
	for _, p := range trace.UpperPairs(m) {
		if p.I != p.J {
			out = append(out, p)
		}
	}
	return out
}

// yWindow returns a y range around the values vs (NaN ignored), padded by pad times
// their spread and at least by minPad.
func yWindow(vs []float64, pad, minPad float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	d := math.Max(pad*(hi-lo), minPad)
	return lo - d, hi + d
}

// stateNames returns the labels of a space's states.
func stateNames(s *feature.Space) []string {
	out := make([]string, s.Len())
	for i := range out {
		out[i] = s.Label(i)
	}
	return out
}

// num formats a parameter as briefly as it round-trips, with a typographic minus.
func num(v float64) string {
	s := fmt.Sprint(v)
	if v < 0 {
		s = "−" + s[1:]
	}
	return s
}

// pairProbs returns the trained positive-pair probabilities of the replicates
// (Result.PairProb), for trace.Mean.
func pairProbs(res []*simulate.Result) []mat.Matrix {
	out := make([]mat.Matrix, len(res))
	for k, x := range res {
		out[k] = x.PairProb
	}
	return out
}

// drawConvergence draws the panels a convergence builder computed, or returns its error.
func drawConvergence(panels []plots.ConvergencePanel, opt plots.ConvergenceOptions, err error) (*plots.Figure, error) {
	if err != nil {
		return nil, err
	}
	return plots.Convergence(panels, opt)
}
