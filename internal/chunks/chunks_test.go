package chunks

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForVisitsEveryChunkOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		const n = 37
		var seen [n]int32
		For(n, workers, func(c int) { seen[c]++ }) // each index written by one goroutine
		for c, v := range seen {
			if v != 1 {
				t.Errorf("workers %d: chunk %d ran %d times", workers, c, v)
			}
		}
	}
	if Count(10, 4) != 3 || Count(8, 4) != 2 || Count(0, 4) != 0 {
		t.Errorf("Count: %d %d %d, want 3 2 0", Count(10, 4), Count(8, 4), Count(0, 4))
	}
	if lo, hi := Range(2, 10, 4); lo != 8 || hi != 10 {
		t.Errorf("Range(2, 10, 4) = [%d, %d), want [8, 10)", lo, hi)
	}
}

// TestRunnerReusedVisitsEveryChunkOnce: one Runner serves successive calls of
// different sizes and worker counts, each chunk once per call.
func TestRunnerReusedVisitsEveryChunkOnce(t *testing.T) {
	var r Runner
	for call, c := range []struct{ n, workers int }{{5, 2}, {40, 4}, {1, 3}, {0, 2}, {17, 17}, {9, 1}} {
		seen := make([]int32, c.n)
		r.For(c.n, c.workers, func(i int) { atomic.AddInt32(&seen[i], 1) })
		for i, v := range seen {
			if v != 1 {
				t.Errorf("call %d (n %d, workers %d): chunk %d ran %d times", call, c.n, c.workers, i, v)
			}
		}
	}
}

// TestRunnerUsesSeveralGoroutines: with 2 workers, two chunks run at the same time
// (each waits until both have started), so the work is really shared; a single
// goroutine would wait forever, which the test's timeout would report.
func TestRunnerUsesSeveralGoroutines(t *testing.T) {
	var r Runner
	var started atomic.Int32
	r.For(2, 2, func(int) {
		started.Add(1)
		for started.Load() < 2 {
			runtime.Gosched()
		}
	})
	if got := started.Load(); got != 2 {
		t.Errorf("%d chunks started, want 2", got)
	}
}

// TestRunnerAllocatesNothing: a Runner with a body bound once allocates nothing per
// call, on the parallel path.
func TestRunnerAllocatesNothing(t *testing.T) {
	var r Runner
	var sum [8]int
	body := func(c int) { sum[c] += c }
	r.For(8, 2, body)
	if a := testing.AllocsPerRun(50, func() { r.For(8, 2, body) }); a != 0 {
		t.Errorf("%v allocations per call, want 0", a)
	}
}

// TestWorkers: a positive setting is kept, zero and negative mean GOMAXPROCS.
func TestWorkers(t *testing.T) {
	gmp := runtime.GOMAXPROCS(0)
	for _, c := range []struct{ in, want int }{{3, 3}, {1, 1}, {0, gmp}, {-2, gmp}} {
		if got := Workers(c.in); got != c.want {
			t.Errorf("Workers(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestRunnerOneWorker: workers = 1 runs every chunk on the caller's goroutine, in
// order, starting none (the cap simulate.Config.Workers relies on).
func TestRunnerOneWorker(t *testing.T) {
	var r Runner
	base := runtime.NumGoroutine()
	var order []int
	extra := false
	r.For(8, 1, func(c int) {
		order = append(order, c)
		extra = extra || runtime.NumGoroutine() > base
	})
	if extra {
		t.Error("a worker goroutine ran with workers = 1")
	}
	if len(order) != 8 {
		t.Fatalf("chunks ran in order %v, want 0…7", order)
	}
	for i, c := range order {
		if c != i {
			t.Fatalf("chunks ran in order %v, want 0…7", order)
		}
	}
}

// One worker runs on the caller's goroutine without building a Runner: nothing is
// allocated (the reference losses call For a few times per Eval and promise zero
// allocations on one worker).
func TestSerialForAllocatesNothing(t *testing.T) {
	sum := 0
	fn := func(c int) { sum += c }
	if a := testing.AllocsPerRun(10, func() { For(5, 1, fn) }); a != 0 {
		t.Errorf("For(5, 1, fn): %v allocations per call, want 0", a)
	}
	if sum != 11*10 {
		t.Errorf("chunks summed to %d over 11 calls, want %d", sum, 11*10)
	}
}
