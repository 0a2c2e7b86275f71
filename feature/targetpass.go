package feature

import (
	"sync"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// Row-parallel target passes (InfoNCETargetTo, SCTargetTo). A target entry depends only
// on c1_ij, q_i and q_j, so the rows of the upper triangle are independent and any split
// of them over goroutines gives the same bits as one goroutine.

const (
	// passRows is the number of rows one chunk of a target pass covers: 16 rows of
	// m = 2048 are 16–32 K entries, microseconds of work against a claim of a shared
	// counter. Chunks are claimed in row order, longest first, which balances the
	// triangle.
	passRows = 16
	// parallelPassMin is the smallest m whose target passes run on several goroutines:
	// below it, m(m+1)/2 < 131 K entries take at most about 0.2 ms on one core, and
	// waking a second thread for them (tens of µs, more on a loaded machine, plus the
	// scheduler's spinning) would eat most of what it saves.
	parallelPassMin = 512
)

// targetKind says which formula a target pass writes.
type targetKind int

const (
	infoNCEPass targetKind = iota // T1 = c1/(c1 + k q_i q_j)
	scPass                        // T2 = (α c1/(q_i q_j) − β)/k
)

// targetPass is the state of one row-parallel target pass, kept by a Space so that a
// pass allocates nothing: the chunks.Runner, the chunk function bound once, and the
// arguments of the pass in progress. mu is held for a whole pass; a pass that finds it
// held (the same Space used by two goroutines at once) runs serially instead.
type targetPass struct {
	mu      sync.Mutex
	runner  chunks.Runner
	chunkFn func(c int) // (*targetPass).chunk, bound once

	kind           targetKind
	out, c1        blas64.Symmetric
	q              []float64
	k, alpha, beta float64
}

// runTargetPass writes the target kind for batch factor k = n − 1 (and α, β for T2)
// into the upper triangle of out, reading c1 and q, on up to GOMAXPROCS goroutines.
func (s *Space) runTargetPass(kind targetKind, out blas64.Symmetric, k, alpha, beta float64) {
	m := len(s.q)
	p := s.pass
	if m < parallelPassMin || p == nil || !p.mu.TryLock() {
		targetRows(kind, out, s.c1.RawSymmetric(), s.q, k, alpha, beta, 0, m)
		return
	}
	defer p.mu.Unlock()
	if p.chunkFn == nil {
		p.chunkFn = p.chunk
	}
	p.kind, p.out, p.c1, p.q, p.k, p.alpha, p.beta = kind, out, s.c1.RawSymmetric(), s.q, k, alpha, beta
	p.runner.For(chunks.Count(m, passRows), chunks.Workers(0), p.chunkFn)
	p.out, p.c1, p.q = blas64.Symmetric{}, blas64.Symmetric{}, nil // hold no caller storage
}

// chunk runs the pass on rows [c·passRows, (c+1)·passRows).
func (p *targetPass) chunk(c int) {
	lo, hi := chunks.Range(c, len(p.q), passRows)
	targetRows(p.kind, p.out, p.c1, p.q, p.k, p.alpha, p.beta, lo, hi)
}

// targetRows writes rows [lo, hi) of the upper triangle of a target (docs/theory.md §4)
// into out: T1_ij = c1_ij/(c1_ij + k q_i q_j), or T2_ij = (α (c1_ij/(q_i q_j)) − β)/k.
func targetRows(kind targetKind, out, c1 blas64.Symmetric, q []float64, k, alpha, beta float64, lo, hi int) {
	m := len(q)
	for i := lo; i < hi; i++ {
		qi := q[i]
		c1r, row := c1.Data[i*c1.Stride+i:i*c1.Stride+m], out.Data[i*out.Stride+i:i*out.Stride+m]
		qr := q[i:m]
		switch kind {
		case infoNCEPass:
			kqi := k * qi
			for j, c := range c1r {
				row[j] = c / (c + kqi*qr[j])
			}
		case scPass:
			for j, c := range c1r {
				row[j] = (alpha*(c/(qi*qr[j])) - beta) / k
			}
		}
	}
}
