package simulate

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestValidateNamesTheField: Config.Validate, the one owner of a run's rules, returns
// a *FieldError naming the Go field, the value and the expectation, for each rule on
// both sides of its boundary where it has one.
func TestValidateNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		reason       string
		edit         func(c *Config)
		field, value string
		msg          string
	}{
		{"N below 2", func(c *Config) { c.N = 1 }, "N", "1", "need ≥ 2"},
		{"unknown loss", func(c *Config) { c.Loss = "triplet" }, "Loss", `"triplet"`, "unknown loss, want one of ["},
		{"τ = 0", func(c *Config) { c.Params.Tau = 0 }, "Params.Tau", "0", "τ"},
		{"τ = +Inf", func(c *Config) { c.Params.Tau = math.Inf(1) }, "Params.Tau", "+Inf", "τ"},
		{"α NaN for SC-InfoNCE", func(c *Config) { c.Loss = "scinfonce"; c.Params.Alpha = math.NaN() }, "Params.Alpha", "NaN", "α"},
		{"β Inf for SC-InfoNCE", func(c *Config) { c.Loss = "scinfonce"; c.Params.Beta = math.Inf(-1) }, "Params.Beta", "-Inf", "β"},
		{"logits without a logit form", func(c *Config) { c.Loss = "dhel"; c.Model = ModelConfig{Kind: ModelLogits} }, "Model.Kind", `"logits"`, `loss "dhel" has no free-logit form`},
		{"dim 0", func(c *Config) { c.Model = ModelConfig{Kind: ModelEmbedding} }, "Model.Dim", "0", "need ≥ 1"},
		{"one width", func(c *Config) { c.Model.Widths = []int{8} }, "Model.Widths", "[8]", "need the input width"},
		{"width 0", func(c *Config) { c.Model.Widths = []int{8, 0} }, "Model.Widths[1]", "0", "need ≥ 1"},
		{"noise < 0", func(c *Config) { c.Model.Noise = -0.1 }, "Model.Noise", "-0.1", "need a finite σ ≥ 0"},
		{"noise Inf", func(c *Config) { c.Model.Noise = math.Inf(1) }, "Model.Noise", "+Inf", "need a finite σ ≥ 0"},
		{"unknown model", func(c *Config) { c.Model.Kind = "rnn" }, "Model.Kind", `"rnn"`, "unknown model, want one of [logits embedding mlp]"},
		{"unknown optimiser", func(c *Config) { c.Opt.Name = "rmsprop" }, "Opt.Name", `"rmsprop"`, "unknown optimiser"},
		{"lr 0", func(c *Config) { c.Opt.LR = 0 }, "Opt.LR", "0", "need a finite learning rate > 0"},
		{"lr Inf", func(c *Config) { c.Opt.LR = math.Inf(1) }, "Opt.LR", "+Inf", "need a finite learning rate > 0"},
		{"momentum 1", func(c *Config) { c.Opt.Momentum = 1 }, "Opt.Momentum", "1", "need 0 ≤ momentum < 1"},
		{"momentum < 0", func(c *Config) { c.Opt.Momentum = -0.1 }, "Opt.Momentum", "-0.1", "need 0 ≤ momentum < 1"},
		{"warm-up beyond steps", func(c *Config) { c.Opt.Warmup = 601 }, "Opt.Warmup", "601", "need 0 ≤ warmup ≤ steps = 600"},
		{"warm-up < 0", func(c *Config) { c.Opt.Warmup = -1 }, "Opt.Warmup", "-1", "need 0 ≤ warmup ≤ steps = 600"},
		{"unknown schedule", func(c *Config) { c.Opt.Schedule = "step" }, "Opt.Schedule", `"step"`, "unknown schedule"},
		{"steps 0", func(c *Config) { c.Steps = 0; c.Opt.Warmup = 0 }, "Steps", "0", "need ≥ 1"},
		{"record every 0", func(c *Config) { c.RecordEvery = 0 }, "RecordEvery", "0", "need ≥ 1"},
		{"eval batches < 0", func(c *Config) { c.EvalBatches = -1 }, "EvalBatches", "-1", "need ≥ 0 (0: 10)"},
		{"workers < 0", func(c *Config) { c.Workers = -3 }, "Workers", "-3", "need ≥ 0 (0: GOMAXPROCS)"},
		{"replicate < 0", func(c *Config) { c.Replicate = -1 }, "Replicate", "-1", "need ≥ 0"},
		{"average from = steps", func(c *Config) { c.AverageFrom = 600 }, "AverageFrom", "600", "need 0 (off) or a step in [1, steps = 600)"},
		{"average from < 0", func(c *Config) { c.AverageFrom = -1 }, "AverageFrom", "-1", "need 0 (off)"},
	} {
		cfg := ToyConfig()
		tc.edit(&cfg)
		err := cfg.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Value != tc.value || !strings.Contains(fe.Msg, tc.msg) {
			t.Errorf("%s: Validate = %v, want a *FieldError %s = %s: …%s…", tc.reason, err, tc.field, tc.value, tc.msg)
			continue
		}
		if want := "simulate: config " + tc.field + " = " + tc.value + ": "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %q does not start with %q", tc.reason, err, want)
		}
	}
	// The accepted side of the boundaries.
	for _, edit := range []func(c *Config){
		func(c *Config) { c.N = 2 }, func(c *Config) { c.Opt.Warmup = 600 }, func(c *Config) { c.Opt.Warmup = 0 },
		func(c *Config) { c.Model.Noise = 0 }, func(c *Config) { c.Model.Widths = []int{1, 1} }, func(c *Config) { c.AverageFrom = 599 },
		func(c *Config) { c.AverageFrom = 1 }, func(c *Config) { c.Opt = OptimizerConfig{Name: "sgd", LR: 1, Momentum: 0, Schedule: "constant"} },
		func(c *Config) {
			c.EvalBatches, c.Workers, c.Replicate = 0, 0, 0
			c.Steps, c.RecordEvery, c.Opt.Warmup = 1, 1, 1
		},
		func(c *Config) { c.Model = ModelConfig{Kind: ModelEmbedding, Dim: 1} }, func(c *Config) { c.Model = ModelConfig{Kind: ModelLogits} },
	} {
		cfg := ToyConfig()
		edit(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	var fe *FieldError
	bad := ToyConfig()
	bad.N = 0
	if !errors.As(bad.Validate(), &fe) || fe.Unwrap() == nil {
		t.Errorf("N = 0: the error does not wrap feature.CheckBatchSize's")
	}
}
