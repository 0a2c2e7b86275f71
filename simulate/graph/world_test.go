package graph

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

func small() Config {
	return Config{Nodes: 20, EdgeProb: 40.0 / 190, FeatDim: 8, MaxMaskRate: 0.2, Sources: 400, TrainSize: 200}
}

// within reports whether |got − want| ≤ k·se (NaN-safe).
func within(got, want, se, k float64) bool { return math.Abs(got-want) <= k*se }

func TestBaseGraphsEdgesAndFeatures(t *testing.T) {
	// Many worlds of the toy space: the edge count of a base graph is Binomial(190, 40/190),
	// mean 40; the features are N(0, 1).
	cfg := small()
	rng := rand.New(rand.NewPCG(1, 2))
	var edges, sumX, sumX2 float64
	var count, feats int
	for range 100 {
		w, err := New(feature.Toy(), cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		for c := range w.States() {
			e := 0
			for i := range cfg.Nodes {
				for _, j := range w.Neighbours(c, i) {
					if int(j) == i {
						t.Fatalf("self-loop at node %d", i)
					}
					if !contains(w.Neighbours(c, int(j)), int32(i)) {
						t.Fatalf("edge %d–%d not symmetric", i, j)
					}
					e++
				}
			}
			edges += float64(e / 2)
			count++
			for _, x := range w.Features(c) {
				sumX += x
				sumX2 += x * x
				feats++
			}
		}
	}
	mean := edges / float64(count)
	// Binomial(190, p): variance 190 p (1 − p); 5 standard errors of the mean.
	p := cfg.EdgeProb
	if se := math.Sqrt(190 * p * (1 - p) / float64(count)); !within(mean, 40, se, 5) {
		t.Errorf("mean edges %v, want 40 ± 5·%v", mean, se)
	}
	mx, vx := sumX/float64(feats), sumX2/float64(feats)
	// N(0,1): se of the mean 1/√n, of the second moment √(2/n); 5 standard errors.
	if !within(mx, 0, 1/math.Sqrt(float64(feats)), 5) || !within(vx, 1, math.Sqrt(2/float64(feats)), 5) {
		t.Errorf("features mean %v, second moment %v; want 0, 1", mx, vx)
	}
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestMaskLawAndViewStates(t *testing.T) {
	// Drops: ⌊20 r⌋ with r ~ U[0, 0.2) is uniform on {0, 1, 2, 3}; each node is dropped
	// with probability E[drops]/20 = 1.5/20. Views: c' | c ~ A[c, ·].
	cfg := small()
	s := feature.Toy()
	w, err := New(s, cfg, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	idx := w.Train()
	var b Batch
	var dropHist [5]float64
	var nodeDrop [20]float64
	trans := make([][]float64, 3)
	for c := range trans {
		trans[c] = make([]float64, 3)
	}
	from := make([]float64, 3)
	const reps = 200
	for range reps {
		w.ViewsTo(&b, idx, rng)
		for k := range b.Len() {
			d := 0
			for i, keep := range b.KeepOf(k) {
				if !keep {
					d++
					nodeDrop[i]++
				}
			}
			dropHist[min(d, 4)]++
			c := w.Sources().State[idx[k]]
			trans[c][b.State[k]]++
			from[c]++
		}
	}
	n := float64(reps * len(idx))
	for d := range 5 {
		want := 0.25
		if d == 4 {
			want = 0
		}
		se := math.Sqrt(0.25 * 0.75 / n) // binomial proportion
		if !within(dropHist[d]/n, want, se, 5) {
			t.Errorf("P(drop %d) = %v, want %v ± 5·%v", d, dropHist[d]/n, want, se)
		}
	}
	for i, v := range nodeDrop {
		p := 1.5 / 20
		if se := math.Sqrt(p * (1 - p) / n); !within(v/n, p, se, 5) {
			t.Errorf("node %d dropped with frequency %v, want %v", i, v/n, p)
		}
	}
	for c := range 3 {
		for j := range 3 {
			p := s.Augmentation().At(c, j)
			if se := math.Sqrt(p * (1 - p) / from[c]); !within(trans[c][j]/from[c], p, se, 5) {
				t.Errorf("view state %d from %d: frequency %v, want A = %v", j, c, trans[c][j]/from[c], p)
			}
		}
	}
}

func TestSourcesAndSplit(t *testing.T) {
	cfg := small()
	cfg.Sources, cfg.TrainSize = 6000, 2000
	w, err := New(feature.Toy(), cfg, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, cfg.Sources)
	for _, k := range w.Train() {
		seen[k]++
	}
	for _, k := range w.Test() {
		seen[k]++
	}
	for k, v := range seen {
		if v != 1 {
			t.Fatalf("source %d in %d splits", k, v)
		}
	}
	if len(w.Train()) != 2000 || len(w.Test()) != 4000 {
		t.Errorf("split %d/%d, want 2000/4000", len(w.Train()), len(w.Test()))
	}
	counts := make([]float64, 3)
	for _, c := range w.Sources().State {
		counts[c]++
	}
	n := float64(cfg.Sources)
	for c, v := range counts {
		if se := math.Sqrt(2.0 / 9 / n); !within(v/n, 1.0/3, se, 5) { // binomial, p = 1/3
			t.Errorf("source state %d frequency %v, want 1/3", c, v/n)
		}
	}
	var b Batch
	w.SourcesTo(&b, w.Test()[:3])
	for k := range 3 {
		s := w.Test()[k]
		if b.State[k] != w.Sources().State[s] || string(boolBytes(b.KeepOf(k))) != string(boolBytes(w.Sources().KeepOf(s))) {
			t.Errorf("SourcesTo graph %d is not source %d", k, s)
		}
	}
}

func boolBytes(b []bool) []byte {
	out := make([]byte, len(b))
	for i, v := range b {
		if v {
			out[i] = 1
		}
	}
	return out
}

func TestSameSeedSameWorld(t *testing.T) {
	a, _ := New(feature.Toy(), small(), rand.New(rand.NewPCG(9, 9)))
	b, _ := New(feature.Toy(), small(), rand.New(rand.NewPCG(9, 9)))
	var va, vb Batch
	a.ViewsTo(&va, a.Train(), rand.New(rand.NewPCG(1, 1)))
	b.ViewsTo(&vb, b.Train(), rand.New(rand.NewPCG(1, 1)))
	if string(boolBytes(va.Keep)) != string(boolBytes(vb.Keep)) || a.Features(2)[5] != b.Features(2)[5] {
		t.Error("same seed, different world or views")
	}
	for k := range va.State {
		if va.State[k] != vb.State[k] {
			t.Fatal("same seed, different view states")
		}
	}
}

func TestViewsAllocationFree(t *testing.T) {
	w, _ := New(feature.Toy(), small(), rand.New(rand.NewPCG(9, 9)))
	rng := rand.New(rand.NewPCG(1, 1))
	var b Batch
	w.ViewsTo(&b, w.Train(), rng)
	if a := testing.AllocsPerRun(5, func() { w.ViewsTo(&b, w.Train(), rng) }); a != 0 {
		t.Errorf("ViewsTo allocates %v times per call after warm-up", a)
	}
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Nodes = 0 }, "Nodes = 0"},
		{func(c *Config) { c.EdgeProb = 1.5 }, "EdgeProb = 1.5"},
		{func(c *Config) { c.EdgeProb = -0.1 }, "EdgeProb = -0.1"},
		{func(c *Config) { c.EdgeProb = math.NaN() }, "EdgeProb = NaN"},
		{func(c *Config) { c.FeatDim = 0 }, "FeatDim = 0"},
		{func(c *Config) { c.MaxMaskRate = 1 }, "MaxMaskRate = 1"},
		{func(c *Config) { c.MaxMaskRate = -0.5 }, "MaxMaskRate = -0.5"},
		{func(c *Config) { c.Sources = 1 }, "Sources = 1"},
		{func(c *Config) { c.TrainSize = 400 }, "TrainSize = 400"},
		{func(c *Config) { c.TrainSize = 0 }, "TrainSize = 0"},
	} {
		c := small()
		tc.edit(&c)
		_, err := New(feature.Toy(), c, rand.New(rand.NewPCG(1, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one naming %q", c, err, tc.want)
		}
	}
	if _, err := New(nil, small(), rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("nil space accepted")
	}
	if err := Reference().Validate(); err != nil {
		t.Errorf("reference config: %v", err)
	}
}

func TestBatchAppendReset(t *testing.T) {
	w, _ := New(feature.Toy(), small(), rand.New(rand.NewPCG(9, 9)))
	var a, b Batch
	w.SourcesTo(&a, w.Train()[:2])
	w.SourcesTo(&b, w.Test()[:3])
	var all Batch
	all.Append(&a)
	all.Append(&b)
	if all.Len() != 5 || all.Nodes() != 20 || all.State[2] != b.State[0] || all.KeepOf(4)[7] != b.KeepOf(2)[7] {
		t.Errorf("Append: %d graphs of %d nodes", all.Len(), all.Nodes())
	}
	all.Reset()
	if all.Len() != 0 || len(all.Keep) != 0 {
		t.Errorf("Reset left %d graphs, %d mask entries", all.Len(), len(all.Keep))
	}
}

func TestSmallestValidConfig(t *testing.T) {
	// The closed ends of every range: 2 sources split 1/1, 1 feature, mask rate 0 (no
	// node ever dropped), edge probability 0 and 1.
	for _, p := range []float64{0, 1} {
		c := Config{Nodes: 3, EdgeProb: p, FeatDim: 1, MaxMaskRate: 0, Sources: 2, TrainSize: 1}
		one := c
		one.Nodes = 1
		if _, err := New(feature.Toy(), one, rand.New(rand.NewPCG(1, 1))); err != nil {
			t.Errorf("one node: %v", err)
		}
		w, err := New(feature.Toy(), c, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		for _, keep := range w.Sources().Keep {
			if !keep {
				t.Error("mask rate 0 dropped a node")
			}
		}
		want := 0
		if p == 1 {
			want = 2
		}
		if got := len(w.Neighbours(0, 0)); got != want {
			t.Errorf("edge probability %v: node 0 has %d neighbours, want %d", p, got, want)
		}
		if len(w.Features(0)) != 3 || len(w.Train()) != 1 || len(w.Test()) != 1 {
			t.Errorf("%+v: sizes %d, %d, %d", c, len(w.Features(0)), len(w.Train()), len(w.Test()))
		}
	}
}
