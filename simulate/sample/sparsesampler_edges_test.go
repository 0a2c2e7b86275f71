package sample

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// swapSpace is the two-state space A = [[0 1] [1 0]], π = (½, ½): a source in state 0
// always gives views in state 1 and vice versa, so every positive pair is (1, 1) or
// (0, 0) and a mixed pair is impossible.
func swapSpace(t *testing.T) *feature.SparseSpace {
	t.Helper()
	a, err := markov.NewSparse(2, []markov.Triplet{{Row: 0, Col: 1, Value: 1}, {Row: 1, Col: 0, Value: 1}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSparseSpace([]float64{0.5, 0.5}, a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSparsePairsExactSupport: on the swap space every drawn pair is (0, 0) or (1, 1),
// and every slot of the output is written (filled with −1 before), for a batch that
// spans several stages (600 > 2·pairStage) and through FillPositivePairs with 0, 1 and 3
// workers.
func TestSparsePairsExactSupport(t *testing.T) {
	sp := NewSparseSampler(swapSpace(t))
	const n = 600
	check := func(how string, v1, v2 []int32) {
		for a := range v1 {
			if v1[a] < 0 || v1[a] != v2[a] {
				t.Fatalf("%s: pair %d is (%d, %d); want (0, 0) or (1, 1), all written", how, a, v1[a], v2[a])
			}
		}
	}
	fresh := func() ([]int32, []int32) {
		v1, v2 := make([]int32, n), make([]int32, n)
		for a := range v1 {
			v1[a], v2[a] = -1, -1
		}
		return v1, v2
	}
	v1, v2 := fresh()
	sp.PositivePairs(v1, v2, rand.New(rand.NewPCG(1, 2)))
	check("PositivePairs", v1, v2)
	for _, w := range []int{0, 1, 3} {
		v1, v2 := fresh()
		sp.FillPositivePairs(v1, v2, 7, w)
		check("FillPositivePairs", v1, v2)
	}
}

// TestReplicatesLeavesGOMAXPROCS: Replicates with workers ≤ 0 reads GOMAXPROCS and never
// sets it (checked at GOMAXPROCS = 3, so that a write of any other value shows whatever
// the machine or the test runner set).
func TestReplicatesLeavesGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	Replicates(1, 4, 0, func(rep int, rng *rand.Rand) int { return rep })
	if after := runtime.GOMAXPROCS(0); after != 3 {
		t.Errorf("GOMAXPROCS %d after Replicates, 3 before", after)
	}
}
