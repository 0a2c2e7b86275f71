package feature

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

// SparseSpace is the feature space of a sparse augmentation TPM: the same quantities as
// Space (docs/theory.md §1–§4) stored on the support of c1, {(i, j): c1_ij > 0}, so that
// spaces with millions of states fit in memory. Off the support c1 = ρ = T1 = 0 and
// T2 = −β/(n−1). It is immutable.
type SparseSpace struct {
	src []float64
	aug *markov.SparseTPM
	at  csr // Aᵀ in CSR form: row i lists the sources k with A_ki > 0
	q   []float64
	c1  *SparseSym
}

// csr is a read-only view of compressed sparse row storage.
type csr struct {
	rowPtr []int
	cols   []int32
	vals   []float64
}

// sparseRowChunk is the row-chunk size of the sparse kernels (fixed, so results do not
// depend on the number of workers).
const sparseRowChunk = 512

// NewSparseSpace validates source as a probability vector over aug's states and
// computes q = πA and c1 = Aᵀdiag(π)A by a sparse product (Gustavson's row-by-row
// algorithm over the rows of Aᵀ). Like NewSpace it refuses a state with q_i = 0 with an
// *UnreachableError naming it.
func NewSparseSpace(source []float64, aug *markov.SparseTPM) (*SparseSpace, error) {
	if aug == nil {
		return nil, fmt.Errorf("feature: nil augmentation TPM")
	}
	src, err := markov.NewDist(source)
	if err != nil {
		return nil, fmt.Errorf("feature: source distribution: %w", err)
	}
	m := aug.Len()
	if src.Len() != m {
		return nil, fmt.Errorf("feature: source distribution has %d states, TPM has %d", src.Len(), m)
	}
	pi := src.Values(nil)
	rowPtr, cols, vals := aug.RawCSR()
	a := csr{rowPtr, cols, vals}
	at := transposeCSR(m, a)
	q := make([]float64, m)
	workers := sparseWorkers()
	forChunks(chunkCount(m, sparseRowChunk), workers, func(c int) {
		lo, hi := chunkRange(c, m, sparseRowChunk)
		for i := lo; i < hi; i++ {
			s := 0.0
			for p := at.rowPtr[i]; p < at.rowPtr[i+1]; p++ {
				s += pi[at.cols[p]] * at.vals[p]
			}
			q[i] = s
		}
	})
	for i, qi := range q {
		if !(qi > 0) {
			return nil, &UnreachableError{State: i}
		}
	}
	c1 := positiveJoint(m, pi, a, at, workers)
	return &SparseSpace{src: pi, aug: aug, at: at, q: q, c1: c1}, nil
}

// transposeCSR returns Aᵀ in CSR form (columns increasing within each row).
func transposeCSR(m int, a csr) csr {
	t := csr{rowPtr: make([]int, m+1), cols: make([]int32, len(a.cols)), vals: make([]float64, len(a.vals))}
	for _, c := range a.cols {
		t.rowPtr[c+1]++
	}
	for i := 0; i < m; i++ {
		t.rowPtr[i+1] += t.rowPtr[i]
	}
	next := append([]int(nil), t.rowPtr[:m]...)
	for k := 0; k < m; k++ {
		for p := a.rowPtr[k]; p < a.rowPtr[k+1]; p++ {
			c := a.cols[p]
			d := next[c]
			next[c]++
			t.cols[d], t.vals[d] = int32(k), a.vals[p]
		}
	}
	return t
}

