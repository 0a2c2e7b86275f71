package simulate

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// logitConfig is free-logit training (docs/theory.md §5 level 1) on the toy: SGD at a
// constant rate with Polyak–Ruppert averaging of the iterates after the first fifth.
// Averaging is what makes 0.5 % reachable: the per-step gradient of θ_ij carries the
// binomial noise of the batch's positive count, σ ≈ α·√(c1/N) ≈ 0.01, so a single
// iterate jitters by ~1 % in P; the mean of ~2000 iterates by ~0.1–0.15 % (measured
// over seeds 1–3).
func logitConfig(lossName string, alpha, beta float64, steps int) Config {
	return Config{
		Space:       feature.Toy(),
		N:           feature.ToyBatchSize,
		Loss:        lossName,
		Params:      LossParams{Tau: 1, Alpha: alpha, Beta: beta},
		Model:       ModelConfig{Kind: ModelLogits},
		Opt:         OptimizerConfig{Name: "sgd", LR: 0.5, Schedule: "constant"},
		Steps:       steps,
		RecordEvery: 10,
		Seed:        11,
		EvalBatches: 20,
		AverageFrom: steps / 5,
	}
}

func TestTrainDeterministicAcrossWorkers(t *testing.T) {
	cfg := logitConfig("infonce", 1, 0, 30)
	cfg.N = 200
	one, err := Replicates(context.Background(), cfg, 3, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	two, err := Replicates(context.Background(), cfg, 3, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for rep := range one {
		if !mat.Equal(one[rep].PairProb, two[rep].PairProb) {
			t.Errorf("replicate %d differs between 1 and 2 workers", rep)
		}
	}
	if mat.Equal(one[0].PairProb, one[1].PairProb) {
		t.Error("replicates 0 and 1 gave identical results: streams are not distinct")
	}
}

func TestConfigErrorsNameTheValue(t *testing.T) {
	base := logitConfig("infonce", 1, 0, 10)
	tests := []struct {
		reason string
		edit   func(*Config)
		want   string
	}{
		{"N < 2", func(c *Config) { c.N = 1 }, "N = 1"},
		{"τ ≤ 0", func(c *Config) { c.Params.Tau = 0 }, "0"},
		{"unknown loss", func(c *Config) { c.Loss = "triplet" }, `"triplet"`},
		{"unknown model", func(c *Config) { c.Model.Kind = "resnet" }, `"resnet"`},
		{"embedding dimension", func(c *Config) { c.Model = ModelConfig{Kind: ModelEmbedding, Dim: 0} }, "Model.Dim = 0"},
		{"MLP widths", func(c *Config) { c.Model = ModelConfig{Kind: ModelMLP, Widths: []int{8, 0}} }, "Model.Widths[1] = 0"},
		{"MLP noise", func(c *Config) { c.Model = ModelConfig{Kind: ModelMLP, Widths: []int{8, 4}, Noise: math.NaN()} }, "Noise = NaN"},
		{"unknown optimiser", func(c *Config) { c.Opt.Name = "lion" }, `"lion"`},
		{"learning rate", func(c *Config) { c.Opt.LR = -1 }, "LR = -1"},
		{"schedule", func(c *Config) { c.Opt.Schedule = "step" }, `"step"`},
		{"steps", func(c *Config) { c.Steps = 0 }, "Steps = 0"},
		{"α", func(c *Config) { c.Params.Alpha = math.Inf(1) }, "+Inf"},
		{"workers", func(c *Config) { c.Workers = -2 }, "Workers = -2"},
	}
	for _, tc := range tests {
		c := base
		tc.edit(&c)
		_, err := Train(context.Background(), c, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, err, tc.want)
		}
	}
}

func TestDivergenceNamesTheStep(t *testing.T) {
	cfg := logitConfig("infonce", 1, 0, 50)
	cfg.N = 50
	cfg.Opt = OptimizerConfig{Name: "sgd", LR: 1e308, Schedule: "constant"}
	_, err := Train(context.Background(), cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "at step") {
		t.Errorf("error = %v, want a divergence error naming the step", err)
	}
}

func TestCancelledRunIsIncomplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := logitConfig("infonce", 1, 0, 100)
	cfg.N = 50
	res, err := Train(ctx, cfg, func(p Progress) {
		if p.Step >= 21 {
			cancel()
		}
	})
	if err == nil || res == nil || !res.Incomplete || res.PairProb != nil || len(res.Records) != 3 {
		t.Errorf("cancelled run: err = %v, incomplete = %v, %d records", err, res != nil && res.Incomplete, len(res.Records))
	}
}

