package graphtoy

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/graph"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

func tiny() Config {
	c := Default()
	c.Graph = graph.Config{Nodes: 8, EdgeProb: 0.3, FeatDim: 4, MaxMaskRate: 0.2, Sources: 120, TrainSize: 60}
	c.BatchSize = 25 // 3 batches per epoch, the last partial
	c.Epochs = 4
	c.Hidden, c.Proj = 6, 5
	c.Seed = 7
	return c
}

func TestMonitorMatchesDirectComputation(t *testing.T) {
	cfg := tiny()
	cfg.Graph.Sources, cfg.Graph.TrainSize, cfg.BatchSize = 90, 30, 30 // 2 full test batches
	cfg.Loss.Tau = 0.5
	tr, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr.Epoch()
	mon, err := tr.Monitor()
	if err != nil {
		t.Fatal(err)
	}
	// Replay: the monitor stream's first shuffle, then the formula of the package
	// documentation with gonum's products.
	order := append([]int(nil), tr.World.Test()...)
	rng := rand.New(rand.NewPCG(cfg.Seed, 4))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	m := 3
	sum := mat.NewDense(m, m, nil)
	cnt := make([]float64, m)
	var us []*mat.VecDense
	var labs []int
	for b := 0; b+30 <= len(order); b += 30 {
		var batch graph.Batch
		tr.World.SourcesTo(&batch, order[b:b+30])
		var z mat.Dense
		tr.Encoder.Forward(&z, &batch)
		for i := range 30 {
			v := mat.VecDenseCopyOf(z.RowView(i))
			v.ScaleVec(1/mat.Norm(v, 2), v)
			us = append(us, v)
			labs = append(labs, batch.State[i])
		}
		base := len(us) - 30
		for i := range 30 {
			var zsum float64
			acc := make([]float64, m)
			nb := make([]float64, m)
			for j := range 30 {
				e := math.Exp(mat.Dot(us[base+i], us[base+j]) / 0.5)
				zsum += e
				acc[labs[base+j]] += e
				nb[labs[base+j]]++
			}
			a := labs[base+i]
			for c := range m {
				sum.Set(a, c, sum.At(a, c)+acc[c]/zsum/nb[c])
			}
			cnt[a]++
		}
	}
	for a := range m {
		for c := range m {
			sum.Set(a, c, sum.At(a, c)/cnt[a])
		}
	}
	// Same sums in another order: a few ulp.
	if !mat.EqualApprox(mon.Metric, sum, 1e-12) {
		t.Errorf("metric\n%v\nwant\n%v", mat.Formatted(mon.Metric), mat.Formatted(sum))
	}
	if mon.Rows != 60 {
		t.Errorf("%d rows pooled, want 60", mon.Rows)
	}
	// Class cosine: first max(1, 90/3/40) = 1 source of each class.
	first := make([]int, m)
	for c := range first {
		first[c] = -1
	}
	for k, c := range labs {
		if first[c] < 0 {
			first[c] = k
		}
	}
	for a := range m {
		for c := range m {
			want := mat.Dot(us[first[a]], us[first[c]])
			if got := mon.Cosine.At(a, c); !(math.Abs(got-want) <= 1e-12) { // one dot product
				t.Errorf("cosine %d,%d = %v, want %v", a, c, got, want)
			}
		}
	}
}

func TestMonitorRowsSumToOne(t *testing.T) {
	// One test batch: every softmax row sums to 1, so Σ_b n_b metric_ab = 1 exactly
	// (n_b the batch's class counts).
	cfg := tiny()
	cfg.Graph.Sources, cfg.Graph.TrainSize, cfg.BatchSize = 80, 40, 40
	tr, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mon, err := tr.Monitor()
	if err != nil {
		t.Fatal(err)
	}
	n := make([]float64, 3)
	for _, k := range tr.World.Test() {
		n[tr.World.Sources().State[k]]++
	}
	for a := range 3 {
		s := 0.0
		for b := range 3 {
			s += n[b] * mon.Metric.At(a, b)
		}
		if !(math.Abs(s-1) <= 1e-12) { // 40 rounded additions
			t.Errorf("row %d: Σ n_b metric = %v, want 1", a, s)
		}
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	for _, lt := range []int{0, 2} {
		run := func(workers int) ([]float64, *Monitor) {
			cfg := tiny()
			cfg.LossType = lt
			cfg.Workers = workers
			tr, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				tr.Epoch()
			}
			mon, err := tr.Monitor()
			if err != nil {
				t.Fatal(err)
			}
			return append([]float64(nil), tr.Encoder.Params()...), mon
		}
		p1, m1 := run(1)
		p2, m2 := run(2)
		for k := range p1 {
			if p1[k] != p2[k] {
				t.Fatalf("loss %d: parameter %d differs between 1 and 2 workers", lt, k)
			}
		}
		if !mat.Equal(m1.Metric, m2.Metric) || !mat.Equal(m1.Cosine, m2.Cosine) {
			t.Errorf("loss %d: monitors differ between 1 and 2 workers", lt)
		}
	}
}

func TestScheduleAndSteps(t *testing.T) {
	cfg := tiny()
	tr, _ := New(cfg)
	if tr.LR() != 0 {
		t.Errorf("step 0 rate %v, want 0 (warm-up t/10)", tr.LR())
	}
	tr.Epoch()
	if tr.Steps() != 3 || !(math.Abs(tr.LR()-3e-4) <= 1e-18) { // 60 sources / 25 = 3 batches; rate 3/10·1e-3
		t.Errorf("after one epoch: %d steps, rate %v; want 3, 3e-4", tr.Steps(), tr.LR())
	}
	cfg.Corrected = true
	tc, _ := New(cfg)
	if tc.sched.Total != 15 || tr.sched.Total != 5 {
		t.Errorf("schedule totals %d (corrected), %d (reference); want 15, 5", tc.sched.Total, tr.sched.Total)
	}
}

