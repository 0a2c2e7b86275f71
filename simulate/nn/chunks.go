package nn

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Rows are split into at most maxChunks chunks of at least minChunkRows rows; the
// chunk size depends on the number of rows only. Gradients are summed per chunk and
// the chunk sums added in chunk order, so the rounding of every result depends on the
// number of rows, never on the number of workers. The cap bounds the per-chunk
// gradient buffers to maxChunks copies of the parameters.
const (
	maxChunks    = 16
	minChunkRows = 32
)

// chunking returns the chunk size and count for rows rows.
func chunking(rows int) (size, count int) {
	size = max(minChunkRows, (rows+maxChunks-1)/maxChunks)
	return size, (rows + size - 1) / size
}

// chunkRunner runs body(c) for c = 0 … n−1 on up to workers goroutines (the caller
// included). Workers take chunks from an atomic counter, so which goroutine runs a
// chunk varies, but each chunk writes only its own outputs. The goroutine function is
// built once so that launching allocates nothing.
type chunkRunner struct {
	workers int // ≤ 0 means runtime.GOMAXPROCS(0)
	n       int
	body    func(c int)
	next    atomic.Int64
	wg      sync.WaitGroup
	spawn   func()
}

func (r *chunkRunner) init() {
	r.spawn = func() {
		r.loop()
		r.wg.Done()
	}
}

func (r *chunkRunner) loop() {
	for {
		c := int(r.next.Add(1) - 1)
		if c >= r.n {
			return
		}
		r.body(c)
	}
}

func (r *chunkRunner) run(n int, body func(c int)) {
	w := r.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, n)
	if w <= 1 {
		for c := 0; c < n; c++ {
			body(c)
		}
		return
	}
	r.n, r.body = n, body
	r.next.Store(0)
	r.wg.Add(w - 1)
	for i := 1; i < w; i++ {
		go r.spawn()
	}
	r.loop()
	r.wg.Wait()
	r.body = nil
}
