package mnist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// BootstrapResult summarises a statistic over bootstrap replicates of an Estimate.
type BootstrapResult struct {
	// Mean and StdErr are the mean and standard deviation over the successful
	// replicates of each output of the statistic; StdErr is the bootstrap standard
	// error of the statistic computed on Â.
	Mean, StdErr []float64
	// Replicates counts the successful replicates, Failed those where the statistic
	// returned an error (e.g. a state no resampled view reached), FirstErr the first
	// such error.
	Replicates, Failed int
	FirstErr           error
}

// Bootstrap carries the Monte Carlo error of Â into any statistic of it: B times, each
// row k's R views are resampled with replacement (a multinomial(R, Â_k·) draw,
// replicate b from PCG(seed, b)), and stat is evaluated on the resampled estimate. The
// spread of its outputs over the replicates is the statistic's standard error (Efron
// and Tibshirani, An Introduction to the Bootstrap, ch. 6). Every output vector must
// have the same length. It returns an error if b < 2 or no replicate succeeds.
func (e *Estimate) Bootstrap(b int, seed uint64, stat func(*Estimate) ([]float64, error)) (*BootstrapResult, error) {
	if b < 2 {
		return nil, fmt.Errorf("mnist: %d bootstrap replicates: need ≥ 2 for a standard error", b)
	}
	res := &BootstrapResult{}
	var mean, m2 []float64 // Welford's running mean and sum of squared deviations
	views := make([]int32, e.R)
	for rep := 0; rep < b; rep++ {
		rng := rand.New(rand.NewPCG(seed, uint64(rep)))
		boot := &Estimate{R: e.R, rows: make([][]Count, e.Len())}
		snapped := make([]int, e.R)
		for k, row := range e.rows {
			n := 0
			for _, c := range row {
				for range c.N {
					views[n] = c.State
					n++
				}
			}
			for v := range snapped {
				snapped[v] = int(views[rng.IntN(e.R)])
			}
			boot.rows[k] = countRow(snapped)
		}
		out, err := stat(boot)
		if err != nil {
			res.Failed++
			if res.FirstErr == nil {
				res.FirstErr = err
			}
			continue
		}
		if mean == nil {
			mean, m2 = make([]float64, len(out)), make([]float64, len(out))
		}
		if len(out) != len(mean) {
			panic(fmt.Sprintf("mnist: Bootstrap: statistic returned %d outputs, earlier %d", len(out), len(mean)))
		}
		res.Replicates++
		n := float64(res.Replicates)
		for i, v := range out {
			d := v - mean[i]
			mean[i] += d / n
			m2[i] += d * (v - mean[i])
		}
	}
	if res.Replicates == 0 {
		return res, fmt.Errorf("mnist: bootstrap: all %d replicates failed, first: %w", b, res.FirstErr)
	}
	res.Mean, res.StdErr = mean, make([]float64, len(mean))
	if res.Replicates > 1 {
		for i, v := range m2 {
			res.StdErr[i] = math.Sqrt(v / float64(res.Replicates-1))
		}
	}
	return res, nil
}
