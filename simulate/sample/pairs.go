package sample

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// PairEstimate is a Monte Carlo estimate of the pair statistics of docs/theory.md §1 from
// Draws independent draws, each one positive pair (the two views of one source) and
// one negative pair (views of two further, independent sources). See the package
// documentation for the estimators and the derivation of their standard errors.
type PairEstimate struct {
	// Draws is the number n of draws (positive pairs = negative pairs = n).
	Draws int
	// Q is q̂_i, the frequency of state i among the view-1 states of the positive
	// pairs; QSE its standard error sqrt(q̂(1−q̂)/n).
	Q, QSE []float64
	// C1 and C2 are the symmetrised joint frequencies of the positive and negative
	// pairs, ĉ_ij = (n_ij + n_ji)/(2n) with n_ij the number of pairs in (i, j);
	// C1SE and C2SE their standard errors (sqrt(ĉ(1−ĉ)/n) on the diagonal,
	// sqrt((ĉ/2 − ĉ²)/n) off it).
	C1, C1SE, C2, C2SE *mat.SymDense
}

// PairCounter accumulates positive and negative pair counts from batches, so that an
// estimate can be taken after any number of draws (convergence figures). The zero
// value is not usable; use NewPairCounter.
type PairCounter struct {
	m     int
	draws int
	view  []int64 // view[i]: positive pairs whose view-1 state is i
	pos   []int64 // pos[i*m+j]: positive pairs in state (i, j), ordered
	neg   []int64 // neg[i*m+j]: negative pairs in state (i, j), ordered
}

// NewPairCounter returns an empty counter over m states. It panics if m < 1.
func NewPairCounter(m int) *PairCounter {
	if m < 1 {
		panic(fmt.Sprintf("sample: NewPairCounter over m = %d states: need m ≥ 1", m))
	}
	return &PairCounter{m: m, view: make([]int64, m), pos: make([]int64, m*m), neg: make([]int64, m*m)}
}

// Draws returns the number of draws counted so far.
func (c *PairCounter) Draws() int { return c.draws }

// Reset empties the counter.
func (c *PairCounter) Reset() {
	c.draws = 0
	clear(c.view)
	clear(c.pos)
	clear(c.neg)
}

// Add counts the draws of b, whose sources are read in consecutive triples
// (3t, 3t+1, 3t+2): the positive pair is (View1[3t], View2[3t]), the two views of
// source 3t; the negative pair is (View1[3t+1], View2[3t+2]), views of two other
// sources. Draws thus use disjoint sources and are independent, and within a draw the
// negative pair is independent of the positive one. It panics (programmer errors) if
// b.Len() is not a multiple of 3, the view slices are shorter than b.Source, or a
// state is outside [0, m).
func (c *PairCounter) Add(b *Batch) {
	n := b.Len()
	if n%3 != 0 {
		panic(fmt.Sprintf("sample: PairCounter.Add of a batch of %d sources: need a multiple of 3 (one positive and one negative pair per 3 sources)", n))
	}
	if len(b.View1) < n || len(b.View2) < n {
		panic(fmt.Sprintf("sample: PairCounter.Add: %d sources but %d view-1 and %d view-2 states", n, len(b.View1), len(b.View2)))
	}
	m := c.m
	v1, v2 := b.View1[:n], b.View2[:n]
	for t := 0; t < n; t += 3 {
		i, j := v1[t], v2[t]
		c.view[i]++
		c.pos[i*m+j]++
		c.neg[v1[t+1]*m+v2[t+2]]++
	}
	c.draws += n / 3
}

// Estimate returns the estimate from the draws counted so far. With no draws every
// entry is NaN (0/0).
func (c *PairCounter) Estimate() *PairEstimate {
	m := c.m
	n := float64(c.draws)
	e := &PairEstimate{
		Draws: c.draws,
		Q:     make([]float64, m),
		QSE:   make([]float64, m),
		C1:    mat.NewSymDense(m, nil),
		C1SE:  mat.NewSymDense(m, nil),
		C2:    mat.NewSymDense(m, nil),
		C2SE:  mat.NewSymDense(m, nil),
	}
	for i, k := range c.view {
		p := float64(k) / n
		e.Q[i] = p
		e.QSE[i] = math.Sqrt(p * (1 - p) / n)
	}
	symmetrised(e.C1, e.C1SE, c.pos, m, n)
	symmetrised(e.C2, e.C2SE, c.neg, m, n)
	return e
}

