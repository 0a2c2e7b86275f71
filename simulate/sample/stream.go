package sample

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// Stream returns the random stream of replicate rep of a run seeded with seed:
//
//	rand.New(rand.NewPCG(seed, Mix(uint64(rep))))
//
// Its numbers depend only on (seed, rep), never on which goroutine draws them or how
// many run. Mix is a bijection, so distinct replicates start PCG at distinct 128-bit
// states; Mix scatters neighbouring replicates to unrelated points of PCG's 2¹²⁸-long
// cycle, so streams of realistic length (≪ 2⁶⁴ numbers) do not overlap in practice.
// It panics if rep < 0.
func Stream(seed uint64, rep int) *rand.Rand {
	if rep < 0 {
		panic(fmt.Sprintf("sample: Stream of replicate %d: need rep ≥ 0", rep))
	}
	return rand.New(rand.NewPCG(seed, Mix(uint64(rep))))
}

// Mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014; the output function of
// java.util.SplittableRandom) applied to x + γ, γ = 0x9e3779b97f4a7c15 (2⁶⁴/φ):
//
//	z = x + γ
//	z = (z ⊕ z≫30) · 0xbf58476d1ce4e5b9
//	z = (z ⊕ z≫27) · 0x94d049bb133111eb
//	Mix(x) = z ⊕ z≫31
//
// Each step is invertible on uint64 (odd multipliers, xor-shifts), so Mix is a
// bijection: distinct inputs give distinct outputs.
func Mix(x uint64) uint64 {
	z := x + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Replicates runs f(rep, Stream(seed, rep)) for rep = 0,…,n−1 on a pool of at most
// workers goroutines (workers ≤ 0 means runtime.GOMAXPROCS(0)) and returns the results
// in replicate order. Because each replicate draws only from its own stream, the
// results are identical for every number of workers, provided f touches no shared
// mutable state. If f panics, Replicates stops handing out replicates, waits for the
// running ones and re-panics with the first panic value in the caller's goroutine. It
// panics if n < 0.
func Replicates[T any](seed uint64, n, workers int, f func(rep int, rng *rand.Rand) T) []T {
	if n < 0 {
		panic(fmt.Sprintf("sample: Replicates of n = %d replicates: need n ≥ 0", n))
	}
	out := make([]T, n)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var (
		next      atomic.Int64
		stop      atomic.Bool
		panicOnce sync.Once
		panicVal  any
		panicked  bool
		wg        sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					stop.Store(true)
					panicOnce.Do(func() { panicVal, panicked = r, true })
				}
			}()
			for !stop.Load() {
				rep := int(next.Add(1) - 1)
				if rep >= n {
					return
				}
				out[rep] = f(rep, Stream(seed, rep))
			}
		})
	}
	wg.Wait()
	if panicked {
		panic(panicVal)
	}
	return out
}
