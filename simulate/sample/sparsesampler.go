package sample

import (
	"math/bits"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// SparseSampler draws from the generative model of a sparse feature space (k ~ π, then
// two views i, j ~ A[k,·] independently) with one alias table for π and one per row of
// the sparse TPM, stored flat: row k's table has one column per stored entry of row k.
// Memory is 16 bytes per non-zero of A plus 16 per state, so it scales to millions of
// states. It is immutable and safe for concurrent use, each goroutine with its own rng.
type SparseSampler struct {
	source *Alias
	start  []int         // row k's columns are cols[start[k]:start[k+1]]
	cols   []aliasColumn // own and alias are states (columns of A), not row positions
}

// NewSparseSampler builds the alias tables of s's source law and TPM rows. It panics
// if s is nil.
func NewSparseSampler(s *feature.SparseSpace) *SparseSampler {
	if s == nil {
		panic("sample: NewSparseSampler of a nil feature space")
	}
	rowPtr, acols, avals := s.Augmentation().RawCSR()
	m := s.Len()
	var w aliasWork
	sp := &SparseSampler{source: new(Alias), start: make([]int, m+1), cols: make([]aliasColumn, 0, len(avals))}
	// π and the rows of A were validated by feature and markov, so build trusts them.
	sp.source.build(s.Source(), &w)
	var row Alias
	for k := 0; k < m; k++ {
		lo, hi := rowPtr[k], rowPtr[k+1]
		row.build(avals[lo:hi], &w) // stored entries are > 0: one column each
		for _, c := range row.cols {
			sp.cols = append(sp.cols, aliasColumn{accept: c.accept, own: acols[lo+int(c.own)], alias: acols[lo+int(c.alias)]})
		}
		sp.start[k+1] = len(sp.cols)
	}
	return sp
}

// Len returns the number of states m.
func (sp *SparseSampler) Len() int { return len(sp.start) - 1 }

// pairStage is the number of pairs drawn stage by stage: all sources, then all row
// bounds, then all view columns. Each stage's memory accesses are independent of one
// another, so the processor overlaps their cache misses (a large TPM does not fit in
// cache, and one pair touches three random places).
const pairStage = 256

// drawWord draws from an alias table of s columns with one 64-bit word u: the product
// u·s = hi·2⁶⁴ + lo gives the column hi = ⌊u·s/2⁶⁴⌋ and the acceptance uniform lo/2⁶⁴.
// Both are uniform up to s/2⁶⁴ (< 1.2e-10 even at s = 2³¹ states; 1.1e-14 at s = 2·10⁵),
// far below any Monte Carlo standard error, and one word costs half of IntN + Float64.
func drawWord(cols []aliasColumn, u uint64) int32 {
	hi, lo := bits.Mul64(u, uint64(len(cols)))
	c := &cols[hi]
	if c.accept >= 1 || float64(lo>>11)*0x1p-53 < c.accept {
		return c.own
	}
	return c.alias
}

// PositivePairs fills view1 and view2 (equal lengths) with the two views of
// len(view1) independent sources: the joint law of (view1[a], view2[a]) is
// c1 = Aᵀ diag(π) A. For each block of up to 256 pairs it draws, in this order, one
// rng.Uint64 per source, then one per view 1 and one per view 2 of each pair (see
// drawWord), so rng is consumed the same way whatever the values. It panics if the
// lengths differ.
func (sp *SparseSampler) PositivePairs(view1, view2 []int32, rng *rand.Rand) {
	if len(view1) != len(view2) {
		panic("sample: PositivePairs with view slices of different lengths")
	}
	var src [pairStage]int32
	var lo, hi [pairStage]int
	var w1, w2 [pairStage]uint64
	for base := 0; base < len(view1); base += pairStage {
		cnt := min(pairStage, len(view1)-base)
		for a := 0; a < cnt; a++ {
			src[a] = drawWord(sp.source.cols, rng.Uint64())
		}
		for a := 0; a < cnt; a++ {
			w1[a], w2[a] = rng.Uint64(), rng.Uint64()
		}
		for a := 0; a < cnt; a++ {
			lo[a], hi[a] = sp.start[src[a]], sp.start[src[a]+1]
		}
		out1, out2 := view1[base:base+cnt], view2[base:base+cnt]
		for a := 0; a < cnt; a++ {
			row := sp.cols[lo[a]:hi[a]]
			out1[a] = drawWord(row, w1[a])
			out2[a] = drawWord(row, w2[a])
		}
	}
}

// pairBlock is the number of pairs per independent stream of FillPositivePairs.
const pairBlock = 1 << 16

// FillPositivePairs is PositivePairs on up to `workers` goroutines: pairs
// [b·2¹⁶, (b+1)·2¹⁶) are drawn from their own stream Stream(seed, b), so the result
// depends on seed only, not on the number of workers (workers < 1 means 1).
func (sp *SparseSampler) FillPositivePairs(view1, view2 []int32, seed uint64, workers int) {
	if len(view1) != len(view2) {
		panic("sample: FillPositivePairs with view slices of different lengths")
	}
	n := len(view1)
	chunks.For(chunks.Count(n, pairBlock), max(1, workers), func(b int) {
		lo, hi := chunks.Range(b, n, pairBlock)
		sp.PositivePairs(view1[lo:hi], view2[lo:hi], Stream(seed, b))
	})
}
