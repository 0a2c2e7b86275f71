package feature

import "math"

// normalizedOp applies M = D^{-1/2} c1 D^{-1/2}, D = diag(q), to blocks of vectors
// without forming c1: c1 = Aᵀ diag(π) A, so
//
//	M x = D^{-1/2} Aᵀ (π ⊙ (A (D^{-1/2} x))),
//
// two sparse products with A and Aᵀ (each row computed by one goroutine in a fixed
// order, so the result does not depend on the number of workers).
type normalizedOp struct {
	m       int
	a, at   csr
	pi, dis []float64 // π and D^{-1/2}
	workers int
	xs, ys  []float64 // m×b interleaved scratch
}

func (s *SparseSpace) normalizedOp(workers int) *normalizedOp {
	rowPtr, cols, vals := s.aug.RawCSR()
	dis := make([]float64, len(s.q))
	for i, q := range s.q {
		dis[i] = 1 / math.Sqrt(q)
	}
	return &normalizedOp{m: len(s.q), a: csr{rowPtr, cols, vals}, at: s.at, pi: s.src, dis: dis, workers: workers}
}

// apply writes dst[r] = M src[r] for each of the b = len(src) vectors.
func (o *normalizedOp) apply(dst, src [][]float64) {
	b, m := len(src), o.m
	if cap(o.xs) < m*b {
		o.xs, o.ys = make([]float64, m*b), make([]float64, m*b)
	}
	xs, ys := o.xs[:m*b], o.ys[:m*b]
	nc := chunkCount(m, sparseRowChunk*4)
	forChunks(nc, o.workers, func(c int) {
		lo, hi := chunkRange(c, m, sparseRowChunk*4)
		for i := lo; i < hi; i++ {
			d := o.dis[i]
			for r := range b {
				xs[i*b+r] = d * src[r][i]
			}
		}
	})
	// ys = diag(π) A xs, row by row.
	forChunks(nc, o.workers, func(c int) {
		lo, hi := chunkRange(c, m, sparseRowChunk*4)
		if b == 1 {
			for k := lo; k < hi; k++ {
				s := 0.0
				for p := o.a.rowPtr[k]; p < o.a.rowPtr[k+1]; p++ {
					s += o.a.vals[p] * xs[o.a.cols[p]]
				}
				ys[k] = o.pi[k] * s
			}
			return
		}
		for k := lo; k < hi; k++ {
			acc := ys[k*b : (k+1)*b]
			clear(acc)
			for p := o.a.rowPtr[k]; p < o.a.rowPtr[k+1]; p++ {
				j := int(o.a.cols[p])
				v := o.a.vals[p]
				for r, x := range xs[j*b : (j+1)*b] {
					acc[r] += v * x
				}
			}
			for r := range acc {
				acc[r] *= o.pi[k]
			}
		}
	})
	// dst = D^{-1/2} Aᵀ ys, row by row of Aᵀ.
	forChunks(nc, o.workers, func(c int) {
		lo, hi := chunkRange(c, m, sparseRowChunk*4)
		if b == 1 {
			out := dst[0]
			for i := lo; i < hi; i++ {
				s := 0.0
				for p := o.at.rowPtr[i]; p < o.at.rowPtr[i+1]; p++ {
					s += o.at.vals[p] * ys[o.at.cols[p]]
				}
				out[i] = o.dis[i] * s
			}
			return
		}
		var acc [16]float64
		for i := lo; i < hi; i++ {
			for r0 := 0; r0 < b; r0 += len(acc) {
				w := min(len(acc), b-r0)
				a := acc[:w]
				clear(a)
				for p := o.at.rowPtr[i]; p < o.at.rowPtr[i+1]; p++ {
					k := int(o.at.cols[p])
					v := o.at.vals[p]
					for r, y := range ys[k*b+r0 : k*b+r0+w] {
						a[r] += v * y
					}
				}
				for r, v := range a {
					dst[r0+r][i] = o.dis[i] * v
				}
			}
		}
	})
}
