package feature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// What the reference code's monitor measures (docs/theory.md §7, the graph experiment):
// per test batch of N SOURCES (states iid π, not the view law q), the row softmax of the
// learned logits s over the batch with the self pair in, averaged by class:
//
//	metric_ab = E[ e^{s_ab} / (e^{s_aa} + Σ_k n_k e^{s_ak}) ],  n ~ Multinomial(N−1, π)
//
// (a row of state a; its own column and every other source of state b carry the same
// state-pair logit, so the mean over the columns of class b is the single-entry value).
// The printed target T1 = ρ/(ρ + N − 1) is the positive-pair probability of a view among
// N candidates of law q; the monitor differs in the candidate law (π) and the self term.
//
// At T1's logits e^{s_ab} = M ρ_ab (docs/theory.md §4.1) and replacing Σ_k n_k e^{s_ak} by
// its mean (N−1) Σ_k π_k e^{s_ak} (mean field), the constant M cancels:
//
//	R_ab = ρ_ab / (ρ_aa + (N−1) Σ_k π_k ρ_ak).
//
// Where π = q (π stationary for A) Σ_k q_k ρ_ak = 1 and R_aa = T1_aa; otherwise each row
// of T1 is rescaled by 1/Σ_k π_k ρ_ak. Each softmax row sums to 1, and so does R:
// R_aa + (N−1) Σ_b π_b R_ab = 1. The mean-field error is a Jensen gap of E[1/Z], of
// relative order CV²/(N−1), CV the coefficient of variation of ρ_ak under k ~ π.

// ReferenceMonitorTarget returns R (above): the mean-field value of the reference
// monitor at T1's logits, for batches of n sources. It panics if n < 2.
func (s *Space) ReferenceMonitorTarget(n int) *mat.Dense {
	mustBatch(n)
	m := s.Len()
	pi := s.Source()
	out := mat.NewDense(m, m, nil)
	for a := range m {
		mean := 0.0
		for k := range m {
			mean += pi[k] * s.rho(a, k)
		}
		den := s.rho(a, a) + float64(n-1)*mean
		for b := range m {
			out.Set(a, b, s.rho(a, b)/den)
		}
	}
	return out
}

// MaxMonitorCompositions bounds the number of batch compositions
// ReferenceMonitorExpectation enumerates.
const MaxMonitorCompositions = 20_000_000

// ReferenceMonitorExpectation returns the exact expectation of the reference monitor
// for state-pair weights w_ab = e^{s_ab} (m×m, positive) and batches of n sources: for
// a row of state a and n−1 other sources iid π, conditioned (as the reference, which
// stops at a batch that misses a state) on the batch holding every state,
//
//	E_ab = E[ w_ab / (w_aa + Σ_k n_k w_ak) | every state present ],
//
// by enumerating the C(n+m−2, m−1) compositions of n−1 with multinomial weights. It
// returns an error naming the bad value for n < 2, a w of the wrong size or with an
// entry that is not finite and > 0, a state no batch of n can complete (n < m), or
// more than MaxMonitorCompositions compositions.
func (s *Space) ReferenceMonitorExpectation(w mat.Matrix, n int) (*mat.Dense, error) {
	m := s.Len()
	if n < 2 {
		return nil, fmt.Errorf("feature: monitor batch size n = %d: need n ≥ 2", n)
	}
	if n < m {
		return nil, fmt.Errorf("feature: monitor batch size n = %d < m = %d states: no batch holds every state", n, m)
	}
	if r, c := w.Dims(); r != m || c != m {
		return nil, fmt.Errorf("feature: monitor weights are %d×%d, want %d×%d", r, c, m, m)
	}
	for a := range m {
		for b := range m {
			if v := w.At(a, b); !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("feature: monitor weight w[%d][%d] = %v: need a finite weight > 0", a, b, v)
			}
		}
	}
	if c := binomial(n+m-2, m-1); !(c <= MaxMonitorCompositions) {
		return nil, fmt.Errorf("feature: monitor batch size n = %d: %g compositions, more than %d", n, c, MaxMonitorCompositions)
	}
	pi := s.Source()
	logPi := make([]float64, m)
	for k, p := range pi {
		logPi[k] = math.Log(p) // −Inf for a zero-probability state: weight 0 unless n_k = 0
	}
	lgN, _ := math.Lgamma(float64(n))
	out := mat.NewDense(m, m, nil)
	mass := make([]float64, m)
	counts := make([]int, m)
	var visit func(k, left int, logw float64)
	visit = func(k, left int, logw float64) {
		if k == m-1 {
			counts[k] = left
			lg, _ := math.Lgamma(float64(left + 1))
			lw := logw - lg
			if left > 0 {
				lw += float64(left) * logPi[k]
			}
			p := math.Exp(lgN + lw)
			if p == 0 {
				return
			}
			for a := range m {
				if !covers(counts, a) {
					continue
				}
				z := w.At(a, a)
				for j, c := range counts {
					z += float64(c) * w.At(a, j)
				}
				mass[a] += p
				for b := range m {
					out.Set(a, b, out.At(a, b)+p*w.At(a, b)/z)
				}
			}
			return
		}
		for c := 0; c <= left; c++ {
			counts[k] = c
			lg, _ := math.Lgamma(float64(c + 1))
			lw := logw - lg
			if c > 0 {
				lw += float64(c) * logPi[k]
			}
			visit(k+1, left-c, lw)
		}
	}
	visit(0, n-1, 0)
	for a := range m {
		if mass[a] == 0 {
			return nil, fmt.Errorf("feature: monitor: state %d never appears in a batch holding every state (π_%d = %v)", a, a, pi[a])
		}
		for b := range m {
			out.Set(a, b, out.At(a, b)/mass[a])
		}
	}
	return out, nil
}

// covers reports whether the other sources' counts plus the row's own state a hold
// every state.
func covers(counts []int, a int) bool {
	for k, c := range counts {
		if c == 0 && k != a {
			return false
		}
	}
	return true
}

// binomial returns C(n, k) as a float64.
func binomial(n, k int) float64 {
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x + 1)); return v }
	return math.Round(math.Exp(lg(n) - lg(k) - lg(n-k)))
}
