package proofs

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestC16RefusesBadBatchSizes: C16's batch sizes must be at least 2 (the O(1/N) term needs
// N − 1 ≥ 1 negatives) and, for the scaling check, strictly increasing: a repeated N is no
// step of the sequence (the docs of CheckC16GapScaling), so it is refused like a
// decreasing one, and T1LossGap returns feature.CheckBatchSize's error for N = 1 instead of
// a gap.
func TestC16RefusesBadBatchSizes(t *testing.T) {
	s := feature.Toy()
	for _, ns := range [][]int{{10, 10}, {10, 100, 100}, {100, 10}, {1, 10}} {
		if err := CheckC16GapScaling(s, ns); err == nil {
			t.Errorf("CheckC16GapScaling(%v) accepted batch sizes that are not strictly increasing and ≥ 2", ns)
		}
	}
	if err := CheckC16GapScaling(s, []int{10, 11}); err != nil {
		t.Errorf("CheckC16GapScaling([10 11]) refused strictly increasing batch sizes: %v", err)
	}
	for _, n := range []int{1, 0, -3} {
		if gap, lower, upper, err := T1LossGap(s, n); err == nil {
			t.Errorf("T1LossGap(N = %d) = %v, %v, %v with no error", n, gap, lower, upper)
		}
	}
}
