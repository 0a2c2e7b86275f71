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

// logitConfig is free-logit training (theory.md §5 level 1) on the toy: SGD at a
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

// maxRelGap returns max_ij |got_ij − want_ij| / want_ij (NaN if any entry is NaN).
func maxRelGap(got, want mat.Matrix) float64 {
	r, c := want.Dims()
	var worst float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g := math.Abs(got.At(i, j)-want.At(i, j)) / math.Abs(want.At(i, j))
			if math.IsNaN(g) {
				return math.NaN()
			}
			worst = math.Max(worst, g)
		}
	}
	return worst
}

// TestC13_FreeLogitsReachT1 and TestC23: free-logit training reaches its target within
// 0.5 % (the claims' own tolerance, theory.md §5). The measurement is the mean
// positive-pair probability over 20 batches of 1000 anchors (≥ 2000 per state pair);
// its Jensen bias at N = 1000 is ~2e-5 relative (theory.md §4) and its sampling noise
// well below 0.1 %, so 0.5 % leaves the claim, not the estimator, to decide.
func TestC13_FreeLogitsReachT1(t *testing.T) {
	t.Parallel()
	res, err := Train(context.Background(), logitConfig("infonce", 1, 0, 2500), nil)
	if err != nil {
		t.Fatal(err)
	}
	gap := maxRelGap(res.PairProb, feature.Toy().InfoNCETarget(feature.ToyBatchSize))
	t.Logf("infonce: max relative gap to T1 = %.3g", gap)
	if !(gap <= 0.005) {
		t.Errorf("free-logit InfoNCE misses T1 by %.3g (> 0.5 %%):\n%v", gap, mat.Formatted(res.PairProb))
	}
}

func TestC23_SCFreeLogitsReachT2OnTheLine(t *testing.T) {
	t.Parallel()
	for _, ab := range [][2]float64{{1, 0}, {1.5, 0.5}, {0.8, -0.2}} {
		res, err := Train(context.Background(), logitConfig("scinfonce", ab[0], ab[1], 2500), nil)
		if err != nil {
			t.Fatal(err)
		}
		gap := maxRelGap(res.PairProb, feature.Toy().SCTarget(feature.ToyBatchSize, ab[0], ab[1]))
		t.Logf("scinfonce α=%v β=%v: max relative gap to T2 = %.3g", ab[0], ab[1], gap)
		if !(gap <= 0.005) {
			t.Errorf("α=%v β=%v: free-logit SC-InfoNCE misses T2 by %.3g (> 0.5 %%)", ab[0], ab[1], gap)
		}
	}
}

// TestC24_SCFreeLogitsDriftOffTheLine: off α − β = 1 the expected gradient has a
// component 1 + β − α along the all-ones direction (feature.SCPopulationPotential),
// so the mean logit moves monotonically (up when α − β > 1), while the softmax rows
// keep Σ_j q_j P_ij ≈ 1/(N−1) and so cannot reach T2, whose weighted row sums are
// (α−β)/(N−1) (R1): a 20–30 % miss, far outside sampling noise.
func TestC24_SCFreeLogitsDriftOffTheLine(t *testing.T) {
	t.Parallel()
	s := feature.Toy()
	n := feature.ToyBatchSize
	for _, ab := range [][2]float64{{1, -0.2}, {0.5, 0.2}} {
		res, err := Train(context.Background(), logitConfig("scinfonce", ab[0], ab[1], 300), nil)
		if err != nil {
			t.Fatal(err)
		}
		first, last := res.Records[1].Logits, res.Records[len(res.Records)-1].Logits
		drift := meanEntry(last) - meanEntry(first)
		want := float64(feature.Drift(ab[0], ab[1]))
		// Adam moves each logit by up to ~lr per step: hundreds of steps give a drift of
		// order 1, against O(lr) jitter; demand at least 0.5 in the predicted direction.
		if !(drift*want >= 0.5) {
			t.Errorf("α=%v β=%v: mean logit moved by %.3g, want ≥ 0.5 in direction %v", ab[0], ab[1], drift, want)
		}
		rows := s.WeightedRowSums(res.PairProb)
		for i, r := range rows {
			// Softmax rows: Σ_j q_j P_ij = 1/(N−1) up to O(1/N) and sampling; 2 % is loose.
			if !scalar.EqualWithinRel(r*float64(n-1), 1, 0.02) {
				t.Errorf("α=%v β=%v: (N−1)Σ_j q_j P_%dj = %.4g, want ≈ 1", ab[0], ab[1], i, r*float64(n-1))
			}
		}
		gap := maxRelGap(res.PairProb, s.SCTarget(n, ab[0], ab[1]))
		t.Logf("α=%v β=%v: drift %.3g, max relative gap to T2 = %.3g", ab[0], ab[1], drift, gap)
		if !(gap >= 0.1) {
			t.Errorf("α=%v β=%v: free logits came within %.3g of the unattainable T2", ab[0], ab[1], gap)
		}
	}
}

func meanEntry(a mat.Matrix) float64 {
	r, c := a.Dims()
	return mat.Sum(a) / float64(r*c)
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