func TestStepAllocations(t *testing.T) {
	cfg := Default()
	cfg.Graph.Sources, cfg.Graph.TrainSize, cfg.BatchSize = 400, 200, 200
	tr, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	idx := tr.World.Train()[:200]
	tr.Step(idx)
	// The encoder, views and Adam allocate nothing; the loss's internal/chunks.For
	// closures a fixed few per call.
	if a := testing.AllocsPerRun(2, func() { tr.Step(idx) }); a > 16 {
		t.Errorf("%v allocations per step after warm-up", a)
	}
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.LossType = 8 }, "LossType = 8"},
		{func(c *Config) { c.LossType = -1 }, "LossType = -1"},
		{func(c *Config) { c.Epochs = -1 }, "Epochs = -1"},
		{func(c *Config) { c.BatchSize = 61 }, "BatchSize = 61"},
		{func(c *Config) { c.BatchSize = 1 }, "BatchSize = 1"},
		{func(c *Config) { c.Graph.Nodes = 0 }, "Nodes = 0"},
		{func(c *Config) { c.Loss.Tau = 0 }, "τ = 0"},
		{func(c *Config) { c.LR = math.NaN() }, "LR = NaN"},
		{func(c *Config) { c.LogEvery = 0 }, "LogEvery = 0"},
		{func(c *Config) { c.Hidden = 0 }, "Hidden = 0"},
		{func(c *Config) { c.Space = nil }, "nil Space"},
	} {
		c := tiny()
		tc.edit(&c)
		if _, err := New(c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one naming %q", err, tc.want)
		}
	}
	c := tiny()
	c.Graph.TrainSize = 100
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "test split") {
		t.Errorf("batch larger than the test split: %v", err)
	}
}

func TestClosedEndsOfConfig(t *testing.T) {
	// Each range's closed end is valid: batch 2, batch = training split = test split,
	// 0 epochs, log every epoch, widths 1, the last loss type.
	c := tiny()
	c.Graph.Sources, c.Graph.TrainSize = 120, 60
	for _, edit := range []func(*Config){
		func(c *Config) { c.BatchSize = 2 },
		func(c *Config) { c.BatchSize = 60 },
		func(c *Config) { c.Epochs = 0 },
		func(c *Config) { c.LogEvery = 1 },
		func(c *Config) { c.Hidden, c.Proj = 1, 1 },
		func(c *Config) { c.LossType = 7 },
	} {
		x := c
		edit(&x)
		if err := x.Validate(); err != nil {
			t.Errorf("%+v: %v", x, err)
		}
	}
	if got := c.BatchesPerEpoch(); got != 3 { // ⌈60/25⌉
		t.Errorf("BatchesPerEpoch = %d, want 3", got)
	}
	x := c
	x.BatchSize = 60
	if got := x.BatchesPerEpoch(); got != 1 {
		t.Errorf("BatchesPerEpoch = %d, want 1", got)
	}
	if c.views() != 2 {
		t.Error("loss 0 uses 2 views")
	}
	c.LossType = 2
	if c.views() != 3 {
		t.Error("loss 2 uses 3 views")
	}
}

func TestEpochLossIsBatchMean(t *testing.T) {
	// An epoch's loss is the mean of its batch losses: replay the same stream with Step.
	c := tiny()
	a, _ := New(c)
	b, _ := New(c)
	got := a.Epoch()
	order := append([]int(nil), b.World.Train()...)
	b.trainRng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	want := (b.Step(order[:25]) + b.Step(order[25:50]) + b.Step(order[50:])) / 3
	if got != want {
		t.Errorf("Epoch = %v, batch mean %v", got, want)
	}
}

func TestThreeViewStepWiring(t *testing.T) {
	// Loss 2's step evaluates EvalThree on the view blocks 1, 2, 3 of one forward pass:
	// replay it with the encoder's embeddings of the same batch.
	c := tiny()
	c.LossType = 2
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	idx := tr.World.Train()[:25]
	got := tr.Step(idx) // the value before the update
	var z mat.Dense
	// Re-encode the step's batch with the parameters before the update: a second
	// trainer of the same seed draws the same views.
	tr2, _ := New(c)
	tr2.batch.Reset()
	tr2.World.SourcesTo(&tr2.part, idx)
	tr2.batch.Append(&tr2.part)
	for range 3 {
		tr2.World.ViewsTo(&tr2.part, idx, tr2.trainRng)
		tr2.batch.Append(&tr2.part)
	}
	tr2.Encoder.Forward(&z, &tr2.batch)
	p := c.Proj
	v := func(k int) *mat.Dense { return mat.DenseCopyOf(z.Slice(k*25, (k+1)*25, 0, p)) }
	want := loss3(c, v(1), v(2), v(3))
	if got != want {
		t.Errorf("step loss %v, EvalThree on views 1, 2, 3: %v", got, want)
	}
	if alt := loss3(c, v(1), v(3), v(2)); alt == want {
		t.Error("the check cannot tell the views apart")
	}
}

func loss3(c Config, z1, z2, z3 *mat.Dense) float64 {
	l := &loss.RefISInfoNCE{Tau: c.Loss.Tau}
	return l.EvalThree(z1, z2, z3, nil, nil, nil)
}

func TestProjValidated(t *testing.T) {
	c := tiny()
	c.Proj = 0
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "Proj = 0") {
		t.Errorf("Proj = 0: %v", err)
	}
}
