package enumerate

import (
	"fmt"
	"iter"
	"math"
)

// Compositions returns an iterator over every composition of total into parts
// non-negative integer parts (n_0 + … + n_{parts−1} = total), in lexicographically
// decreasing order from (total, 0, …, 0) to (0, …, 0, total): algorithm NEXCOM of
// Nijenhuis and Wilf, Combinatorial Algorithms (1978), ch. 5. There are
// C(total+parts−1, parts−1) of them (NumCompositions).
//
// The yielded slice is reused between iterations; copy it to keep it. It panics if total
// < 0 or parts < 1.
func Compositions(total, parts int) iter.Seq[[]int] {
	if total < 0 || parts < 1 {
		panic(fmt.Sprintf("enumerate: compositions of %d into %d parts", total, parts))
	}
	return func(yield func([]int) bool) {
		n := make([]int, parts)
		n[0] = total
		for {
			if !yield(n) {
				return
			}
			// Move the last part's mass (plus one) right of the rightmost other non-zero part.
			last := n[parts-1]
			n[parts-1] = 0
			h := parts - 2
			for h >= 0 && n[h] == 0 {
				h--
			}
			if h < 0 {
				return
			}
			n[h]--
			n[h+1] = last + 1
		}
	}
}

// NumCompositions returns C(total+parts−1, parts−1), the number of compositions of total
// into parts non-negative parts, or −1 if it exceeds limit (so it never overflows). It
// panics if total < 0 or parts < 1.
func NumCompositions(total, parts, limit int) int {
	if total < 0 || parts < 1 {
		panic(fmt.Sprintf("enumerate: compositions of %d into %d parts", total, parts))
	}
	// C(total+k, k) for k = 1, …, parts−1 by C(t+k, k) = C(t+k−1, k−1)·(t+k)/k, exact in
	// integers because each intermediate value is itself a binomial coefficient.
	// C(t+k, k) is non-decreasing in k, so the first value above limit ends the loop.
	c := 1
	for k := 1; k < parts; k++ {
		if c > math.MaxInt/(total+k) {
			return -1
		}
		c = c * (total + k) / k
		if c > limit {
			return -1
		}
	}
	if c > limit {
		return -1
	}
	return c
}

// LogMultinomial returns the log multinomial probability of the counts n under the
// probability vector p,
//
//	log Mult(n; T, p) = log T! − Σ_l log n_l! + Σ_l n_l log p_l,   T = Σ_l n_l,
//
// with log k! = lgamma(k+1) (math.Lgamma), so it stays finite for large T. Terms with
// n_l = 0 contribute 0 (so p_l = 0 is allowed there); a count on a state with p_l = 0
// gives −Inf. It panics if the lengths differ or a count is negative.
func LogMultinomial(n []int, p []float64) float64 {
	if len(n) != len(p) {
		panic(fmt.Sprintf("enumerate: %d counts for %d probabilities", len(n), len(p)))
	}
	var total int
	var s float64
	for l, k := range n {
		if k < 0 {
			panic(fmt.Sprintf("enumerate: negative count n[%d] = %d", l, k))
		}
		if k == 0 {
			continue
		}
		total += k
		s += float64(k)*math.Log(p[l]) - logFactorial(k)
	}
	return s + logFactorial(total)
}

// logFactorial returns log k! = lgamma(k+1).
func logFactorial(k int) float64 {
	v, _ := math.Lgamma(float64(k) + 1)
	return v
}
