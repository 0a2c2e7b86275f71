package graphtoy

import "testing"

// BenchmarkGraphToyStep is one training step of the default recipe: 1000 sources, two
// views and the source pass, GIN forward and backward, loss 0, Adam (compare with
// graph_toy.py --bench-steps 30).
func BenchmarkGraphToyStep(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			cfg := Default()
			cfg.Workers = workers
			tr, err := New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			idx := tr.World.Train()[:cfg.BatchSize]
			for range 3 {
				tr.Step(idx)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				tr.Step(idx)
			}
		})
	}
}
