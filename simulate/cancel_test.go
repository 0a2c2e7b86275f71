package simulate

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// cancelConfig is a small embedding run with many evaluation batches.
func cancelConfig() Config {
	return Config{
		Space: feature.Toy(), N: 32, Loss: "infonce", Params: LossParams{Tau: 1, Alpha: 1},
		Model: ModelConfig{Kind: ModelEmbedding, Dim: 3},
		Opt:   OptimizerConfig{Name: "adam", LR: 0.01, Schedule: "constant"},
		Steps: 4, RecordEvery: 1, Seed: 5, EvalBatches: 1000,
	}
}

// A cancellation that arrives after the last step (here from the progress callback of
// the last step, which is called before the evaluation) stops the evaluation: the
// defect was an evaluation that ignored the context (a run under timeout 60 went on
// for 42 minutes).
func TestCancelDuringEvaluation(t *testing.T) {
	cfg := cancelConfig()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := Train(ctx, cfg, func(p Progress) {
		if p.Step == p.Steps {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if !res.Incomplete || res.PairProb != nil || len(res.Records) != cfg.Steps {
		t.Errorf("incomplete=%v pair prob=%v records=%d; want an incomplete result with all %d records and no evaluation",
			res.Incomplete, res.PairProb != nil, len(res.Records), cfg.Steps)
	}
}

// ReplicatesWith skips the replicates Skip names, calls Done for each trained one,
// and gives the skipped ones' neighbours the results Replicates gives them.
func TestReplicatesWithSkipDone(t *testing.T) {
	cfg := cancelConfig()
	cfg.EvalBatches = 2
	all, err := Replicates(context.Background(), cfg, 3, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	done := map[int]bool{}
	some, err := ReplicatesWith(context.Background(), cfg, 3, ReplicateOptions{
		Workers: 2,
		Skip:    func(rep int) bool { return rep == 1 },
		Done: func(rep int, res *Result, err error) {
			mu.Lock()
			done[rep] = err == nil && res != nil
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if some[1] != nil || len(done) != 2 || !done[0] || !done[2] {
		t.Errorf("skipped replicate's result %v, Done calls %v; want nil and replicates 0, 2", some[1], done)
	}
	for _, rep := range []int{0, 2} {
		a, b := all[rep].PairProb, some[rep].PairProb
		r, c := a.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				// Same stream (seed, replicate): bit-identical, NaN where no anchor.
				x, y := a.At(i, j), b.At(i, j)
				if !(x == y || (x != x && y != y)) {
					t.Errorf("replicate %d P[%d][%d] = %v with skips, %v without", rep, i, j, y, x)
				}
			}
		}
	}
}