// TestMLPWorkersDoNotChangeResults: Config.Workers only changes how the MLP's rows are
// split over goroutines; nn guarantees identical bits, so the whole run must agree.
func TestMLPWorkersDoNotChangeResults(t *testing.T) {
	cfg := ToyConfig()
	cfg.N, cfg.Steps, cfg.EvalBatches = 300, 12, 2
	var probs []*mat.Dense
	for _, w := range []int{1, 2, 0} {
		cfg.Workers = w
		res, err := Train(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		probs = append(probs, res.PairProb)
	}
	if !mat.Equal(probs[0], probs[1]) || !mat.Equal(probs[0], probs[2]) {
		t.Errorf("MLP runs differ across Workers = 1, 2, GOMAXPROCS:\n%v\n%v", mat.Formatted(probs[0]), mat.Formatted(probs[1]))
	}
}

// TestTrainStartsAndEvaluates pins what a run does at its two ends: free logits start
// at θ = 0, where every candidate is equally likely (P = 1/N, to the rounding of a
// mean of equal terms, 1e-15 relative); the MLP sees its states' vectors (with
// state-blind inputs every view would have the same embedding and class cosine 1);
// the evaluation measures the geometry of its first batch even when it has only one;
// and a loss without a count form (spectral) is evaluated on the logits of each fresh
// batch under the trained θ: after one step of SGD at rate 1 from θ = 0, θ ≠ 0, so the
// evaluation cannot give θ = 0's 1/N everywhere.
func TestTrainStartsAndEvaluates(t *testing.T) {
	ctx := context.Background()
	cfg := logitConfig("infonce", 1, 0, 2)
	cfg.N, cfg.RecordEvery, cfg.AverageFrom, cfg.EvalBatches = 50, 1, 0, 1
	res, err := Train(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := res.Records[0]
	if !mat.Equal(first.Logits, mat.NewSymDense(3, nil)) {
		t.Errorf("θ before the first step:\n%v\nwant 0", mat.Formatted(first.Logits))
	}
	for k, v := range first.PairProb.RawMatrix().Data {
		if !math.IsNaN(v) && !scalar.EqualWithinRel(v, 1.0/50, 1e-15) {
			t.Errorf("P[%d] at θ = 0 is %v, want 1/N = 0.02", k, v)
		}
	}

	mlp := ToyConfig()
	mlp.N, mlp.Steps, mlp.EvalBatches, mlp.Opt.Warmup = 100, 1, 1, 0
	res, err = Train(ctx, mlp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Geometry == nil {
		t.Fatal("no evaluation geometry with EvalBatches = 1")
	}
	if c := res.Records[0].Geometry.ClassCosine.At(0, 1); !(c < 1-1e-9) {
		t.Errorf("MLP class cosine (0,1) = %v: the inputs do not depend on the states", c)
	}

	spec := logitConfig("spectral", 1, 0, 1)
	spec.N, spec.Opt.LR, spec.AverageFrom, spec.EvalBatches = 50, 1, 0, 2
	res, err = Train(ctx, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	uniform := true
	for _, v := range res.PairProb.RawMatrix().Data {
		uniform = uniform && scalar.EqualWithinRel(v, 1.0/50, 1e-15)
	}
	if uniform {
		t.Errorf("spectral free logits after one step evaluate to 1/N everywhere:\n%v", mat.Formatted(res.PairProb))
	}
}

// TestNewResultAndTargetFor: a run's result carries the mean-field target of its loss
// (for infonce T1 = feature.Space.InfoNCETarget, docs/theory.md §4.1), or a warning when
// there is none; TargetFor refuses N < 2, non-finite α and unknown names.
func TestNewResultAndTargetFor(t *testing.T) {
	cfg := logitConfig("infonce", 1, 0, 10)
	want := cfg.Space.InfoNCETarget(cfg.N)
	res := NewResult(cfg)
	if res.Target == nil || !mat.Equal(res.Target, want) || len(res.Warnings) != 0 {
		t.Errorf("NewResult: target %v, warnings %v; want T1 and none", res.Target, res.Warnings)
	}
	if got, err := TargetFor(cfg.Space, "infonce", cfg.N, cfg.Params); err != nil || !mat.Equal(got, want) {
		t.Errorf("TargetFor infonce: %v, %v; want T1", got, err)
	}
	for _, name := range []string{"spectral", "triplet"} {
		c := cfg
		c.Loss = name
		res := NewResult(c)
		if res.Target != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), name) || res.Loss != name {
			t.Errorf("NewResult %s: target %v, warnings %v; want none and a warning naming it", name, res.Target, res.Warnings)
		}
	}
	for _, c := range []struct {
		name string
		n    int
		p    LossParams
		want string
	}{{"infonce", 1, cfg.Params, "1"}, {"scinfonce", 10, LossParams{Tau: 1, Alpha: math.NaN()}, "NaN"}, {"triplet", 10, cfg.Params, `"triplet"`}} {
		if _, err := TargetFor(cfg.Space, c.name, c.n, c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("TargetFor(%s, N = %d, %+v): error %v, want one naming %s", c.name, c.n, c.p, err, c.want)
		}
	}
}

// TestReplicatesRefuses: no replicate count below 1, and an invalid configuration is
// refused before any replicate runs.
func TestReplicatesRefuses(t *testing.T) {
	cfg := logitConfig("infonce", 1, 0, 10)
	if _, err := Replicates(context.Background(), cfg, 0, 1, nil); err == nil || !strings.Contains(err.Error(), "0 replicates") {
		t.Errorf("0 replicates: error %v, want one naming 0", err)
	}
	cfg.N = 1
	if _, err := Replicates(context.Background(), cfg, 2, 1, nil); err == nil || !strings.Contains(err.Error(), "N = 1") {
		t.Errorf("N = 1: error %v, want one naming N = 1", err)
	}
}
