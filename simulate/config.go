package simulate

import (
	"fmt"
	"math"
	"slices"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Model kinds (docs/theory.md §5).
const (
	ModelLogits    = "logits"    // level 1: free symmetric state-pair logits
	ModelEmbedding = "embedding" // level 2: one vector per state, normalised by the loss
	ModelMLP       = "mlp"       // level 3: an MLP on noisy state vectors
)

// ModelConfig describes the model of a run.
type ModelConfig struct {
	Kind string // ModelLogits, ModelEmbedding or ModelMLP
	// Dim is the embedding dimension d of ModelEmbedding.
	Dim int
	// Widths are the MLP layer widths, input first (e.g. 8, 16, 16, 16); the input
	// width is the dimension of the state vectors.
	Widths []int
	// Noise is σ of the Gaussian noise added to a state's base vector (ModelMLP).
	Noise float64
}

// OptimizerConfig names the optimiser and its learning-rate schedule.
type OptimizerConfig struct {
	Name     string  // "adam" or "sgd"
	LR       float64 // base learning rate
	Momentum float64 // sgd only
	Schedule string  // "constant" or "warmup-cosine"
	Warmup   int     // warm-up steps of warmup-cosine
}

// Config is everything a training run needs.
type Config struct {
	Space  *feature.Space
	N      int    // sources per batch
	Loss   string // a name of NewLoss
	Params LossParams
	Model  ModelConfig
	Opt    OptimizerConfig
	Steps  int
	// RecordEvery is the period, in steps, of the recorded measurements; the last
	// step is always recorded.
	RecordEvery int
	Seed        uint64
	// Replicate selects the random stream (Seed, Replicate).
	Replicate int
	// EvalBatches is the number of fresh batches the trained model is measured on
	// (0: 10).
	EvalBatches int
	// AverageFrom > 0 turns on Polyak–Ruppert averaging: the trained model that is
	// evaluated has the mean of the parameters after steps AverageFrom…Steps−1, which
	// removes most of the SGD noise around the stationary point (the variance of the
	// mean falls like 1/(steps averaged) instead of staying at η·σ²/2h).
	AverageFrom int
	// Workers caps the goroutines one run uses inside a step, for the loss and the
	// MLP's rows (0: GOMAXPROCS). Callers running several runs at once set 1. Results do
	// not depend on it (loss and nn guarantee identical bits for any worker count).
	Workers int
	// ReferenceMetrics also computes the reference code's metric_fn at every record
	// (O(N²d) per record).
	ReferenceMetrics bool
}

func (c *Config) evalBatches() int {
	if c.EvalBatches > 0 {
		return c.EvalBatches
	}
	return 10
}

// ToyConfig returns the reference workload of docs/design.md on the paper's toy: the MLP
// 8→16→16→16 on base vectors + N(0, 0.1²), cross-view InfoNCE, τ = 1, N = 1000, Adam
// lr 1e-3 with 10 warm-up steps then cosine.
func ToyConfig() Config {
	return Config{
		Space:       feature.Toy(),
		N:           feature.ToyBatchSize,
		Loss:        loss.InfoNCE,
		Params:      LossParams{Tau: 1, Alpha: 1, Beta: 0},
		Model:       ModelConfig{Kind: ModelMLP, Widths: []int{8, 16, 16, 16}, Noise: 0.1},
		Opt:         OptimizerConfig{Name: "adam", LR: 1e-3, Schedule: "warmup-cosine", Warmup: 10},
		Steps:       600,
		RecordEvery: 10,
		Seed:        1,
	}
}

// Validate returns an error naming the first invalid field and its value, or, for a
// configuration whose estimated memory or work (Estimate) exceeds the default Limits
// (the machine's memory, DefaultMaxFlops), a *ResourceError giving the estimate and
// the field to lower. It is ValidateWithin(Limits{}).
func (c *Config) Validate() error { return c.ValidateWithin(Limits{}) }

// ValidateWithin is Validate with the resource limits lim.
func (c *Config) ValidateWithin(lim Limits) error {
	if c.Space == nil {
		return fmt.Errorf("simulate: config Space is nil")
	}
	if err := feature.CheckBatchSize(c.N); err != nil {
		return fmt.Errorf("simulate: config N: %w", err)
	}
	if !slices.Contains(loss.Names(), c.Loss) {
		return fmt.Errorf("simulate: config Loss = %q: unknown loss, want one of %v", c.Loss, loss.Names())
	}
	if _, err := loss.New(c.Loss, c.Params); err != nil {
		return fmt.Errorf("simulate: config Params: %w", err)
	}
	switch c.Model.Kind {
	case ModelLogits:
		if _, ok := mustLoss(c).(loss.LogitLoss); !ok {
			return fmt.Errorf("simulate: config Loss = %q has no logit form, so it cannot train model %q", c.Loss, c.Model.Kind)
		}
	case ModelEmbedding:
		if c.Model.Dim < 1 {
			return fmt.Errorf("simulate: config Model.Dim = %d: need ≥ 1", c.Model.Dim)
		}
	case ModelMLP:
		if len(c.Model.Widths) < 2 {
			return fmt.Errorf("simulate: config Model.Widths = %v: need an input and at least one layer width", c.Model.Widths)
		}
		for i, w := range c.Model.Widths {
			if w < 1 {
				return fmt.Errorf("simulate: config Model.Widths[%d] = %d: need ≥ 1", i, w)
			}
		}
		if !(c.Model.Noise >= 0) || math.IsInf(c.Model.Noise, 0) {
			return fmt.Errorf("simulate: config Model.Noise = %v: need a finite σ ≥ 0", c.Model.Noise)
		}
	default:
		return fmt.Errorf("simulate: config Model.Kind = %q: unknown model, want %q, %q or %q", c.Model.Kind, ModelLogits, ModelEmbedding, ModelMLP)
	}
	switch c.Opt.Name {
	case "adam", "sgd":
	default:
		return fmt.Errorf("simulate: config Opt.Name = %q: unknown optimiser, want \"adam\" or \"sgd\"", c.Opt.Name)
	}
	if !(c.Opt.LR > 0) || math.IsInf(c.Opt.LR, 0) {
		return fmt.Errorf("simulate: config Opt.LR = %v: need a finite learning rate > 0", c.Opt.LR)
	}
	if !(c.Opt.Momentum >= 0 && c.Opt.Momentum < 1) {
		return fmt.Errorf("simulate: config Opt.Momentum = %v: need 0 ≤ momentum < 1", c.Opt.Momentum)
	}
	switch c.Opt.Schedule {
	case "constant":
	case "warmup-cosine":
		if c.Opt.Warmup < 0 || c.Opt.Warmup > c.Steps {
			return fmt.Errorf("simulate: config Opt.Warmup = %d: need 0 ≤ warm-up ≤ Steps = %d", c.Opt.Warmup, c.Steps)
		}
	default:
		return fmt.Errorf("simulate: config Opt.Schedule = %q: unknown schedule, want \"constant\" or \"warmup-cosine\"", c.Opt.Schedule)
	}
	if c.Steps < 1 {
		return fmt.Errorf("simulate: config Steps = %d: need ≥ 1", c.Steps)
	}
	if c.RecordEvery < 1 {
		return fmt.Errorf("simulate: config RecordEvery = %d: need ≥ 1", c.RecordEvery)
	}
	if c.EvalBatches < 0 {
		return fmt.Errorf("simulate: config EvalBatches = %d: need ≥ 0", c.EvalBatches)
	}
	if c.AverageFrom < 0 || c.AverageFrom >= c.Steps {
		if c.AverageFrom != 0 {
			return fmt.Errorf("simulate: config AverageFrom = %d: need 0 (off) or a step in [1, Steps = %d)", c.AverageFrom, c.Steps)
		}
	}
	if c.Workers < 0 {
		return fmt.Errorf("simulate: config Workers = %d: need ≥ 0 (0: GOMAXPROCS)", c.Workers)
	}
	if c.Replicate < 0 {
		return fmt.Errorf("simulate: config Replicate = %d: need ≥ 0", c.Replicate)
	}
	return c.checkResources(lim, 1, 1, "")
}

func mustLoss(c *Config) loss.Loss {
	l, err := loss.New(c.Loss, c.Params)
	if err != nil {
		panic(err) // Validate checked it
	}
	return l
}