// symmetrised writes ĉ_ij = (n_ij + n_ji)/(2n) and its standard error sqrt(v_ij/n),
// where v_ij is the exact variance of one draw's (1{(i,j)} + 1{(j,i)})/2 at ĉ:
// ĉ(1−ĉ) on the diagonal, ĉ/2 − ĉ² off it.
func symmetrised(c, se *mat.SymDense, counts []int64, m int, n float64) {
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			p := float64(counts[i*m+j]+counts[j*m+i]) / (2 * n)
			c.SetSym(i, j, p)
			se.SetSym(i, j, math.Sqrt(pairVariance(p, i == j)/n))
		}
	}
}

// pairVariance is the variance of one draw of the symmetrised indicator
// X = (1{(a,b)=(i,j)} + 1{(a,b)=(j,i)})/2 whose mean is c. On the diagonal X is a
// Bernoulli(c) indicator: c(1−c). Off it the two events are disjoint, so X takes the
// value 1/2 with probability 2c and 0 otherwise: E X² = c/2 and Var X = c/2 − c².
func pairVariance(c float64, diagonal bool) float64 {
	if diagonal {
		return c * (1 - c)
	}
	return c/2 - c*c
}

// EstimatePairs draws pairs independent draws from sp with rng (batches of up to 3·1024
// sources counted by a PairCounter, so the result equals Add of one batch of
// 3·pairs sources from the same rng state) and returns their estimate. It panics if
// pairs < 1.
func EstimatePairs(sp *Sampler, pairs int, rng *rand.Rand) *PairEstimate {
	if pairs < 1 {
		panic(fmt.Sprintf("sample: EstimatePairs with %d draws: need at least 1", pairs))
	}
	const chunk = 1024
	c := NewPairCounter(sp.Len())
	var b Batch
	for left := pairs; left > 0; left -= chunk {
		sp.Batch(&b, 3*min(left, chunk), rng)
		c.Add(&b)
	}
	return c.Estimate()
}

// InfoNCETarget returns the plug-in estimate of T1 = c1/(c1 + (n−1)c2) for n sources
// per batch, T̂1 = Ĉ1/(Ĉ1 + (n−1)Ĉ2), and its delta-method standard error
//
//	se² = (∂T/∂c1)² se(Ĉ1)² + (∂T/∂c2)² se(Ĉ2)²,
//	∂T/∂c1 = (n−1)c2/(c1 + (n−1)c2)²,  ∂T/∂c2 = −(n−1)c1/(c1 + (n−1)c2)²,
//
// evaluated at the estimates. Ĉ1 and Ĉ2 come from disjoint sources, so they are
// independent and there is no covariance term. An entry with Ĉ1 = Ĉ2 = 0 is NaN.
// It panics if n < 2 (see feature.CheckBatchSize).
func (e *PairEstimate) InfoNCETarget(n int) (t, se *mat.Dense) {
	if err := feature.CheckBatchSize(n); err != nil {
		panic(err)
	}
	m := len(e.Q)
	t = mat.NewDense(m, m, nil)
	se = mat.NewDense(m, m, nil)
	k := float64(n - 1)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c1, c2 := e.C1.At(i, j), e.C2.At(i, j)
			d := c1 + k*c2
			t.Set(i, j, c1/d)
			g1 := k * c2 / (d * d)
			g2 := -k * c1 / (d * d)
			s1, s2 := e.C1SE.At(i, j), e.C2SE.At(i, j)
			se.Set(i, j, math.Sqrt(g1*g1*s1*s1+g2*g2*s2*s2))
		}
	}
	return t, se
}
