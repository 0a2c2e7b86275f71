package feature

import (
	"fmt"
	"math"
)

// CheckBatchSize returns an error unless n ≥ 2: a batch of n sources gives each anchor
// one positive and n−1 negatives.
func CheckBatchSize(n int) error {
	if n < 2 {
		return fmt.Errorf("feature: batch size N = %d: need N ≥ 2 sources (one positive and N−1 ≥ 1 negatives per anchor)", n)
	}
	return nil
}

// CheckSCParams returns an error unless α and β are finite.
func CheckSCParams(alpha, beta float64) error {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return fmt.Errorf("feature: SC-InfoNCE scale α = %v: need a finite number", alpha)
	}
	if math.IsNaN(beta) || math.IsInf(beta, 0) {
		return fmt.Errorf("feature: SC-InfoNCE bias β = %v: need a finite number", beta)
	}
	return nil
}

func mustBatch(n int) {
	if err := CheckBatchSize(n); err != nil {
		panic(err)
	}
}

func mustSC(n int, alpha, beta float64) {
	mustBatch(n)
	if err := CheckSCParams(alpha, beta); err != nil {
		panic(err)
	}
}
