package main

import (
	"fmt"
	"math"
	"time"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// batchLosses are the free-logit losses measured against N, each compared with its
// target from simulate.TargetFor: InfoNCE with T1; SC-InfoNCE (α = 1, β = 0) and DCL
// with T2(1, 0) = c1/((N−1)c2), SC with the positive in its softmax, DCL in the
// decoupled normalisation. aim picks the analytic curve they are drawn with.
var batchLosses = []struct {
	loss, name string
	aim        plots.Aim
	marker     plots.Marker
}{
	{loss.InfoNCE, "InfoNCE, trained", plots.AimT1, plots.Circle},
	{loss.SCInfoNCE, "SC-InfoNCE (α = 1, β = 0), trained", plots.AimT2, plots.Square},
	{loss.DCL, "DCL (decoupled), trained", plots.AimT2, plots.Triangle},
}

// extremePairs returns the state pairs (i ≤ j) of largest and smallest ρ.
func extremePairs(s *feature.Space) []feature.Pair {
	rho := s.DensityRatio()
	var hi, lo feature.Pair
	best, worst := math.Inf(-1), math.Inf(1)
	for _, p := range trace.UpperPairs(s.Len()) {
		if r := rho.At(p.I, p.J); r > best {
			best, hi = r, p
		}
		if r := rho.At(p.I, p.J); r < worst {
			worst, lo = r, p
		}
	}
	return []feature.Pair{hi, lo}
}

// buildBatchSize draws the batch-size figure (batchSizeOptions).
func buildBatchSize(in inputs) (*plots.Figure, error) {
	opt, err := batchSizeOptions(in)
	if err != nil {
		return nil, err
	}
	return plots.BatchSize(in.Space, opt)
}

// batchSizeOptions returns what the batch-size figure draws: T1·N and T2(1, 0)·N
// against N with free-logit training at the batch sizes of the settings, and the exact
// gap of the batch-averaged positive-pair probability to T1 at the settings' GapSizes
// (enumerate.GapTable).
func batchSizeOptions(in inputs) (plots.BatchSizeOptions, error) {
	s := in.Space
	for _, n := range in.Set.GapSizes {
		if err := enumerate.CheckSize(s.Len(), n); err != nil {
			return plots.BatchSizeOptions{}, fmt.Errorf("exact enumeration at N = %d: %w", n, err)
		}
	}
	pairs := extremePairs(s)
	var measured []plots.BatchSizePoints
	for _, l := range batchLosses {
		series := make([]plots.BatchSizePoints, len(pairs))
		for k, p := range pairs {
			series[k] = plots.BatchSizePoints{Name: l.name, I: p.I, J: p.J, Aim: l.aim, Marker: l.marker}
		}
		for _, n := range in.Set.BatchSizes {
			steps := in.Set.batchSteps(n)
			cfg := in.logitConfig(l.loss, 1, 0, n, steps)
			cfg.RecordEvery = steps            // the trained model is what is measured
			cfg.EvalBatches = max(20, 40000/n) // ≥ 40 000 anchors
			target, err := simulate.TargetFor(s, l.loss, n, cfg.Params)
			if err != nil {
				return plots.BatchSizeOptions{}, err
			}
			res, err := in.train(fmt.Sprintf("%s, free logits, N = %d", l.loss, n), cfg, in.Set.BatchSeeds)
			if err != nil {
				return plots.BatchSizeOptions{}, err
			}
			vals := make([]float64, len(res))
			for k, p := range pairs {
				for r, x := range res {
					vals[r] = trace.Symmetric(x.PairProb, p)
				}
				mean, lo, hi, ok := trace.Spread(vals)
				if !ok {
					return plots.BatchSizeOptions{}, fmt.Errorf("%s at N = %d: no anchor of pair (%d, %d) in the evaluation batches", l.loss, n, p.I, p.J)
				}
				sr := &series[k]
				sr.N = append(sr.N, n)
				sr.Mean, sr.Lo, sr.Hi = append(sr.Mean, mean), append(sr.Lo, lo), append(sr.Hi, hi)
				sr.Target = append(sr.Target, target.At(p.I, p.J))
			}
		}
		measured = append(measured, series...)
	}
	nmin, nmax := in.Set.BatchSizes[0], in.Set.BatchSizes[0]
	for _, n := range in.Set.BatchSizes {
		nmin, nmax = min(nmin, n), max(nmax, n)
	}
	nmin, nmax = max(2, nmin/2), 2*nmax // the curves reach a little beyond the points
	start := time.Now()
	gap := enumerate.GapTable(s, in.Set.GapSizes)
	if len(gap) > 0 {
		in.logf("exact enumeration: gap to T1 at %d batch sizes up to N = %d in %.2fs", len(gap), gap[len(gap)-1].N, time.Since(start).Seconds())
	}
	return plots.BatchSizeOptions{
		Pairs: pairs, Alpha: 1, Beta: 0, NMin: nmin, NMax: nmax,
		Measured: measured,
		Gap:      gap, GapLimit: enumerate.GapLimit(s),
		Title: "Targets against the batch size N: the pairs of largest and smallest ρ, and the exact gap to T1",
		Subtitle: fmt.Sprintf("free logits, SGD lr %g with Polyak averaging, ≥ %.3g million anchors per run, %d seeds (bars: min–max); τ = 1\n"+
			"right: exact enumeration over the states of the N − 1 negatives (feature/enumerate), no sampling",
			logitLR, float64(in.Set.BatchAnchors)/1e6, in.Set.BatchSeeds),
	}, nil
}
