package chunks

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(c) for every c in [0, n) on up to workers goroutines (at least one),
// each chunk exactly once, and returns when all have returned. workers ≤ 1 runs every
// chunk on the caller's goroutine, in order.
func For(n, workers int, fn func(c int)) {
	if min(n, workers) <= 1 { // before a Runner exists: the serial path allocates nothing
		for c := range n {
			fn(c)
		}
		return
	}
	var r Runner
	r.For(n, workers, fn)
}

// Workers returns the worker count a setting w stands for: w itself when w > 0, else
// runtime.GOMAXPROCS(0) (read at each call). Types with a Workers field use it so that
// their zero value means "every processor".
func Workers(w int) int {
	if w > 0 {
		return w
	}
	return runtime.GOMAXPROCS(0)
}

// Runner is For with state that a caller keeps between calls, so that a call
// allocates nothing: the caller runs chunks itself, next to workers − 1 goroutines
// started for the call, and every goroutine ends before For returns (nothing persists
// between calls). The zero value is ready to use; a Runner must not be used by two
// calls at once.
type Runner struct {
	n     int
	fn    func(c int)
	next  atomic.Int64
	wg    sync.WaitGroup
	spawn func() // r.help, bound once so that starting a goroutine allocates nothing
}

// For is the package-level For on r's state.
func (r *Runner) For(n, workers int, fn func(c int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for c := 0; c < n; c++ {
			fn(c)
		}
		return
	}
	if r.spawn == nil {
		r.spawn = r.help
	}
	r.n, r.fn = n, fn
	r.next.Store(0)
	r.wg.Add(workers - 1)
	for i := 1; i < workers; i++ {
		go r.spawn()
	}
	r.drain()
	r.wg.Wait()
	r.fn = nil
}

func (r *Runner) help() {
	r.drain()
	r.wg.Done()
}

// drain runs chunks taken from the shared counter until none is left.
func (r *Runner) drain() {
	for {
		c := int(r.next.Add(1) - 1)
		if c >= r.n {
			return
		}
		r.fn(c)
	}
}

// Count returns the number of chunks of size `size` covering n items.
func Count(n, size int) int { return (n + size - 1) / size }

// Range returns the half-open item range [lo, hi) of chunk c of size `size` over n items.
func Range(c, n, size int) (lo, hi int) { return c * size, min((c+1)*size, n) }