// positiveJoint computes c1 = Aᵀdiag(π)A: row i of c1 is Σ_k π_k A_ki A_k·, summed over
// the rows k of Aᵀ's row i in increasing k, into a dense accumulator per worker. A
// symbolic pass counts each row's non-zeros, so the numeric pass writes every row in
// place in the final arrays (fixed row chunks; no per-chunk buffers to copy).
func positiveJoint(m int, pi []float64, a, at csr, workers int) *SparseSym {
	nc := chunkCount(m, sparseRowChunk)
	type scratch struct {
		acc  []float64
		mark []int32 // mark[j] = i+1 when column j is already in row i's list
		idx  []int32
	}
	pool := make(chan *scratch, nc)
	get := func() *scratch {
		select {
		case sc := <-pool:
			return sc
		default:
			return &scratch{acc: make([]float64, m), mark: make([]int32, m)}
		}
	}
	// Symbolic pass: row lengths (columns j reached through some k with π_k A_ki > 0).
	rowPtr := make([]int, m+1)
	forChunks(nc, workers, func(c int) {
		sc := get()
		lo, hi := chunkRange(c, m, sparseRowChunk)
		for i := lo; i < hi; i++ {
			n := 0
			tag := int32(i + 1)
			for p := at.rowPtr[i]; p < at.rowPtr[i+1]; p++ {
				k := at.cols[p]
				if pi[k]*at.vals[p] == 0 {
					continue
				}
				for e := a.rowPtr[k]; e < a.rowPtr[k+1]; e++ {
					if j := a.cols[e]; sc.mark[j] != tag {
						sc.mark[j] = tag
						n++
					}
				}
			}
			rowPtr[i+1] = n
		}
		pool <- sc
	})
	for i := 0; i < m; i++ {
		rowPtr[i+1] += rowPtr[i]
	}
	nnz := rowPtr[m]
	cols := make([]int32, nnz)
	vals := make([]float64, nnz)
	// The marks of the symbolic pass are row tags i+1; the numeric pass tags −(i+1).
	forChunks(nc, workers, func(c int) {
		sc := get()
		lo, hi := chunkRange(c, m, sparseRowChunk)
		for i := lo; i < hi; i++ {
			sc.idx = sc.idx[:0]
			tag := -int32(i + 1)
			for p := at.rowPtr[i]; p < at.rowPtr[i+1]; p++ {
				k := at.cols[p]
				w := pi[k] * at.vals[p]
				if w == 0 {
					continue
				}
				for e := a.rowPtr[k]; e < a.rowPtr[k+1]; e++ {
					j := a.cols[e]
					if sc.mark[j] != tag {
						sc.mark[j] = tag
						sc.idx = append(sc.idx, j)
						sc.acc[j] = 0
					}
					sc.acc[j] += w * a.vals[e]
				}
			}
			slices.Sort(sc.idx)
			out := rowPtr[i]
			for _, j := range sc.idx {
				cols[out], vals[out] = j, sc.acc[j]
				out++
			}
		}
		pool <- sc
	})
	// The pattern is the symbolic one: a stored entry is a sum of positive products, so
	// it is 0 only if every product underflows, where it means the same as off the pattern.
	return &SparseSym{pat: &symPattern{m: m, rowPtr: rowPtr, cols: cols}, vals: vals}
}

// Len returns the number of states m.
func (s *SparseSpace) Len() int { return len(s.q) }

// Source returns a copy of π.
func (s *SparseSpace) Source() []float64 { return append([]float64(nil), s.src...) }

// Augmentation returns the TPM A (immutable, so shared).
func (s *SparseSpace) Augmentation() *markov.SparseTPM { return s.aug }

// ViewMarginal returns q = πA, the law of one view.
func (s *SparseSpace) ViewMarginal() []float64 { return append([]float64(nil), s.q...) }

// PositiveJoint returns c1 = Aᵀ diag(π) A, the joint law of the two views of one source,
// as a *SparseSym on its own support (the matrix is immutable, so it is shared).
func (s *SparseSpace) PositiveJoint() mat.Matrix { return s.c1 }

// SupportSize returns the number of ordered pairs (i, j) with c1_ij > 0.
func (s *SparseSpace) SupportSize() int { return s.c1.NNZ() }

// fullSupport reports whether c1 > 0 on every pair (so nothing is off the support).
func (s *SparseSpace) fullSupport() bool {
	m := len(s.q)
	return s.c1.NNZ() == m*m
}

