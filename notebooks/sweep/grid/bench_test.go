package grid

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// benchScenarios are the two kinds of cell a sweep runs: free logits (docs/theory.md §5
// level 1: 2000 SGD steps at N = 1000, about 65 ms per cell, compute-bound: sampling
// and O(m³) counts) and per-state unit embeddings (level 2, d = 16, N = 256, 100 Adam
// steps, about 20 ms per cell, dominated by the O(N²d) loss and memory traffic).
// Measured on the 2-core machine, quiet (2026-11-28): logits 527 → 264 ms (2.0×),
// embedding 176 → 99 ms (1.77×; two serial copies of it slow each other by ~15 %).
var benchScenarios = []struct{ name, json string }{
	{"logits", `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5},
 "schedule": {"kind": "constant"}, "batch_size": 1000, "steps": 2000, "record_every": 500, "eval_batches": 2}`},
	{"embedding", `{"model": {"kind": "embedding", "dim": 16}, "batch_size": 256, "steps": 100,
 "record_every": 50, "eval_batches": 2}`},
}

// BenchmarkSweepWorkers runs an 8-cell sweep (2 τ × 4 seeds) with 1 and 2 workers, as
// the command runs it: with one worker the loss parallelises each Eval over the cores
// itself; with more, each cell is single-threaded and the cells run side by side (Run's
// doc). workers=1,inner=1 is one worker with a single-threaded loss: the serial
// baseline. The ratio of ns/op is the speed-up of running cells in parallel.
func BenchmarkSweepWorkers(b *testing.B) {
	for _, sc := range benchScenarios {
		base, err := scenario.Parse([]byte(sc.json))
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(base, Grid{Tau: []float64{0.5, 1}, Seeds: 4})
		if err != nil {
			b.Fatal(err)
		}
		for _, bc := range []struct {
			name    string
			workers int
			serial  bool
		}{{"workers=1", 1, false}, {"workers=2", 2, false}, {"workers=1,inner=1", 1, true}} {
			b.Run(sc.name+"/"+bc.name, func(b *testing.B) {
				if bc.serial {
					// One cell at a time on one processor: the loss's and the MLP's
					// default worker count (GOMAXPROCS) is then 1 as well.
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
				}
				root := b.TempDir()
				i := 0
				for b.Loop() {
					st, err := s.Run(context.Background(), filepath.Join(root, fmt.Sprint(i)), Options{Workers: bc.workers})
					if err != nil || st.Ran != 8 {
						b.Fatalf("run %d: %+v, %v", i, st, err)
					}
					i++
				}
			})
		}
	}
}
