package blasimpl

import (
	"fmt"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// tileSize is the edge of the square tiles of the pure-Go SYRK and of the k-chunks it
// sums over. gonum's Dgemm runs a product serially when it spans fewer than four of its
// 64×64 blocks, so each 64×64×64 chunk product is one serial dot-product kernel (no
// goroutines, no allocation) on 32 KiB of packed operands that stay in L1/L2.
const tileSize = 64

// SymInner sets the upper triangle of c to bᵀb (c n×n for b k×n, row-major): the
// SYRK product c1 = BᵀB, B = diag(√π)A, of the feature space. The strict lower
// triangle of c's storage is neither read nor written, and c's previous contents are
// ignored (β = 0).
//
// With OpenBLAS it is one Dsyrk. gonum's pure-Go Dsyrk is serial and unblocked, so
// the default build first copies b transposed (bᵀ, contiguous rows for gonum's
// dot-product kernel; into scratch kept for the next call of the same size), then
// splits the upper triangle of c into 64×64 tiles and hands them to Threads()
// long-lived worker goroutines. A worker computes its tile as a sum over 64-column
// chunks of bᵀ, in order, each a serial gonum Dsyrk (diagonal tiles) or Dgemm. Every
// tile is one fixed serial sum, so the result does not depend on the number of workers
// or on scheduling. Steady-state calls allocate nothing. It panics if c is not n×n or
// not upper.
func SymInner(c blas64.Symmetric, b blas64.General) {
	if c.N != b.Cols || c.Uplo != blas.Upper {
		panic(fmt.Sprintf("blasimpl: SymInner into %d×%d (uplo %c) from %d columns", c.N, c.N, c.Uplo, b.Cols))
	}
	if Name() == "openblas" || c.N <= tileSize || b.Rows == 0 {
		blas64.Syrk(blas.Trans, 1, b, 0, c)
		return
	}
	tiledSymInner(c, b)
}

// syrkJob is one tiled SYRK shared by the workers: tiles are claimed in order through
// next, numbered row-major over the nt×nt tile grid, of which only those on or above
// the diagonal are computed.
type syrkJob struct {
	c    blas64.Symmetric
	bt   blas64.General // bᵀ, n×k
	nt   int64
	next atomic.Int64
	wg   sync.WaitGroup
}

var (
	jobs    = sync.Pool{New: func() any { return new(syrkJob) }}
	btCache struct {
		sync.Mutex
		data []float64
	} // bᵀ of the last call, reused by the next one that finds it free
	workerMu sync.Mutex
	workers  int           // number of started worker goroutines
	tasks    chan *syrkJob // work offers, one per participating worker
)

func tiledSymInner(c blas64.Symmetric, b blas64.General) {
	n, k := b.Cols, b.Rows
	var data []float64
	if btCache.TryLock() {
		defer btCache.Unlock()
		if cap(btCache.data) < n*k {
			btCache.data = make([]float64, n*k)
		}
		data = btCache.data[:n*k]
	} else {
		data = make([]float64, n*k)
	}
	for l := 0; l < k; l++ {
		for i, v := range b.Data[l*b.Stride : l*b.Stride+n] {
			data[i*k+l] = v
		}
	}
	tiledSyrk(c, blas64.General{Rows: n, Cols: k, Stride: k, Data: data})
}

// tiledSyrk sets the upper triangle of c to bt btᵀ (bt n×k) on the worker goroutines.
func tiledSyrk(c blas64.Symmetric, bt blas64.General) {
	job := jobs.Get().(*syrkJob)
	job.c, job.bt = c, bt
	job.nt = int64((c.N + tileSize - 1) / tileSize)
	job.next.Store(0)
	w := min(Threads(), int(job.nt*(job.nt+1)/2))
	startWorkers(w)
	job.wg.Add(w)
	for range w {
		tasks <- job
	}
	job.wg.Wait()
	job.c, job.bt = blas64.Symmetric{}, blas64.General{}
	jobs.Put(job)
}

// startWorkers makes sure at least n worker goroutines are waiting on tasks. They live
// for the rest of the program, parked on the channel when idle.
func startWorkers(n int) {
	workerMu.Lock()
	defer workerMu.Unlock()
	if tasks == nil {
		tasks = make(chan *syrkJob)
	}
	for ; workers < n; workers++ {
		go func() {
			for job := range tasks {
				job.run()
				job.wg.Done()
			}
		}()
	}
}

// run computes tiles until none is left.
func (j *syrkJob) run() {
	for {
		t := j.next.Add(1) - 1
		if t >= j.nt*j.nt {
			return
		}
		ti, tj := int(t/j.nt), int(t%j.nt)
		if tj < ti {
			continue
		}
		j.tile(ti, tj)
	}
}

// tile computes c[I, J] = Σ over 64-column chunks L of bᵀ[I, L] bᵀ[J, L]ᵀ, in chunk
// order, for the row range I and column range J of tile (ti, tj), ti ≤ tj.
func (j *syrkJob) tile(ti, tj int) {
	n, ldc, ldt, k := j.c.N, j.c.Stride, j.bt.Stride, j.bt.Cols
	i0, i1 := ti*tileSize, min((ti+1)*tileSize, n)
	j0, j1 := tj*tileSize, min((tj+1)*tileSize, n)
	for l0 := 0; l0 < k; l0 += tileSize {
		kl := min(tileSize, k-l0)
		beta := 1.0
		if l0 == 0 {
			beta = 0
		}
		ai := blas64.General{Rows: i1 - i0, Cols: kl, Stride: ldt, Data: j.bt.Data[i0*ldt+l0:]}
		if ti == tj {
			ct := blas64.Symmetric{Uplo: blas.Upper, N: i1 - i0, Stride: ldc, Data: j.c.Data[i0*ldc+i0:]}
			blas64.Syrk(blas.NoTrans, 1, ai, beta, ct)
			continue
		}
		aj := blas64.General{Rows: j1 - j0, Cols: kl, Stride: ldt, Data: j.bt.Data[j0*ldt+l0:]}
		ct := blas64.General{Rows: i1 - i0, Cols: j1 - j0, Stride: ldc, Data: j.c.Data[i0*ldc+j0:]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, ai, aj, beta, ct)
	}
}

// checkThreads panics unless n ≥ 1 (a programmer error: a thread count is not data).
func checkThreads(n int) {
	if n < 1 {
		panic(fmt.Sprintf("blasimpl: SetThreads(%d): need at least 1 thread", n))
	}
}
