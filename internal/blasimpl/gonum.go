//go:build !openblas

package blasimpl

import (
	"runtime"
	"sync/atomic"
)

// Name returns the active BLAS backend: "gonum" (pure Go, the default build).
func Name() string { return "gonum" }

// threads is the SetThreads limit of the pure-Go SYRK; 0 means GOMAXPROCS.
var threads atomic.Int64

// Threads returns the number of goroutines the pure-Go SYRK (SymInner, SymOuter) runs
// on: the SetThreads limit, at most GOMAXPROCS. gonum's own parallel routines (Dgemm)
// keep using GOMAXPROCS.
func Threads() int {
	n := runtime.GOMAXPROCS(0)
	if t := int(threads.Load()); t > 0 && t < n {
		return t
	}
	return n
}

// SetThreads limits the pure-Go SYRK to n goroutines (n ≥ GOMAXPROCS: no limit) and
// returns the previous Threads. It panics if n < 1.
func SetThreads(n int) int {
	checkThreads(n)
	prev := Threads()
	threads.Store(int64(n))
	return prev
}
