package proofs

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestToySatisfiesEveryClaim runs every checker on the paper's toy (docs/theory.md §7, N = 1000,
// α = 1, β = 0 and the R2 setting α = 1, β = −0.2), the lab's default scenario.
func TestToySatisfiesEveryClaim(t *testing.T) {
	s := feature.Toy()
	const n = feature.ToyBatchSize
	tests := []struct {
		claim, reason string
		err           error
	}{
		{"C1", "positive joint", CheckC1PositiveJoint(s)},
		{"C2", "negative joint", CheckC2NegativeJoint(s)},
		{"C3", "row sums", CheckC3RowSums(s)},
		{"C4", "joint gap", CheckC4JointGap(s)},
		{"C5", "weighted ρ rows", CheckC5WeightedDensityRatio(s)},
		{"C6", "mutual information 0.0057183 > 0", CheckC6MutualInformation(s)},
		{"C8", "relabel by a 3-cycle", CheckC8Relabelling(s, []int{1, 2, 0}, n, 1, 0)},
		{"C10", "T1 shape", CheckC10InfoNCETarget(s, n)},
		{"C11", "stationary at T1", CheckC11GradientVanishesAtT1(s, n, 0)},
		{"C12", "e^s = ρ", CheckC12ScaledDensityRatioAttainsT1(s, n, 0)},
		{"C16", "loss at T1", CheckC16LossAtT1(s, n)},
		{"C16", "gap scaling", CheckC16GapScaling(s, GapScalingBatchSizes)},
		{"C20", "DCL setting (α − β = 1)", CheckC20GradientVanishesAtT2(s, n, 1, 0, 0)},
		{"C20", "collapse setting α = 1, β = −0.2", CheckC20GradientVanishesAtT2(s, n, 1, -0.2, 0)},
		{"C21", "DCL target", CheckC21DCLTarget(s, n)},
		{"C22", "α − β = 1.2", CheckC22WeightedRowSums(s, n, 1, -0.2)},
		{"C25", "monotone", CheckC25SCTargetMonotone(s, n, 1, -0.2, 0.1)},
		{"C26", "β = 0.9 between min ρ = 0.867 and the next ρ = 0.939", CheckC26NegativeTargetPairs(s, n, 1, 0.9)},
		{"C28", "decoupled fixed point", CheckC28DecoupledFixedPoint(s, n, 1, 0)},
	}
	for _, tc := range tests {
		if tc.err != nil {
			t.Errorf("%s (%s): %v", tc.claim, tc.reason, tc.err)
		}
	}
	// The C26 case above must actually have a negative pair: (0, 2) with ρ = 0.866667.
	if got := s.NegativeTargetPairs(1, 0.9); len(got) != 1 || got[0] != (feature.Pair{I: 0, J: 2}) {
		t.Errorf("NegativeTargetPairs(1, 0.9) = %v, want [(0, 2)] (toy ρ_02 = 0.866667 is the only ρ below 0.9)", got)
	}
}
