package sample

import (
	"fmt"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Sampler draws batches from the generative model of docs/theory.md §1: a source state
// k ~ π and two views i, j ~ A[k,·] drawn independently. It holds one alias table for
// π and one per row of A, so each state costs O(1). A Sampler is immutable and safe
// for concurrent use, each goroutine with its own rng.
type Sampler struct {
	source *Alias
	aug    []Alias
}

// Batch is n sources and their two views: Source[a] = k, View1[a] = i, View2[a] = j.
type Batch struct {
	Source, View1, View2 []int
}

// Len returns the number of sources in the batch.
func (b *Batch) Len() int { return len(b.Source) }

// NewSampler builds the alias tables of s's source law π and of every row of its
// augmentation TPM A. It panics if s is nil. Memory: 16 bytes per positive entry of A.
func NewSampler(s *feature.Space) *Sampler {
	if s == nil {
		panic("sample: NewSampler of a nil feature space")
	}
	aug := s.Augmentation()
	m := aug.Len()
	var w aliasWork
	sp := &Sampler{source: new(Alias), aug: make([]Alias, m)}
	// π and the rows of A were validated by feature.NewSpace and markov, so build
	// trusts them and they need no second validation.
	sp.source.build(s.Source(), &w)
	row := make([]float64, m)
	for k := range sp.aug {
		sp.aug[k].build(aug.Row(row, k), &w)
	}
	return sp
}

// Len returns the number of states m.
func (sp *Sampler) Len() int { return len(sp.aug) }

// Batch fills dst with n sources and their views, drawn with rng in this order for
// a = 0,…,n−1: k ~ π, then i ~ A[k,·], then j ~ A[k,·]. So the first n sources of a
// larger batch equal a batch of n from the same rng state. dst's slices are resliced
// to length n and reused when their capacity suffices (no allocation), else
// reallocated. It panics if dst is nil or n < 0.
func (sp *Sampler) Batch(dst *Batch, n int, rng *rand.Rand) {
	if dst == nil {
		panic("sample: Batch into a nil *Batch")
	}
	if n < 0 {
		panic(fmt.Sprintf("sample: Batch of n = %d sources: need n ≥ 0", n))
	}
	dst.Source = resize(dst.Source, n)
	dst.View1 = resize(dst.View1, n)
	dst.View2 = resize(dst.View2, n)
	src, view1, view2 := dst.Source[:n], dst.View1[:n], dst.View2[:n]
	for a := range src {
		k := sp.source.Draw(rng)
		row := &sp.aug[k]
		src[a] = k
		view1[a] = row.Draw(rng)
		view2[a] = row.Draw(rng)
	}
}

func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}
