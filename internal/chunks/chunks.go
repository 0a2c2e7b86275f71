package chunks

import (
	"sync"
	"sync/atomic"
)

// For calls fn(c) for every c in [0, n) on up to workers goroutines (at least one),
// each chunk exactly once, and returns when all have returned.
func For(n, workers int, fn func(c int)) {
	workers = min(workers, n)
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

// Count returns the number of chunks of size `size` covering n items.
func Count(n, size int) int { return (n + size - 1) / size }

// Range returns the half-open item range [lo, hi) of chunk c of size `size` over n items.
func Range(c, n, size int) (lo, hi int) { return c * size, min((c+1)*size, n) }
