package loss

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A persistent pool of helper goroutines shared by every Loss value. A parallel phase
// splits its work into a fixed number of tasks that depends only on the problem size;
// workers take tasks in any order, and every task writes only its own outputs, so the
// results do not depend on the number of workers. Dispatch allocates nothing: the job
// is a value sent on a buffered channel and the counters live in the Loss value.

type tasker interface{ runTask(i int) }

// phase holds the per-call synchronisation state of one Loss value, and its own
// worker limit (≤ 0: the package setting).
type phase struct {
	next  atomic.Int64
	wg    sync.WaitGroup
	limit int
}

type job struct {
	t  tasker
	n  int
	ph *phase
}

var workerPool struct {
	mu      sync.Mutex
	started int
	jobs    chan job
	limit   atomic.Int64 // ≤ 0: runtime.GOMAXPROCS(0)
}

// SetWorkers sets the number of goroutines (the caller included) that share the work
// of one Eval, and returns the previous setting. n ≤ 0 restores the default,
// runtime.GOMAXPROCS(0) at the time of each call. Results are bitwise identical for
// every setting; the setting exists for tests and for callers that run several
// losses concurrently.
func SetWorkers(n int) int {
	return int(workerPool.limit.Swap(int64(n)))
}

// SetLossWorkers limits the goroutines (the caller included) that share one Eval of
// the given Loss value, overriding SetWorkers for it (n ≤ 0: back to the package
// setting). It reports whether l parallelises at all (spectral does not). Results are
// bitwise identical for every setting; use it to run several losses side by side
// without changing the process-wide setting.
func SetLossWorkers(l Loss, n int) bool {
	var ph *phase
	switch l := l.(type) {
	case *crossLoss:
		ph = &l.ph
	case *ntxentLoss:
		ph = &l.ph
	case *dhelLoss:
		ph = &l.ph
	default:
		return false
	}
	ph.limit = n
	return true
}

func workers(ph *phase) int {
	if ph.limit > 0 {
		return ph.limit
	}
	if w := int(workerPool.limit.Load()); w > 0 {
		return w
	}
	return runtime.GOMAXPROCS(0)
}

// parallel runs t.runTask(i) for i in [0, n) on up to workers() goroutines and
// returns when all have finished.
func parallel(t tasker, n int, ph *phase) {
	w := min(workers(ph), n)
	if w <= 1 {
		for i := 0; i < n; i++ {
			t.runTask(i)
		}
		return
	}
	ensureHelpers(w - 1)
	ph.next.Store(0)
	ph.wg.Add(w - 1)
	for i := 1; i < w; i++ {
		workerPool.jobs <- job{t, n, ph}
	}
	drain(t, n, ph)
	ph.wg.Wait()
}

func drain(t tasker, n int, ph *phase) {
	for {
		i := int(ph.next.Add(1)) - 1
		if i >= n {
			return
		}
		t.runTask(i)
	}
}

func ensureHelpers(k int) {
	workerPool.mu.Lock()
	defer workerPool.mu.Unlock()
	if workerPool.jobs == nil {
		workerPool.jobs = make(chan job, 256)
	}
	for ; workerPool.started < k; workerPool.started++ {
		go func() {
			for j := range workerPool.jobs {
				drain(j.t, j.n, j.ph)
				j.ph.wg.Done()
			}
		}()
	}
}
