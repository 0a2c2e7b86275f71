package feature

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// sparseWorkers is the number of goroutines of the sparse kernels: GOMAXPROCS. Every
// sparse kernel splits its work into chunks whose boundaries do not depend on it, and
// reduces partial results in chunk order, so results are bit-identical for any value.
func sparseWorkers() int { return runtime.GOMAXPROCS(0) }

// forChunks calls fn(c) for c in [0, n) on up to workers goroutines.
func forChunks(n, workers int, fn func(c int)) {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for c := 0; c < n; c++ {
			fn(c)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				fn(c)
			}
		}()
	}
	wg.Wait()
}

// chunkCount returns the number of chunks of size `size` covering n items.
func chunkCount(n, size int) int { return (n + size - 1) / size }

// chunkRange returns the half-open item range of chunk c.
func chunkRange(c, n, size int) (lo, hi int) { return c * size, min((c+1)*size, n) }
