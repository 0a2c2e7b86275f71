package simulate

import (
	"errors"
	"fmt"
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

// TestEstimateTerms pins Config.Estimate, term by term, on small toy configurations
// (m = 3) whose counts are written out by hand from the buffers Estimate's comments
// list. Every term is an integer below 2⁵³ (the /3 of the evaluation work divides
// exactly here), so the sums are exact and compared with ==.
func TestEstimateTerms(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		cfg                    Config
		bytes, records, flops  float64
		bytesField, flopsField string
	}{{
		// Free logits, infonce (k = N = 6), 3 steps recorded every step: records
		// ⌊2/1⌋ + 2 = 4 of 2m² = 18 floats (576 B). Memory: 12N floats (576 B) +
		// (8m² + 2k²) floats (1152 B, field N) + records. Work per step
		// 10k² + 10m³ = 630; 3 steps (1890) + 10 evaluation batches (10·630/3 = 2100).
		name: "logits infonce",
		cfg: Config{Space: feature.Toy(), N: 6, Loss: "infonce", Model: ModelConfig{Kind: ModelLogits},
			Steps: 3, RecordEvery: 1},
		bytes: 576 + 1152 + 576, records: 576, flops: 1890 + 2100, bytesField: "N", flopsField: "EvalBatches",
	}, {
		// RecordEvery = 0 counts one record (144 B).
		name: "logits, RecordEvery 0",
		cfg: Config{Space: feature.Toy(), N: 6, Loss: "infonce", Model: ModelConfig{Kind: ModelLogits},
			Steps: 3},
		bytes: 576 + 1152 + 144, records: 144, flops: 1890 + 2100, bytesField: "N", flopsField: "EvalBatches",
	}, {
		// Embedding, ntxent: the logits are 2N×2N, k = 10. Memory: 12N floats (480 B),
		// 4md parameters (192 B), 4·2N·d embeddings (640 B), k² cosines (800 B), records
		// ⌊9/4⌋ + 2 = 4 of 4m² = 36 floats (1152 B, field Steps). Work per step
		// 6k²d = 1200: 10 steps (12000) + 3 evaluation batches (1200); ten steps of a
		// 1200-flop step name N, the size.
		name: "embedding ntxent",
		cfg: Config{Space: feature.Toy(), N: 5, Loss: "ntxent", Model: ModelConfig{Kind: ModelEmbedding, Dim: 2},
			Steps: 10, RecordEvery: 4, EvalBatches: 3},
		bytes: 480 + 192 + 640 + 800 + 1152, records: 1152, flops: 12000 + 1200, bytesField: "Steps", flopsField: "N",
	}, {
		// MLP 2→3→2, infonce, N = 4 (k = 4): parameters (2·3 + 3) + (3·2 + 2) = 17,
		// activations 2 + 3 + 2 = 7, widest 3, d = 2. Memory: 12N floats (384 B),
		// 4·17 (544 B), 3·2N·7 (1344 B), (m + 2N)·3 (264 B), k² (128 B), records
		// ⌊1/1⌋ + 2 = 3 of 36 floats (864 B). Work per step: 6·2N·(2·3 + 3·2) = 576
		// for the layers + 6k²d = 192 for the loss; 2 steps (1536) + 1 evaluation batch (256).
		name: "mlp infonce",
		cfg: Config{Space: feature.Toy(), N: 4, Loss: "infonce", Model: ModelConfig{Kind: ModelMLP, Widths: []int{2, 3, 2}},
			Steps: 2, RecordEvery: 1, EvalBatches: 1},
		bytes: 384 + 544 + 1344 + 264 + 128 + 864, records: 864, flops: 1536 + 256, bytesField: "Model.Widths", flopsField: "Model.Widths",
	}, {
		// MLP 1→4 at N = 10, where the loss outweighs the layers: parameters 8,
		// activations 5, widest 4, d = 4. Memory: 12N floats (960 B), 4·8 (256 B),
		// 3·2N·5 (2400 B), (m + 2N)·4 (736 B), k² (800 B), 2 records (576 B). Work per
		// step: 6·2N·4 = 480 for the layer, 6k²d = 2400 for the loss, so the field is
		// N; 1 step (2880) + 1 evaluation batch (960).
		name: "mlp, loss-bound",
		cfg: Config{Space: feature.Toy(), N: 10, Loss: "infonce", Model: ModelConfig{Kind: ModelMLP, Widths: []int{1, 4}},
			Steps: 1, RecordEvery: 1, EvalBatches: 1},
		bytes: 960 + 256 + 2400 + 736 + 800 + 576, records: 576, flops: 2880 + 960, bytesField: "Model.Widths", flopsField: "N",
	}, {
		// An MLP with no widths yet (a half-filled configuration; Validate refuses it
		// before estimating): no parameters, d = 0, no panic. Memory 12N floats (384 B)
		// + k² (128 B) + 3 records (864 B); no work.
		name: "mlp without widths",
		cfg: Config{Space: feature.Toy(), N: 4, Loss: "infonce", Model: ModelConfig{Kind: ModelMLP},
			Steps: 2, RecordEvery: 1, EvalBatches: 1},
		bytes: 384 + 128 + 864, records: 864, flops: 0, bytesField: "Steps", flopsField: "",
	}} {
		e := tc.cfg.Estimate()
		if !(e.Bytes == tc.bytes && e.RecordBytes == tc.records && e.Flops == tc.flops) || e.BytesField != tc.bytesField || e.FlopsField != tc.flopsField {
			t.Errorf("%s: Estimate = %+v, want Bytes %v (field %s), RecordBytes %v, Flops %v (field %q)",
				tc.name, e, tc.bytes, tc.bytesField, tc.records, tc.flops, tc.flopsField)
		}
	}
}

