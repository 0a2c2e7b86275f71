package sample

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

func TestBatchDeterministic(t *testing.T) {
	sp := NewSampler(feature.Toy())
	var a, b, c Batch
	sp.Batch(&a, 500, Stream(7, 0))
	sp.Batch(&b, 500, Stream(7, 0))
	sp.Batch(&c, 500, Stream(8, 0))
	for _, f := range []struct {
		name       string
		got, other []int
		want       []int
	}{
		{"Source", b.Source, c.Source, a.Source},
		{"View1", b.View1, c.View1, a.View1},
		{"View2", b.View2, c.View2, a.View2},
	} {
		if !slices.Equal(f.got, f.want) {
			t.Errorf("%s differs between two runs with seed 7", f.name)
		}
		// Two seeds agree on all 500 entries with probability ≤ max_i q_i^500 < 1e-200.
		if slices.Equal(f.other, f.want) {
			t.Errorf("%s is the same for seeds 7 and 8", f.name)
		}
	}
	// Batch draws source by source, so a batch of 200 is the prefix of one of 500.
	var p Batch
	sp.Batch(&p, 200, Stream(7, 0))
	if !slices.Equal(p.Source, a.Source[:200]) || !slices.Equal(p.View1, a.View1[:200]) || !slices.Equal(p.View2, a.View2[:200]) {
		t.Errorf("a batch of 200 is not the prefix of a batch of 500 from the same stream")
	}
}

func TestBatchReusesSlices(t *testing.T) {
	sp := NewSampler(feature.Toy())
	rng := Stream(1, 0)
	var b Batch
	sp.Batch(&b, 1000, rng)
	if got := testing.AllocsPerRun(20, func() { sp.Batch(&b, 1000, rng) }); got != 0 {
		t.Errorf("Batch with sufficient capacity: %v allocations per call, want 0", got)
	}
	if got := testing.AllocsPerRun(20, func() { sp.Batch(&b, 10, rng) }); got != 0 {
		t.Errorf("Batch shrinking: %v allocations per call, want 0", got)
	}
	sp.Batch(&b, 2000, rng)
	if b.Len() != 2000 || len(b.View1) != 2000 || len(b.View2) != 2000 {
		t.Errorf("Batch grown to 2000: lengths %d, %d, %d", len(b.Source), len(b.View1), len(b.View2))
	}
}

// TestBatchSupport: a source of probability 0 never appears, and a view never lands
// on a state its source cannot reach (A[k][i] = 0). Exact: any violation fails.
func TestBatchSupport(t *testing.T) {
	aug, err := markov.New([][]float64{{0.5, 0.5, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0, 0.5, 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	pi := []float64{0.5, 0, 0.5}
	s, err := feature.NewSpace(pi, aug)
	if err != nil {
		t.Fatal(err)
	}
	sp := NewSampler(s)
	var b Batch
	sp.Batch(&b, 20000, Stream(2, 0))
	for a := range b.Len() {
		k, i, j := b.Source[a], b.View1[a], b.View2[a]
		if pi[k] == 0 || aug.At(k, i) == 0 || aug.At(k, j) == 0 {
			t.Fatalf("source %d: (k, i, j) = (%d, %d, %d) has π_k = %v, A[k][i] = %v, A[k][j] = %v", a, k, i, j, pi[k], aug.At(k, i), aug.At(k, j))
		}
	}
}

func TestSamplerPanics(t *testing.T) {
	sp := NewSampler(feature.Toy())
	tests := []struct {
		name string
		f    func()
	}{
		{"nil space", func() { NewSampler(nil) }},
		{"nil batch", func() { sp.Batch(nil, 3, Stream(1, 0)) }},
		{"negative n", func() { sp.Batch(&Batch{}, -1, Stream(1, 0)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tc.f()
		})
	}
}

func BenchmarkBatch(b *testing.B) {
	sp := NewSampler(feature.Toy())
	rng := rand.New(rand.NewPCG(1, 2))
	var batch Batch
	sp.Batch(&batch, 1000, rng) // allocate the slices once, outside the measurement
	b.ReportAllocs()
	for b.Loop() {
		sp.Batch(&batch, 1000, rng)
	}
}
