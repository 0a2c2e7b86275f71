package enumerate

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// MaxCounts bounds the size of an enumeration: compositions × states (one float64 count
// each, so at most 32 MiB of counts).
const MaxCounts = 1 << 22

// CheckSize returns an error unless n ≥ 2 (feature.CheckBatchSize) and the compositions
// of the n−1 negatives into m states, times m, are at most MaxCounts.
func CheckSize(m, n int) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	if m < 1 {
		return fmt.Errorf("enumerate: m = %d states: need at least one", m)
	}
	if k := NumCompositions(n-1, m, MaxCounts/m); k < 0 {
		return fmt.Errorf("enumerate: batch size N = %d with m = %d states: C(N+m−2, m−1) compositions × m exceed MaxCounts = %d", n, m, MaxCounts)
	}
	return nil
}

// Negatives is the law of the states of the T = N−1 negatives of one anchor: they are
// i.i.d. with law q, so all that matters is their counts n (n_l negatives in state l),
// a composition of T into m parts with multinomial probability Mult(n; T, q). Negatives
// holds every composition of positive weight, with the weights computed in log space,
//
//	w(n) = exp(log Mult(n; T, q) − max) / Σ exp(log Mult − max),
//
// normalised so they sum to 1 (analytically they do; normalising removes the common part
// of the rounding error of log T! and of Σ_l n_l log q_l). Compositions whose weight
// underflows to 0 are dropped: their terms are below the smallest float64. Negatives is
// immutable.
type Negatives struct {
	states, total int
	counts        []float64 // Len()×states, row-major
	weights       []float64
	logErr        float64 // bound on the absolute error of every computed log Mult(n; T, q)
	dropped       int
}

// NewNegatives returns the law of the counts of total negatives drawn i.i.d. from q.
// It returns an error naming the value if q is not a probability vector (markov.NewDist),
// total < 1, or the enumeration exceeds MaxCounts (CheckSize).
func NewNegatives(q []float64, total int) (*Negatives, error) {
	if _, err := markov.NewDist(q); err != nil {
		return nil, fmt.Errorf("enumerate: law of the negatives: %w", err)
	}
	if total < 1 {
		return nil, fmt.Errorf("enumerate: %d negatives: need at least one", total)
	}
	m := len(q)
	if err := CheckSize(m, total+1); err != nil {
		return nil, err
	}
	logq := make([]float64, m)
	maxAbsLogQ := 0.0
	for l, p := range q {
		logq[l] = math.Log(p)
		if p > 0 {
			maxAbsLogQ = math.Max(maxAbsLogQ, -logq[l])
		}
	}
	lf := make([]float64, total+1)
	for k := range lf {
		lf[k] = logFactorial(k)
	}
	k := NumCompositions(total, m, MaxCounts)
	counts := make([]float64, 0, k*m)
	logw := make([]float64, 0, k)
	maxLog := math.Inf(-1)
	for n := range Compositions(total, m) {
		lw := lf[total]
		for l, c := range n {
			if c > 0 {
				lw += float64(c)*logq[l] - lf[c]
			}
		}
		if math.IsInf(lw, -1) {
			continue // a count on a state with q_l = 0
		}
		for _, c := range n {
			counts = append(counts, float64(c))
		}
		logw = append(logw, lw)
		maxLog = math.Max(maxLog, lw)
	}
	ng := &Negatives{states: m, total: total}
	var sum neumaier
	w := make([]float64, len(logw))
	for i, lw := range logw {
		w[i] = math.Exp(lw - maxLog)
		sum.add(w[i])
	}
	z := sum.value()
	for i := range logw {
		p := w[i] / z
		if p == 0 {
			ng.dropped++
			continue
		}
		ng.weights = append(ng.weights, p)
		ng.counts = append(ng.counts, counts[i*m:(i+1)*m]...)
	}
	// Each log Mult is a sum of at most 2m+1 terms — log T!, log n_l! and n_l·log q_l —
	// whose magnitudes add up to at most S = 2 log T! + T·max|log q_l|. Each term carries
	// at most 2 roundings of its own (Lgamma and Log are accurate to about one ulp; the
	// product n_l·log q_l one more) and the recursive sum at most 2m more; subtracting the
	// maximum (|log Mult − max| ≤ S) adds one rounding of at most u·S. So the absolute error
	// is at most (2m+5)·u·S (Higham, Accuracy and Stability, §3.1).
	ng.logErr = float64(2*m+5) * unitRoundoff * (2*lf[total] + float64(total)*maxAbsLogQ)
	return ng, nil
}

// Len returns the number of compositions held (those of positive weight).
func (ng *Negatives) Len() int { return len(ng.weights) }

// States returns m, the number of parts of each composition.
func (ng *Negatives) States() int { return ng.states }

// Total returns T, the number of negatives (the sum of every composition).
func (ng *Negatives) Total() int { return ng.total }

// Dropped returns the number of compositions left out because their weight underflowed.
func (ng *Negatives) Dropped() int { return ng.dropped }

// Weight returns the normalised multinomial weight of composition k.
func (ng *Negatives) Weight(k int) float64 { return ng.weights[k] }

// Counts writes composition k to dst (allocated when nil; it panics if dst has the wrong
// length) and returns it.
func (ng *Negatives) Counts(dst []int, k int) []int {
	if dst == nil {
		dst = make([]int, ng.states)
	}
	if len(dst) != ng.states {
		panic(fmt.Sprintf("enumerate: counts dst of length %d for %d states", len(dst), ng.states))
	}
	for l, c := range ng.counts[k*ng.states : (k+1)*ng.states] {
		dst[l] = int(c)
	}
	return dst
}

// LogWeightError returns the bound (2m+5)·u·(2 log T! + T·max_l |log q_l|) on the absolute
// rounding error of every computed log multinomial weight, shifted by its maximum
// (u = 2⁻⁵³). A normalised weight w/Σw is then accurate to 2·LogWeightError + 5u relative:
// the exponential adds u, the compensated sum 2u and the division u, and numerator and
// denominator each carry the log error once.
func (ng *Negatives) LogWeightError() float64 { return ng.logErr }

// row returns the counts of composition k (shared; read only).
func (ng *Negatives) row(k int) []float64 { return ng.counts[k*ng.states : (k+1)*ng.states] }