// DensityRatio returns ρ = c1/(q qᵀ) on the support of c1 (0 off it).
func (s *SparseSpace) DensityRatio() mat.Matrix {
	return s.c1.mapVals(0, func(i, j int, c float64) float64 { return c / (s.q[i] * s.q[j]) })
}

// InfoNCETarget returns T1 = c1/(c1 + (n−1) q qᵀ) on the support of c1 (0 off it),
// docs/theory.md §4. It panics if n < 2 (see CheckBatchSize).
func (s *SparseSpace) InfoNCETarget(n int) mat.Matrix {
	mustBatch(n)
	k := float64(n - 1)
	return s.c1.mapVals(0, func(i, j int, c float64) float64 { return c / (c + k*s.q[i]*s.q[j]) })
}

// SCTarget returns T2 = α ρ/(n−1) − β/(n−1) (docs/theory.md §4): on the support of c1
// as stored values and −β/(n−1) everywhere else (the matrix's Off value). It panics if
// n < 2 or α, β are not finite (see CheckSCParams).
func (s *SparseSpace) SCTarget(n int, alpha, beta float64) mat.Matrix {
	mustSC(n, alpha, beta)
	k := float64(n - 1)
	return s.c1.mapVals(-beta/k, func(i, j int, c float64) float64 {
		return (alpha*(c/(s.q[i]*s.q[j])) - beta) / k
	})
}

// MutualInformation returns I(V1;V2) = Σ_ij c1_ij log ρ_ij in nats over the support.
func (s *SparseSpace) MutualInformation() float64 {
	var sum float64
	s.c1.DoNonZero(func(i, j int, c float64) {
		if c > 0 {
			sum += c * math.Log(c/(s.q[i]*s.q[j]))
		}
	})
	return sum
}

// RhoRange returns the smallest and largest entries of ρ over all pairs (the smallest
// is 0 when the support of c1 is not every pair), as Space.RhoRange.
func (s *SparseSpace) RhoRange() (lo, hi float64) {
	lo, hi = s.SupportRhoRange()
	if !s.fullSupport() {
		lo = 0
	}
	return lo, hi
}

// SupportRhoRange returns the smallest and largest entries of ρ over the support of c1.
func (s *SparseSpace) SupportRhoRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	s.c1.DoNonZero(func(i, j int, c float64) {
		r := c / (s.q[i] * s.q[j])
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	})
	return lo, hi
}

// Collapses reports whether the fully collapsed configuration is stationary for
// SC-InfoNCE with bounded cosines: α ρ_ij ≥ 1 + β for every pair (R2, docs/theory.md §4),
// checked on the support and, when some pair is off it (ρ = 0 there), 0 ≥ 1 + β.
func (s *SparseSpace) Collapses(alpha, beta float64) bool {
	if !s.fullSupport() && 0 < 1+beta {
		return false
	}
	ok := true
	s.c1.DoNonZero(func(i, j int, c float64) {
		if alpha*(c/(s.q[i]*s.q[j])) < 1+beta {
			ok = false
		}
	})
	return ok
}

// WeightedRowSums returns r_i = Σ_j q_j T_ij for a matrix T on this space's support:
// Σ over the stored entries plus Off·(1 − Σ_{j stored} q_j). For T2, r_i = (α−β)/(n−1)
// (R1, docs/theory.md §4). It panics if T is not m×m.
func (s *SparseSpace) WeightedRowSums(t *SparseSym) []float64 {
	m := s.Len()
	if t.pat.m != m {
		panic(fmt.Sprintf("feature: WeightedRowSums of a %d×%d matrix in a %d-state space", t.pat.m, t.pat.m, m))
	}
	out := make([]float64, m)
	for i := 0; i < m; i++ {
		var sum, mass float64
		for p := t.pat.rowPtr[i]; p < t.pat.rowPtr[i+1]; p++ {
			qj := s.q[t.pat.cols[p]]
			sum += qj * t.vals[p]
			mass += qj
		}
		out[i] = sum + t.off*(1-mass)
	}
	return out
}
