package blasimpl

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// tileSize is the edge of the square tiles of the pure-Go SYRK. gonum's Dgemm runs a
// product serially when it spans fewer than four of its 64×64 blocks, so 64×64 tiles
// are serial kernels (no goroutines, no allocation) whose 32 KiB output stays in L1/L2
// while the k-long sum streams past it.
const tileSize = 64

// SymInner sets the upper triangle of c to bᵀb (c n×n for b k×n, row-major): the
// SYRK product c1 = BᵀB, B = diag(√π)A, of the feature space. The strict lower
// triangle of c's storage is neither read nor written, and c's previous contents are
// ignored (β = 0).
//
// With OpenBLAS it is one Dsyrk. gonum's pure-Go Dsyrk is serial and unblocked, so
// the default build splits the upper triangle into 64×64 tiles, computes each tile with
// a serial gonum kernel (Dsyrk on the diagonal, Dgemm off it) and hands tiles to up to
// GOMAXPROCS long-lived worker goroutines. Every tile is one fixed serial sum, so the
// result does not depend on the number of workers or on scheduling. Steady-state calls
// allocate nothing. It panics if c is not n×n or not upper.
func SymInner(c blas64.Symmetric, b blas64.General) {
	if c.N != b.Cols || c.Uplo != blas.Upper {
		panic(fmt.Sprintf("blasimpl: SymInner into %d×%d (uplo %c) from %d columns", c.N, c.N, c.Uplo, b.Cols))
	}
	if Name() == "openblas" || c.N <= tileSize {
		blas64.Syrk(blas.Trans, 1, b, 0, c)
		return
	}
	tiledSymInner(c, b)
}

// syrkJob is one tiled SYRK shared by the calling goroutine and the workers: tiles are
// claimed in order through next, numbered row-major over the nt×nt tile grid, of which
// only those on or above the diagonal are computed.
type syrkJob struct {
	c    blas64.Symmetric
	b    blas64.General
	nt   int64
	next atomic.Int64
	wg   sync.WaitGroup
}

var (
	jobs     = sync.Pool{New: func() any { return new(syrkJob) }}
	workerMu sync.Mutex
	workers  int           // number of started worker goroutines
	tasks    chan *syrkJob // work offers, one per helping worker
)

func tiledSymInner(c blas64.Symmetric, b blas64.General) {
	job := jobs.Get().(*syrkJob)
	job.c, job.b = c, b
	job.nt = int64((c.N + tileSize - 1) / tileSize)
	job.next.Store(0)
	helpers := min(runtime.GOMAXPROCS(0), int(job.nt*(job.nt+1)/2)) - 1
	startWorkers(helpers)
	job.wg.Add(helpers)
	for range helpers {
		tasks <- job
	}
	job.run()
	job.wg.Wait()
	job.c, job.b = blas64.Symmetric{}, blas64.General{}
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

// tile computes c[I, J] = b[:, I]ᵀ b[:, J] for the row range I and column range J of
// tile (ti, tj), ti ≤ tj.
func (j *syrkJob) tile(ti, tj int) {
	n, ldb, ldc := j.c.N, j.b.Stride, j.c.Stride
	i0, i1 := ti*tileSize, min((ti+1)*tileSize, n)
	j0, j1 := tj*tileSize, min((tj+1)*tileSize, n)
	k := j.b.Rows
	bi := blas64.General{Rows: k, Cols: i1 - i0, Stride: ldb, Data: j.b.Data[i0:]}
	if ti == tj {
		ct := blas64.Symmetric{Uplo: blas.Upper, N: i1 - i0, Stride: ldc, Data: j.c.Data[i0*ldc+i0:]}
		blas64.Syrk(blas.Trans, 1, bi, 0, ct)
		return
	}
	bj := blas64.General{Rows: k, Cols: j1 - j0, Stride: ldb, Data: j.b.Data[j0:]}
	ct := blas64.General{Rows: i1 - i0, Cols: j1 - j0, Stride: ldc, Data: j.c.Data[i0*ldc+j0:]}
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, bi, bj, 0, ct)
}
