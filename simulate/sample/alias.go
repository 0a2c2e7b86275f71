package sample

import (
	"fmt"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/markov"
)

// Alias is a Walker alias table for O(1) draws from a categorical law p over
// {0,…,len(p)−1} (Walker 1977, built with Vose's 1991 method). It has one column per
// state of the support {i : p_i > 0}, so a state of probability zero is never drawn.
// A draw picks a column c uniformly and returns its own state own_c with
// probability accept_c, otherwise its alias alias_c. The law it draws from is
//
//	Pr(i) = (1/s) Σ_c [ accept_c·1{own_c = i} + (1 − accept_c)·1{alias_c = i} ],
//
// with s the support size, equal to p_i / Σp up to float64 rounding.
//
// An Alias is immutable and safe for concurrent use (each goroutine with its own rng).
type Alias struct {
	m    int
	cols []aliasColumn
}

// aliasColumn is one column of the table: accept its own state with probability
// accept (compared with a uniform in [0, 1)), else return alias.
type aliasColumn struct {
	accept     float64
	own, alias int32
}

// NewAlias validates p like markov.NewDist (finite, non-negative entries summing to 1
// within markov.SumTol; the error names the offending index and value) and builds its
// alias table. The table draws from p/Σp, which differs from p by at most SumTol.
func NewAlias(p []float64) (*Alias, error) {
	if _, err := markov.NewDist(p); err != nil {
		return nil, fmt.Errorf("sample: alias table: %w", err)
	}
	a := new(Alias)
	var w aliasWork
	a.build(p, &w)
	return a, nil
}

// Len returns the number of categories m = len(p), including those of probability 0.
func (a *Alias) Len() int { return a.m }

// Draw returns one category drawn from the table's law using rng: one IntN for the
// column and, unless the column accepts with probability 1, one Float64 to accept it.
func (a *Alias) Draw(rng *rand.Rand) int {
	c := &a.cols[rng.IntN(len(a.cols))]
	if c.accept >= 1 || rng.Float64() < c.accept {
		return int(c.own)
	}
	return int(c.alias)
}

// aliasWork holds the scratch space of build, reused across the rows of a TPM.
type aliasWork struct {
	scaled       []float64
	small, large []int32
}

// build fills a with the alias table of p (trusted: validated by the caller) by Vose's
// method. Columns are indexed by support position; scaled[c] = s·p_own/Σp has mean 1.
// A column with scaled < 1 takes its rest from a column with scaled ≥ 1, whose excess
// drops by 1 − scaled (computed as (scaled_g + scaled_l) − 1, the numerically stable
// order of Vose §3); columns left at the end have scaled = 1 up to rounding and
// accept with probability 1.
func (a *Alias) build(p []float64, w *aliasWork) {
	a.m = len(p)
	var sum float64
	s := 0
	for _, v := range p {
		if v > 0 {
			sum += v
			s++
		}
	}
	if s == 0 {
		panic("sample: alias table of a law with no positive entry") // validated callers cannot reach this
	}
	if cap(a.cols) < s {
		a.cols = make([]aliasColumn, s)
	}
	a.cols = a.cols[:s]
	if cap(w.scaled) < s {
		w.scaled = make([]float64, s)
	}
	scaled := w.scaled[:s]
	small, large := w.small[:0], w.large[:0]
	c := 0
	for i, v := range p {
		if !(v > 0) {
			continue
		}
		a.cols[c] = aliasColumn{own: int32(i), alias: int32(i)}
		scaled[c] = v * float64(s) / sum
		if scaled[c] < 1 {
			small = append(small, int32(c))
		} else {
			large = append(large, int32(c))
		}
		c++
	}
	for len(small) > 0 && len(large) > 0 {
		l := small[len(small)-1]
		small = small[:len(small)-1]
		g := large[len(large)-1]
		large = large[:len(large)-1]
		a.cols[l].accept = scaled[l]
		a.cols[l].alias = a.cols[g].own
		scaled[g] = (scaled[g] + scaled[l]) - 1
		if scaled[g] < 1 {
			small = append(small, g)
		} else {
			large = append(large, g)
		}
	}
	for _, g := range large {
		a.cols[g].accept = 1
	}
	for _, l := range small { // only through rounding: scaled[l] = 1 − O(s·ε)
		a.cols[l].accept = 1
	}
	w.small, w.large = small, large
}
