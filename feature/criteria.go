package feature

import "math"

// AttainTol is the tolerance on α − β = 1 in Attainable: a few ulps of numbers of order
// one, so that values such as α = 1.5, β = 0.5 written in decimal count as on the line.
const AttainTol = 1e-12

// Pair is an ordered state pair (I, J).
type Pair struct{ I, J int }

// Attainable reports whether the SC target is attainable by softmax rows: α − β = 1
// (R1, docs/theory.md §4). Off the line every similarity drifts up (α − β > 1) or down.
func Attainable(alpha, beta float64) bool {
	return math.Abs(alpha-beta-1) <= AttainTol
}

// Drift returns the direction every similarity is pushed off the attainable line: +1 when α − β > 1 (tightening, towards collapse), −1
// when α − β < 1 (spreading), 0 on the line.
func Drift(alpha, beta float64) int {
	switch d := alpha - beta - 1; {
	case math.Abs(d) <= AttainTol:
		return 0
	case d > 0:
		return 1
	default:
		return -1
	}
}

// NegativeTargetPairs returns the state pairs (i ≤ j) whose SC target is negative,
// T2_ij < 0 ⇔ β > α ρ_ij: no probability can reach them.
func (s *Space) NegativeTargetPairs(alpha, beta float64) []Pair {
	var out []Pair
	m := s.Len()
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			if beta > alpha*s.rho(i, j) {
				out = append(out, Pair{i, j})
			}
		}
	}
	return out
}

// Collapses reports whether the fully collapsed configuration (all embeddings equal,
// every cosine 1) is stationary for SC-InfoNCE with bounded cosines: α ρ_ij ≥ 1 + β for
// every pair (R2, docs/theory.md §4).
func (s *Space) Collapses(alpha, beta float64) bool {
	m := s.Len()
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			if alpha*s.rho(i, j) < 1+beta {
				return false
			}
		}
	}
	return true
}

// RhoRange returns the smallest and largest entries of ρ.
func (s *Space) RhoRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	m := s.Len()
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			r := s.rho(i, j)
			lo, hi = math.Min(lo, r), math.Max(hi, r)
		}
	}
	return lo, hi
}

func (s *Space) rho(i, j int) float64 { return s.c1.At(i, j) / (s.q[i] * s.q[j]) }
