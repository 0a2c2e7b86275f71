package graphtoy

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
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
	// 2 full test batches and max(1, 90/3/40) = 1 cosine source per class; then 3 full
	// batches and 240/3/40 = 2 cosine sources per class.
	for _, sz := range []struct{ sources, bs, per int }{{90, 30, 1}, {240, 60, 2}} {
		checkMonitor(t, sz.sources, sz.bs, sz.per)
	}
}

func checkMonitor(t *testing.T, sources, bs, per int) {
	cfg := tiny()
	cfg.Graph.Sources, cfg.Graph.TrainSize, cfg.BatchSize = sources, bs, bs
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
	for b := 0; b+bs <= len(order); b += bs {
		var batch graph.Batch
		tr.World.SourcesTo(&batch, order[b:b+bs])
		var z mat.Dense
		tr.Encoder.Forward(&z, &batch)
		for i := range bs {
			v := mat.VecDenseCopyOf(z.RowView(i))
			v.ScaleVec(1/mat.Norm(v, 2), v)
			us = append(us, v)
			labs = append(labs, batch.State[i])
		}
		base := len(us) - bs
		for i := range bs {
			var zsum float64
			acc := make([]float64, m)
			nb := make([]float64, m)
			for j := range bs {
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
	if want := sources - bs; mon.Rows != want {
		t.Errorf("%d rows pooled, want %d", mon.Rows, want)
	}
	// Class cosine: mean cosine over the first per sources of each class (in monitor order).
	first := make([][]int, m)
	for k, c := range labs {
		if len(first[c]) < per {
			first[c] = append(first[c], k)
		}
	}
	for a := range m {
		for c := range m {
			want := 0.0
			for _, i := range first[a] {
				for _, j := range first[c] {
					want += mat.Dot(us[i], us[j]) / float64(per*per)
				}
			}
			if got := mon.Cosine.At(a, c); !(math.Abs(got-want) <= 1e-12) { // per² dot products of unit vectors
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
	if a := testing.AllocsPerRun(2, func() { tr.Step(idx) }); !(a <= 16) {
		t.Errorf("%v allocations per step after warm-up", a)
	}
	// One worker: internal/chunks.For's serial path allocates nothing and the reference
	// NT-Xent passes it a task bound once (RefNTXent.runChunk), so a whole step (views,
	// encoder, loss, Adam) allocates nothing.
	cfg.Workers = 1
	one, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	one.Step(idx)
	if a := testing.AllocsPerRun(2, func() { one.Step(idx) }); a != 0 {
		t.Errorf("one worker: %v allocations per step after warm-up, want 0", a)
	}
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.LossType = 8 }, "LossType = 8: need a reference loss number 0–7"},
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
	// 120 sources, 100 for training: a test split of 20 against batches of 25.
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "BatchSize = 25 is larger than the test split (20 sources)") {
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

func TestValidateAloneNamesField(t *testing.T) {
	// Validate itself (not New, whose callees repeat some checks) rejects a bad graph
	// and bad loss parameters, naming the field.
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Graph.Nodes = 0 }, "Nodes = 0"},
		{func(c *Config) { c.Loss.Tau = 0 }, "τ = 0"},
		{func(c *Config) { c.LR = math.Inf(1) }, "LR = +Inf"},
		{func(c *Config) { c.LR = 0 }, "LR = 0"},
	} {
		c := tiny()
		tc.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate: %v, want an error naming %q", err, tc.want)
		}
	}
	// Every finite positive rate is valid, the largest included.
	c := tiny()
	c.LR = math.MaxFloat64
	if err := c.Validate(); err != nil {
		t.Errorf("LR = MaxFloat64: %v", err)
	}
}

func TestMonitorErrorsWhenNoBatchHoldsEveryState(t *testing.T) {
	// Batches of 2 sources cannot hold all 3 states, so every test batch is skipped
	// and no state has a monitor row.
	c := tiny()
	c.BatchSize = 2
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Monitor(); err == nil || !strings.Contains(err.Error(), "no full test batch contains state") {
		t.Errorf("Monitor with batches of 2: %v", err)
	}
}

func TestStepGradientMatchesFiniteDifferences(t *testing.T) {
	// The gradient a step hands to Adam is ∇θ of the step's loss on its views (views
	// 1, 2 for two-view losses, 1, 2, 3 for IS-InfoNCE): check it against a central
	// difference of the loss re-evaluated on the same batch along a random direction.
	for _, lt := range []int{0, 2} {
		c := tiny()
		c.LossType = lt
		tr, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		theta := append([]float64(nil), tr.Encoder.Params()...)
		idx := tr.World.Train()[:25]
		lossAt := tr.Step(idx)
		grad := append([]float64(nil), tr.Encoder.Grad()...)

		// The same batch: a trainer of the same seed draws the same views.
		re, _ := New(c)
		re.batch.Reset()
		re.World.SourcesTo(&re.part, idx)
		re.batch.Append(&re.part)
		for range c.views() {
			re.World.ViewsTo(&re.part, idx, re.trainRng)
			re.batch.Append(&re.part)
		}
		l, err := loss.NewReference(lt, c.Loss, 1)
		if err != nil {
			t.Fatal(err)
		}
		f := func(p []float64) float64 {
			copy(re.Encoder.Params(), p)
			var z mat.Dense
			re.Encoder.Forward(&z, &re.batch)
			v := func(k int) *mat.Dense { return mat.DenseCopyOf(z.Slice(k*25, (k+1)*25, 0, c.Proj)) }
			if lt == 2 {
				return l.(loss.ThreeViewLoss).EvalThree(v(1), v(2), v(3), nil, nil, nil)
			}
			return l.Eval(v(1), v(2), nil, nil)
		}
		if f0 := f(theta); f0 != lossAt {
			t.Errorf("loss %d: re-evaluated loss %v, step returned %v", lt, f0, lossAt)
		}
		rng := rand.New(rand.NewPCG(11, uint64(lt)))
		d := make([]float64, len(theta))
		gd := 0.0
		for k := range d {
			d[k] = rng.NormFloat64()
			gd += grad[k] * d[k]
		}
		const h = 1e-5
		plus, minus := make([]float64, len(theta)), make([]float64, len(theta))
		for k := range theta {
			plus[k], minus[k] = theta[k]+h*d[k], theta[k]-h*d[k]
		}
		fd := (f(plus) - f(minus)) / (2 * h)
		// Central difference: truncation O(h²) ≈ 1e-10 and rounding ε·|f|/h ≈ 1e-11,
		// both far below 1e-6; a ReLU kink crossed within ±h would show as a larger
		// error, and the direction is fixed so the check is deterministic.
		if !scalarClose(fd, gd, 1e-6) {
			t.Errorf("loss %d: directional derivative %v, finite difference %v", lt, gd, fd)
		}
	}
}

func scalarClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestSeedStreams(t *testing.T) {
	// A run's world is graph.New with PCG(seed, 1): the same seed rebuilds it outside
	// the trainer, and another stream gives another world.
	c := tiny()
	tr, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	for stream, same := range map[uint64]bool{1: true, 0: false} {
		w, err := graph.New(c.Space, c.Graph, rand.New(rand.NewPCG(c.Seed, stream)))
		if err != nil {
			t.Fatal(err)
		}
		a, b := w.Sources(), tr.World.Sources()
		eq := reflect.DeepEqual(a.State, b.State) && reflect.DeepEqual(a.Keep, b.Keep)
		if eq != same {
			t.Errorf("world of stream %d equal to the trainer's: %v, want %v", stream, eq, same)
		}
	}
}

func TestDefaultIsTheReferenceRecipe(t *testing.T) {
	// The reference's argparse defaults (the peer's graph_toy.py, which mirrors them):
	// --epochs 300, --alpha 1.0, --beta 0.0, --tau 1.0, --seed 2025, --batch-size 1000,
	// --lr 1e-3, --log-step 10, --loss-type 0; the toy space; GIN width 16 and head 16→16→16.
	c := Default()
	want := Config{Space: feature.Toy(), Graph: graph.Reference(), LossType: 0, Loss: loss.Params{Tau: 1, Alpha: 1, Beta: 0},
		Epochs: 300, BatchSize: 1000, LR: 1e-3, LogEvery: 10, Hidden: 16, Proj: 16, Seed: 2025}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Default() = %+v\nwant %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}
