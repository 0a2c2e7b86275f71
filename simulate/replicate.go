package simulate

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// Replicates trains cfg for replicates 0…n−1 of cfg.Seed on up to workers goroutines
// (≤ 0: GOMAXPROCS) and returns the results in replicate order. Each replicate draws
// from its own stream (cfg.Seed, replicate), so the results do not depend on workers.
// progress (may be nil) is called from the workers' goroutines and must be safe for
// concurrent use. The first error, in replicate order, is returned with the results.
func Replicates(ctx context.Context, cfg Config, n, workers int, progress func(Progress)) ([]*Result, error) {
	if n < 1 {
		return nil, fmt.Errorf("simulate: %d replicates: need ≥ 1", n)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	type out struct {
		res *Result
		err error
	}
	outs := sample.Replicates(cfg.Seed, n, workers, func(rep int, _ *rand.Rand) out {
		c := cfg
		c.Replicate = rep
		res, err := Train(ctx, c, progress)
		return out{res, err}
	})
	results := make([]*Result, n)
	var first error
	for i, o := range outs {
		results[i] = o.res
		if o.err != nil && first == nil {
			first = fmt.Errorf("simulate: replicate %d: %w", i, o.err)
		}
	}
	return results, first
}
