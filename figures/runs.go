package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// This file holds what the builders of the trained figures share: running replicates
// and reducing their records to per-pair traces.

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

// upperPairs returns the state pairs (i, j), i ≤ j, of m states in row order.
func upperPairs(m int) []feature.Pair {
	var out []feature.Pair
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			out = append(out, feature.Pair{I: i, J: j})
		}
	}
	return out
}

// offDiagonalPairs returns the pairs (i, j), i < j, of m states.
func offDiagonalPairs(m int) []feature.Pair {
	var out []feature.Pair
	for _, p := range upperPairs(m) {
		if p.I != p.J {
			out = append(out, p)
		}
	}
	return out
}

// symmetric returns (a_ij + a_ji)/2, or whichever of the two is a number, or NaN: a
// per-batch mean by ordered pair estimates a symmetric quantity twice.
func symmetric(a mat.Matrix, p feature.Pair) float64 {
	x, y := a.At(p.I, p.J), a.At(p.J, p.I)
	switch {
	case math.IsNaN(x):
		return y
	case math.IsNaN(y):
		return x
	}
	return (x + y) / 2
}

// spread is the mean, minimum and maximum of the numbers in vs (ok false if none).
func spread(vs []float64) (mean, lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	var n int
	for _, v := range vs {
		if math.IsNaN(v) {
			continue
		}
		mean += v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		n++
	}
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN(), false
	}
	return mean / float64(n), lo, hi, true
}

// pairTraces reduces the records of replicates to one trace per pair: at each
// recorded step, the mean, minimum and maximum over replicates of scale ×
// symmetric(value(record), pair). A step at which no replicate has a number for the
// pair (possible at small N: no anchor of that pair in the batch) is left out of that
// pair's trace. Target, Optimum and Final are NaN; the callers set them.
func pairTraces(res []*simulate.Result, pairs []feature.Pair, value func(simulate.Record) mat.Matrix, scale float64) ([]plots.PairTrace, error) {
	if len(res) == 0 {
		return nil, fmt.Errorf("no replicates")
	}
	steps := len(res[0].Records)
	for r, x := range res {
		if len(x.Records) != steps {
			return nil, fmt.Errorf("replicate %d has %d records, replicate 0 has %d", r, len(x.Records), steps)
		}
	}
	out := make([]plots.PairTrace, len(pairs))
	vals := make([]float64, len(res))
	for k, p := range pairs {
		t := plots.PairTrace{I: p.I, J: p.J, Target: math.NaN(), Optimum: math.NaN(), Final: math.NaN(), FinalLo: math.NaN(), FinalHi: math.NaN()}
		for s := 0; s < steps; s++ {
			for r, x := range res {
				v := value(x.Records[s])
				if v == nil {
					return nil, fmt.Errorf("replicate %d: step %d has no measurement", r, x.Records[s].Step)
				}
				vals[r] = scale * symmetric(v, p)
			}
			mean, lo, hi, ok := spread(vals)
			if !ok {
				continue
			}
			t.Steps = append(t.Steps, float64(res[0].Records[s].Step))
			t.Mean, t.Lo, t.Hi = append(t.Mean, mean), append(t.Lo, lo), append(t.Hi, hi)
		}
		out[k] = t
	}
	return out, nil
}

// setFinal sets each trace's Final (mean) and FinalLo–FinalHi (min–max) to scale ×
// the replicates' trained positive-pair probability (Result.PairProb).
func setFinal(traces []plots.PairTrace, res []*simulate.Result, scale float64) {
	vals := make([]float64, len(res))
	for k := range traces {
		p := feature.Pair{I: traces[k].I, J: traces[k].J}
		for r, x := range res {
			vals[r] = scale * symmetric(x.PairProb, p)
		}
		traces[k].Final, traces[k].FinalLo, traces[k].FinalHi, _ = spread(vals)
	}
}

// pairProb is a record's positive-pair probability by state pair.
func pairProb(r simulate.Record) mat.Matrix { return r.PairProb }

// classCosine is a record's class-mean cosine matrix (nil without geometry).
func classCosine(r simulate.Record) mat.Matrix {
	if r.Geometry == nil {
		return nil
	}
	return r.Geometry.ClassCosine
}

// meanPairProb returns the mean over replicates of the trained positive-pair
// probability by ordered state pair (Result.PairProb).
func meanPairProb(res []*simulate.Result) *mat.Dense {
	r, c := res[0].PairProb.Dims()
	out := mat.NewDense(r, c, nil)
	for _, x := range res {
		out.Add(out, x.PairProb)
	}
	out.Scale(1/float64(len(res)), out)
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