// TestCheckResourcesBoundaries: the limits are inclusive (a configuration needing
// exactly the limit passes), the replicate count is named for memory only when the
// replicates' records outweigh the working memory, and for work only beyond 10³
// replicates; a limit that is not a finite number ≥ 0 is an error naming it.
func TestCheckResourcesBoundaries(t *testing.T) {
	// The first case of TestEstimateTerms: working memory 1728 B, records 576 B,
	// work 3990 flops per run.
	cfg := Config{Space: feature.Toy(), N: 6, Loss: "infonce", Params: LossParams{Tau: 1, Alpha: 1},
		Model: ModelConfig{Kind: ModelLogits}, Opt: OptimizerConfig{Name: "sgd", LR: 1, Schedule: "constant"},
		Steps: 3, RecordEvery: 1}
	if err := cfg.ValidateWithin(Limits{MaxMemory: 2304, MaxFlops: 3990}); err != nil {
		t.Errorf("a run needing exactly the limits (2304 B, 3990 flops): %v", err)
	}
	var re *ResourceError
	if err := cfg.ValidateWithin(Limits{MaxMemory: 2303}); !errors.As(err, &re) || !re.Memory || re.Need != 2304 || re.Limit != 2303 || re.Field != "N" {
		t.Errorf("one byte short: %v, want a memory *ResourceError needing 2304 B and naming N", err)
	}
	if err := cfg.ValidateWithin(Limits{MaxFlops: 3989}); !errors.As(err, &re) || re.Memory || re.Need != 3990 || re.Field != "EvalBatches" {
		t.Errorf("one flop short: %v, want a work *ResourceError needing 3990 flops and naming EvalBatches", err)
	}
	// 3 replicates on one worker: working 1728 B once, records 3·576 = 1728 B: a tie,
	// which names the run's field; 4 replicates' records (2304 B) outweigh it.
	for _, c := range []struct {
		reps  int
		need  float64
		field string
	}{{3, 3456, "N"}, {4, 4032, "replicates"}} {
		err := cfg.CheckReplicates(c.reps, 1, Limits{MaxMemory: 3000})
		if !errors.As(err, &re) || re.Need != c.need || re.Field != c.field {
			t.Errorf("%d replicates in 3000 B: %v, want a *ResourceError needing %v B naming %s", c.reps, err, c.need, c.field)
		}
	}
	// 10 replicates need 39900 flops; up to 10³ replicates the run's field is named.
	if err := cfg.CheckReplicates(10, 1, Limits{MaxFlops: 20000}); !errors.As(err, &re) || re.Need != 39900 || re.Field != "EvalBatches" {
		t.Errorf("10 replicates in 20000 flops: %v, want a *ResourceError needing 39900 naming EvalBatches", err)
	}
	for _, bad := range []float64{math.Inf(1), math.NaN(), -1} {
		if err := cfg.ValidateWithin(Limits{MaxFlops: bad}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("Limits.MaxFlops = %v", bad)) {
			t.Errorf("MaxFlops %v: error %v, want one naming it", bad, err)
		}
	}
	if err := cfg.ValidateWithin(Limits{MaxMemory: -1}); err == nil || !strings.Contains(err.Error(), "Limits.MaxMemory = -1") {
		t.Errorf("MaxMemory -1: error %v, want one naming it", err)
	}
}

// TestFormatBytes: binary units with 3 significant digits, exabytes the largest.
func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		b    float64
		want string
	}{{0, "0 B"}, {1023, "1.02e+03 B"}, {1536, "1.5 KiB"}, {1.5 * (1 << 30), "1.5 GiB"}, {1 << 70, "1.02e+03 EiB"}, {math.Inf(1), "∞"}} {
		if got := FormatBytes(c.b); got != c.want {
			t.Errorf("FormatBytes(%v) = %q, want %q", c.b, got, c.want)
		}
	}
}
