package feature

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/blasimpl"
	"github.com/infonce-lab/infonce-lab/markov"
)

// SpaceWorkspace is the scratch storage of building a Space: the m×m matrix
// B = diag(√π)A whose SYRK gives c1 = BᵀB, and a length-m buffer for q = πA. Its zero
// value is ready to use; it grows to the largest m it has seen and is then reused, so a
// caller building many spaces of one size (sweeps over random TPMs) keeps one, with
// Space.Set. A SpaceWorkspace must not be used by two goroutines at once.
type SpaceWorkspace struct {
	b []float64 // row-major m×m, B[k][i] = √π_k A[k][i]
	q []float64 // q = πA, checked before it is copied into the Space
}

// sharedWork is the scratch of NewSpace, NewLabeledSpace and Set(…, nil): one
// workspace for the program, kept at the largest m built so far (8m² bytes), used by one
// call at a time; a call that finds it busy uses a fresh workspace. (A sync.Pool loses
// its items to the garbage collector and to goroutine migration between Ps, which at
// m = 2048 cost a fresh, zeroed 32 MiB B on about every other call.)
var sharedWork struct {
	sync.Mutex
	w SpaceWorkspace
}

// withWork calls f with the shared workspace when it is free, else with a fresh one.
func withWork(f func(*SpaceWorkspace) error) error {
	if !sharedWork.TryLock() {
		return f(new(SpaceWorkspace))
	}
	defer sharedWork.Unlock()
	return f(&sharedWork.w)
}

// grow returns the scratch sized for m states, reallocating only when m grew.
func (w *SpaceWorkspace) grow(m int) (b, q []float64) {
	if cap(w.b) < m*m {
		w.b = make([]float64, m*m)
	}
	if cap(w.q) < m {
		w.q = make([]float64, m)
	}
	return w.b[:m*m], w.q[:m]
}

// Set makes s the space of the source law src and the augmentation aug, as NewSpace
// does, reusing s's storage when it already has aug's number of states and work's
// scratch (work may be nil: Set then uses the scratch NewSpace uses). With both reused, Set
// allocates nothing. The result is bit-identical to NewSpace's. On error s is
// unchanged. Set drops s's labels.
//
// Set mutates s: it is for callers that own s (the zero Space is a valid receiver);
// a Space handed to other code is treated as immutable and must not be Set.
func (s *Space) Set(src *markov.Dist, aug *markov.TPM, work *SpaceWorkspace) error {
	if src == nil || aug == nil {
		return fmt.Errorf("feature: nil source distribution or augmentation TPM")
	}
	if work == nil {
		return withWork(func(w *SpaceWorkspace) error { return s.set(src, aug, nil, w) })
	}
	return s.set(src, aug, nil, work)
}

// set computes the pair statistics in two passes over m×m memory (docs/theory.md §1–§2):
//
//  1. for each source state k, in order: copy row A_k· into row k of B, add π_k A_k·
//     to q (the same additions in the same order as markov.TPM.Apply, hence the same
//     bits), and scale the row in place to √π_k A_k·, while it is in cache;
//  2. one SYRK, c1 = BᵀB, upper triangle only, into s's own storage.
//
// q is checked (every q_i > 0) before s is touched.
func (s *Space) set(src *markov.Dist, aug *markov.TPM, labels []string, work *SpaceWorkspace) error {
	m := aug.Len()
	if src.Len() != m {
		return fmt.Errorf("feature: source distribution has %d states, TPM has %d", src.Len(), m)
	}
	b, q := work.grow(m)
	clear(q)
	for k := 0; k < m; k++ {
		row := b[k*m : (k+1)*m]
		pk := src.At(k)
		if pk == 0 {
			clear(row) // √π_k A_k· = 0, and Apply adds nothing for this row
			continue
		}
		aug.Row(row, k)
		sk := math.Sqrt(pk)
		for i, a := range row {
			q[i] += pk * a
			row[i] = sk * a
		}
	}
	for i, qi := range q {
		if !(qi > 0) {
			e := &UnreachableError{State: i}
			if labels != nil {
				e.Label = labels[i]
			}
			return e
		}
	}
	if s.c1 == nil || s.c1.SymmetricDim() != m {
		s.c1 = mat.NewSymDense(m, nil)
	}
	blasimpl.SymInner(s.c1.RawSymmetric(), blas64.General{Rows: m, Cols: m, Stride: m, Data: b})
	if cap(s.q) < m {
		s.q = make([]float64, m)
	}
	if s.pass == nil && m >= parallelPassMin {
		s.pass = new(targetPass)
	}
	s.q = s.q[:m]
	copy(s.q, q)
	s.src, s.aug, s.labels = src, aug, labels
	return nil
}
