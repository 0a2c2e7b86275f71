package simulate

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Oversized configurations (each once ended in "fatal error: out of memory" or hours
// of work) are refused by Validate (or CheckReplicates), naming the field to lower,
// with a memory or work estimate.
func TestValidateRefusesOversized(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Config)
		reps  int
		field string
	}{
		{"batch 1e8", func(c *Config) { c.N = 1e8 }, 1, "lower N"},
		{"widths 1e8", func(c *Config) { c.Model.Widths = []int{8, 1e8, 16} }, 1, "lower Model.Widths"},
		{"embedding dim 1e9", func(c *Config) { c.Model = ModelConfig{Kind: ModelEmbedding, Dim: 1e9} }, 1, "lower Model.Dim"},
		{"logits batch 1e6", func(c *Config) { c.Model = ModelConfig{Kind: ModelLogits}; c.N = 1e6 }, 1, "lower N"},
		{"steps 1e12", func(c *Config) { c.Steps = 1e12; c.RecordEvery = 1e12 }, 1, "lower Steps"},
		{"replicates 1e9", func(c *Config) {}, 1e9, "lower the replicates (1000000000)"},
	} {
		cfg := ToyConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		if err == nil && c.reps > 1 {
			err = cfg.CheckReplicates(c.reps, 0, Limits{})
		}
		if err == nil || !strings.Contains(err.Error(), c.field) || !strings.Contains(err.Error(), "needs about") {
			t.Errorf("%s: error %v, want an estimate and %q", c.name, err, c.field)
		}
	}
	// The toy and a raised limit pass.
	cfg := ToyConfig()
	if err := cfg.Validate(); err != nil {
		t.Errorf("the toy: %v", err)
	}
	if err := cfg.CheckReplicates(100, 2, Limits{}); err != nil {
		t.Errorf("100 replicates of the toy: %v", err)
	}
	cfg.N = 1e5 // the N×N cosines: 8·10¹⁰ B = 74.5 GiB
	if err := cfg.ValidateWithin(Limits{MaxMemory: 1 << 40}); err != nil {
		t.Errorf("N = 1e5 with MaxMemory = 1 TiB: %v", err)
	}
	err := cfg.ValidateWithin(Limits{MaxMemory: 1 << 30})
	var re *ResourceError
	if !errors.As(err, &re) || re.Field != "N" || !strings.Contains(err.Error(), "Limits.MaxMemory") {
		t.Errorf("N = 1e5 with MaxMemory = 1 GiB: error %v, want a *ResourceError naming N and the limit", err)
	}
}

// The estimate of the embedding model's dominant buffer matches its closed form: the
// N×N cross-view cosines, 8N² bytes, with the model and records small beside it.
func TestEstimateClosedForm(t *testing.T) {
	cfg := Config{Space: feature.Toy(), N: 10000, Loss: "infonce", Model: ModelConfig{Kind: ModelEmbedding, Dim: 2}, Steps: 1, RecordEvery: 1}
	got := cfg.Estimate().Bytes
	want := 8.0 * 1e4 * 1e4
	// The other terms, (12N index and probability buffers + 4·2N·d embeddings and
	// gradients + 4md parameters + 4m² per record)·8 B = 2.24·10⁶ B, are 0.28 % of 8N²
	// at N = 10⁴, d = 2; 0.5 % bounds them.
	if !(got >= want && math.Abs(got-want) <= 5e-3*want) {
		t.Errorf("Estimate().Bytes = %g, want 8N² = %g to within 0.5 %% above", got, want)
	}
}

// FuzzValidateSizes: whatever the sizes, Validate and CheckReplicates return (no
// panic, no allocation of the sizes), and a configuration they accept has an estimate
// within the limits.
func FuzzValidateSizes(f *testing.F) {
	f.Add(int64(1000), int64(16), int64(3), int64(600), int64(1))
	f.Add(int64(1e8), int64(16), int64(3), int64(600), int64(1))
	f.Add(int64(64), int64(1e8), int64(3), int64(10), int64(1))
	f.Add(int64(64), int64(16), int64(1e9), int64(10), int64(1))
	f.Add(int64(64), int64(16), int64(3), int64(10), int64(1e9))
	f.Add(int64(2), int64(1), int64(1), int64(1), int64(1))
	f.Fuzz(func(t *testing.T, n, width, dim, steps, reps int64) {
		clamp := func(v int64) int { return int(min(max(v, -1), 1<<40)) }
		for _, model := range []ModelConfig{
			{Kind: ModelLogits},
			{Kind: ModelEmbedding, Dim: clamp(dim)},
			{Kind: ModelMLP, Widths: []int{8, clamp(width), 16}, Noise: 0.1},
		} {
			cfg := ToyConfig()
			cfg.N, cfg.Steps, cfg.Model = clamp(n), clamp(steps), model
			cfg.Opt.Warmup = 0
			err := cfg.Validate()
			if err == nil {
				err = cfg.CheckReplicates(max(1, clamp(reps)), 2, Limits{})
			}
			if err != nil {
				continue
			}
			e := cfg.Estimate()
			limit, _ := Limits{}.memoryLimit()
			if !(e.Bytes <= limit) || !(e.Flops <= DefaultMaxFlops) {
				t.Errorf("accepted %+v with estimate %+v above the limits", cfg, e)
			}
		}
	})
}
