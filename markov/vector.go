package markov

import (
	"fmt"
	"math"
)

// Dist is an immutable probability vector over m states.
type Dist struct {
	p []float64
}

// NewDist validates and copies p: finite, non-negative entries summing to 1 within SumTol.
func NewDist(p []float64) (*Dist, error) {
	if len(p) == 0 {
		return nil, fmt.Errorf("markov: probability vector: %w", ErrEmpty)
	}
	var sum float64
	for i, v := range p {
		if why := checkEntry(v); why != "" {
			return nil, fmt.Errorf("markov: probability vector entry [%d] = %v: %s", i, v, why)
		}
		sum += v
	}
	if math.Abs(sum-1) > SumTol {
		return nil, fmt.Errorf("markov: probability vector sums to %v, want 1 (within %g)", sum, SumTol)
	}
	return &Dist{p: append([]float64(nil), p...)}, nil
}

// Uniform returns the uniform distribution over m ≥ 1 states.
func Uniform(m int) (*Dist, error) {
	if m < 1 {
		return nil, fmt.Errorf("markov: uniform distribution over m = %d states: need m ≥ 1", m)
	}
	p := make([]float64, m)
	for i := range p {
		p[i] = 1 / float64(m)
	}
	return &Dist{p: p}, nil
}

// Len returns the number of states.
func (d *Dist) Len() int { return len(d.p) }

// At returns p_i. It panics if i is out of range.
func (d *Dist) At(i int) float64 { return d.p[i] }

// Values copies p into dst (allocated when nil or too short) and returns it.
func (d *Dist) Values(dst []float64) []float64 {
	if cap(dst) < len(d.p) {
		dst = make([]float64, len(d.p))
	}
	dst = dst[:len(d.p)]
	copy(dst, d.p)
	return dst
}
