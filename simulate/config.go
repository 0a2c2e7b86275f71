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

// Validate returns the first invalid field as a *FieldError naming the field, its
// value and what was expected, or, for a configuration whose estimated memory or work
// (Estimate) exceeds the default Limits (the machine's memory, DefaultMaxFlops), a
// *ResourceError giving the estimate and the field to lower. It is
// ValidateWithin(Limits{}). Config is the one owner of the rules of a run: packages
// that fill a Config from a file (simulate/scenario) map FieldError.Field to their
// own names rather than restate the rules.
func (c *Config) Validate() error { return c.ValidateWithin(Limits{}) }

// ValidateWithin is Validate with the resource limits lim.
func (c *Config) ValidateWithin(lim Limits) error {
	if c.Space == nil {
		return fmt.Errorf("simulate: config Space is nil")
	}
	if err := c.ValidateFields(); err != nil {
		return err
	}
	return c.checkResources(lim, 1, 1, "")
}

// FieldError is an invalid field of a Config: the field as a Go path ("N",
// "Params.Tau", "Model.Widths[1]", "Opt.Warmup"), its value as text (strings quoted)
// and what was expected. Err, when set, is the underlying error (feature, loss).
type FieldError struct {
	Field, Value, Msg string
	Err               error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("simulate: config %s = %s: %s", e.Field, e.Value, e.Msg)
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErr returns a FieldError for field with value v and a formatted message.
func fieldErr(field string, v any, format string, args ...any) *FieldError {
	value := fmt.Sprint(v)
	if s, ok := v.(string); ok {
		value = fmt.Sprintf("%q", s)
	}
	return &FieldError{Field: field, Value: value, Msg: fmt.Sprintf(format, args...)}
}

// ValidateFields checks every field of c but Space, and not the resources; the first
// invalid one is returned as a *FieldError. It is the part of Validate a caller can
// run before building the space.
func (c *Config) ValidateFields() error {
	if err := feature.CheckBatchSize(c.N); err != nil {
		e := fieldErr("N", c.N, "need ≥ 2 (one positive and at least one negative per anchor)")
		e.Err = err
		return e
	}
	if !slices.Contains(loss.Names(), c.Loss) {
		return fieldErr("Loss", c.Loss, "unknown loss, want one of %v", loss.Names())
	}
	if _, err := loss.New(c.Loss, c.Params); err != nil {
		// Name the parameter that loss.New refuses on its own.
		p := c.Params
		e := fieldErr("Params", fmt.Sprintf("%+v", p), "%v", err)
		for _, f := range []struct {
			field string
			value float64
			p     LossParams
		}{{"Params.Tau", p.Tau, LossParams{Tau: p.Tau, Alpha: 1}}, {"Params.Alpha", p.Alpha, LossParams{Tau: 1, Alpha: p.Alpha}},
			{"Params.Beta", p.Beta, LossParams{Tau: 1, Alpha: 1, Beta: p.Beta}}} {
			if _, alone := loss.New(c.Loss, f.p); alone != nil {
				e = fieldErr(f.field, f.value, "%v", err)
				break
			}
		}
		e.Err = err
		return e
	}
	switch c.Model.Kind {
	case ModelLogits:
		if _, ok := mustLoss(c).(loss.LogitLoss); !ok {
			return fieldErr("Model.Kind", c.Model.Kind, "loss %q has no free-logit form; use kind %q or %q", c.Loss, ModelEmbedding, ModelMLP)
		}
	case ModelEmbedding:
		if c.Model.Dim < 1 {
			return fieldErr("Model.Dim", c.Model.Dim, "need ≥ 1")
		}
	case ModelMLP:
		if len(c.Model.Widths) < 2 {
			return fieldErr("Model.Widths", c.Model.Widths, "need the input width and at least one layer width")
		}
		for i, w := range c.Model.Widths {
			if w < 1 {
				return fieldErr(fmt.Sprintf("Model.Widths[%d]", i), w, "need ≥ 1")
			}
		}
		if !(c.Model.Noise >= 0) || math.IsInf(c.Model.Noise, 0) {
			return fieldErr("Model.Noise", c.Model.Noise, "need a finite σ ≥ 0")
		}
	default:
		return fieldErr("Model.Kind", c.Model.Kind, "unknown model, want one of %v", []string{ModelLogits, ModelEmbedding, ModelMLP})
	}
	for _, f := range []struct {
		field     string
		value, lo int
		why       string
	}{{"Steps", c.Steps, 1, ""}, {"RecordEvery", c.RecordEvery, 1, ""}, {"EvalBatches", c.EvalBatches, 0, " (0: 10)"},
		{"Workers", c.Workers, 0, " (0: GOMAXPROCS)"}, {"Replicate", c.Replicate, 0, ""}} {
		if f.value < f.lo {
			return fieldErr(f.field, f.value, "need ≥ %d%s", f.lo, f.why)
		}
	}
	switch c.Opt.Name {
	case "adam", "sgd":
	default:
		return fieldErr("Opt.Name", c.Opt.Name, "unknown optimiser, want one of [adam sgd]")
	}
	if !(c.Opt.LR > 0) || math.IsInf(c.Opt.LR, 0) {
		return fieldErr("Opt.LR", c.Opt.LR, "need a finite learning rate > 0")
	}
	if !(c.Opt.Momentum >= 0 && c.Opt.Momentum < 1) {
		return fieldErr("Opt.Momentum", c.Opt.Momentum, "need 0 ≤ momentum < 1")
	}
	switch c.Opt.Schedule {
	case "constant":
	case "warmup-cosine":
		if c.Opt.Warmup < 0 || c.Opt.Warmup > c.Steps {
			return fieldErr("Opt.Warmup", c.Opt.Warmup, "need 0 ≤ warmup ≤ steps = %d", c.Steps)
		}
	default:
		return fieldErr("Opt.Schedule", c.Opt.Schedule, "unknown schedule, want one of [constant warmup-cosine]")
	}
	if c.AverageFrom != 0 && (c.AverageFrom < 1 || c.AverageFrom >= c.Steps) {
		return fieldErr("AverageFrom", c.AverageFrom, "need 0 (off) or a step in [1, steps = %d)", c.Steps)
	}
	return nil
}

func mustLoss(c *Config) loss.Loss {
	l, err := loss.New(c.Loss, c.Params)
	if err != nil {
		panic(err) // Validate checked it
	}
	return l
}
