package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// mcPoint is one replicate's estimate summary after some number of draws.
type mcPoint struct{ maxErr, meanSE, maxZ float64 }

// drawCounts returns n distinct integers from lo to hi, evenly spaced in log.
func drawCounts(lo, hi, n int) []int {
	var out []int
	for _, v := range logGrid(float64(lo), float64(hi), n) {
		k := int(math.Round(v))
		if len(out) == 0 || k > out[len(out)-1] {
			out = append(out, k)
		}
	}
	return out
}

// buildMonteCarlo draws the monte-carlo figure (monteCarloData).
func buildMonteCarlo(in inputs) (*plots.Figure, error) {
	return plots.MonteCarlo(monteCarloData(in))
}

// monteCarloData returns what the monte-carlo figure draws: the convergence of the
// Monte Carlo estimate ĉ1 of c1 (C9) over MCReplicates replicate streams, in each of
// which a sample.PairCounter accumulates draws and is read at each count.
func monteCarloData(in inputs) plots.MonteCarloData {
	s := in.Space
	c1 := s.PositiveJoint()
	counts := drawCounts(in.Set.MCMin, in.Set.MCMax, in.Set.MCPoints)
	sp := sample.NewSampler(s)
	start := time.Now()
	runs := sample.Replicates(in.Set.Seed, in.Set.MCReplicates, in.Set.Workers, func(_ int, rng *rand.Rand) []mcPoint {
		counter := sample.NewPairCounter(s.Len())
		var b sample.Batch
		out := make([]mcPoint, len(counts))
		for k, n := range counts {
			for left := n - counter.Draws(); left > 0; left -= 1024 {
				sp.Batch(&b, 3*min(left, 1024), rng) // three sources per draw (PairCounter.Add)
				counter.Add(&b)
			}
			out[k] = summarise(counter.Estimate(), c1)
		}
		return out
	})
	in.logf("Monte Carlo: %d replicates up to %d draws in %.1fs", in.Set.MCReplicates, counts[len(counts)-1], time.Since(start).Seconds())
	draws := make([]float64, len(counts))
	for k, n := range counts {
		draws[k] = float64(n)
	}
	reduce := func(f func(mcPoint) float64) plots.Spread {
		sp := plots.Spread{Mid: make([]float64, len(counts)), Lo: make([]float64, len(counts)), Hi: make([]float64, len(counts))}
		vals := make([]float64, len(runs))
		for k := range counts {
			for r := range runs {
				vals[r] = f(runs[r][k])
			}
			slices.Sort(vals)
			sp.Mid[k], sp.Lo[k], sp.Hi[k] = median(vals), vals[0], vals[len(vals)-1]
		}
		return sp
	}
	return plots.MonteCarloData{
		Draws:  draws,
		MaxErr: reduce(func(p mcPoint) float64 { return p.maxErr }),
		MeanSE: reduce(func(p mcPoint) float64 { return p.meanSE }),
		MaxZ:   reduce(func(p mcPoint) float64 { return p.maxZ }),
		ZRule:  3,
		Title:  "Monte Carlo pair statistics converge at 1/√n (C9)",
		Subtitle: fmt.Sprintf("ĉ1: symmetrised frequencies of the positive pairs among n independent draws (sample.PairCounter),\n"+
			"%d replicate streams; se_ij: the estimator's standard error", in.Set.MCReplicates),
		MidLabel:  fmt.Sprintf("median over %d replicates", in.Set.MCReplicates),
		BandLabel: "min–max over replicates",
	}
}

// summarise returns max_ij |ĉ1_ij − c1_ij|, the mean standard error over ij, and
// max_ij |ĉ1_ij − c1_ij| / se_ij over the entries with se_ij > 0.
func summarise(e *sample.PairEstimate, c1 mat.Matrix) mcPoint {
	m, _ := c1.Dims()
	var p mcPoint
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			d := math.Abs(e.C1.At(i, j) - c1.At(i, j))
			se := e.C1SE.At(i, j)
			p.maxErr = math.Max(p.maxErr, d)
			p.meanSE += se / float64(m*m)
			if se > 0 {
				p.maxZ = math.Max(p.maxZ, d/se)
			}
		}
	}
	return p
}

// median returns the median of sorted values.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
