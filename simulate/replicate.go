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
	return ReplicatesWith(ctx, cfg, n, ReplicateOptions{Workers: workers, Progress: progress})
}

// ReplicateOptions control ReplicatesWith; none of them changes a result.
type ReplicateOptions struct {
	// Workers is the number of replicates trained at once (≤ 0: GOMAXPROCS).
	Workers int
	// Progress, when non-nil, is Train's progress callback; it is called from the
	// workers' goroutines and must be safe for concurrent use.
	Progress func(Progress)
	// Skip, when non-nil, names replicates not to train (a resumed run has them):
	// their results are nil.
	Skip func(rep int) bool
	// Done, when non-nil, is called with each trained replicate's result and error as
	// soon as it ends (from the workers' goroutines; it must be safe for concurrent
	// use), so that a caller can keep what finished before the others end.
	Done func(rep int, res *Result, err error)
	// Limits bound the memory and work of the replicates (zero: the defaults).
	Limits Limits
}

// ReplicatesWith is Replicates with the options opt.
func ReplicatesWith(ctx context.Context, cfg Config, n int, opt ReplicateOptions) ([]*Result, error) {
	if n < 1 {
		return nil, fmt.Errorf("simulate: %d replicates: need ≥ 1", n)
	}
	if err := cfg.ValidateWithin(opt.Limits); err != nil {
		return nil, err
	}
	if err := cfg.CheckReplicates(n, opt.Workers, opt.Limits); err != nil {
		return nil, err
	}
	type out struct {
		res *Result
		err error
	}
	outs := sample.Replicates(cfg.Seed, n, opt.Workers, func(rep int, _ *rand.Rand) out {
		if opt.Skip != nil && opt.Skip(rep) {
			return out{}
		}
		c := cfg
		c.Replicate = rep
		res, err := train(ctx, c, opt.Limits, opt.Progress)
		if opt.Done != nil {
			opt.Done(rep, res, err)
		}
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
