package proofs

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Encoder training (docs/theory.md §5 levels 2 and 3) as the ledger runs it: the toy, N = 1000,
// τ = 1. Level 2 is one free vector per state in R^EncoderDim (simulate's "embedding");
// level 3 the reference MLP 8→16→16→16 on base vectors + N(0, EncoderNoise²).
const (
	EncoderDim   = 8
	EncoderNoise = 0.1
)

// adamConstant is Adam at lr 1e-2 (C27: it moves every coordinate by about the rate per
// step, so a few hundred steps cross the O(1) distances between configurations).
var adamConstant = simulate.OptimizerConfig{Name: "adam", LR: 1e-2, Schedule: "constant"}

// adamCosine is Adam at lr 1e-2 with 10 warm-up steps and cosine decay to 0, which
// settles the MLP at its optimum (C29, level 3).
var adamCosine = simulate.OptimizerConfig{Name: "adam", LR: 1e-2, Schedule: "warmup-cosine", Warmup: 10}

// sgdEmbedding is plain SGD at rate 2 for per-state embeddings (C29, level 2), used with
// Polyak averaging. At τ = 1 a logit is a cosine, and a unit vector moved by δ moves its
// logits by ≤ δ, so the logit curvatures of free logits bound those of the embedding:
// λ_min ≈ 0.059 (FreeLogitFixedPoint.Relaxation) gives a relaxation time 1/(ηλ) ≈ 9
// steps, and λ ≲ 0.3 keeps ηλ < 2 (stable).
var sgdEmbedding = simulate.OptimizerConfig{Name: "sgd", LR: 2, Schedule: "constant"}

// EncoderConfig returns the ledger's encoder training configuration: model "embedding"
// or "mlp", the named loss, the optimiser, steps, Polyak averaging from averageFrom (0:
// none), and seed. Only the first and last steps are recorded.
func EncoderConfig(model, lossName string, alpha, beta float64, opt simulate.OptimizerConfig, steps, averageFrom int, seed uint64) simulate.Config {
	mc := simulate.ModelConfig{Kind: model, Dim: EncoderDim}
	if model == simulate.ModelMLP {
		mc = simulate.ModelConfig{Kind: model, Widths: []int{8, 16, 16, 16}, Noise: EncoderNoise}
	}
	return simulate.Config{
		Space:       feature.Toy(),
		N:           feature.ToyBatchSize,
		Loss:        lossName,
		Params:      simulate.LossParams{Tau: 1, Alpha: alpha, Beta: beta},
		Model:       mc,
		Opt:         opt,
		Steps:       steps,
		RecordEvery: steps,
		Seed:        seed,
		EvalBatches: 10,
		AverageFrom: averageFrom,
	}
}

// sharedEncoderRuns returns the shared replicates of an encoder configuration.
func sharedEncoderRuns(rc RunConfig, cfg simulate.Config, replicates int) ([]*simulate.Result, error) {
	key := fmt.Sprintf("encoder/%s/%s/α=%g/β=%g/%+v/steps=%d/avg=%d/reps=%d/seed=%d", cfg.Model.Kind, cfg.Loss, cfg.Params.Alpha, cfg.Params.Beta, cfg.Opt, cfg.Steps, cfg.AverageFrom, replicates, rc.Seed)
	return sharedDo(rc.shared(), key, func() ([]*simulate.Result, error) {
		cfg.Seed = DeriveSeed(rc.Seed, key)
		return simulate.Replicates(context.Background(), cfg, replicates, 0, nil)
	})
}

// pairProbStats returns the mean over runs of the measured positive-pair probability and
// its standard error.
func pairProbStats(runs []*simulate.Result) (mean, se *mat.Dense) {
	return replicateMatrix(len(runs), func(k int) mat.Matrix { return runs[k].PairProb })
}
