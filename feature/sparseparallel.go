package feature

import (
	"runtime"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// sparseWorkers is the number of goroutines of the sparse kernels: GOMAXPROCS. Every
// sparse kernel splits its work into chunks whose boundaries do not depend on it, and
// reduces partial results in chunk order, so results are bit-identical for any value.
func sparseWorkers() int { return runtime.GOMAXPROCS(0) }

// forChunks calls fn(c) for c in [0, n) on up to workers goroutines.
func forChunks(n, workers int, fn func(c int)) { chunks.For(n, workers, fn) }

// chunkCount returns the number of chunks of size `size` covering n items.
func chunkCount(n, size int) int { return chunks.Count(n, size) }

// chunkRange returns the half-open item range of chunk c.
func chunkRange(c, n, size int) (lo, hi int) { return chunks.Range(c, n, size) }
