package main

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// denseMaxStates is the largest number of states whose feature space the notebook
// builds dense (feature.Space: Â, c1 and the SYRK buffer, each m×m, 0.4 GB together at
// m = 4096); larger spaces are sparse (feature.SparseSpace, c1 on its support,
// docs/theory.md §11). Every measurement below reads c1 through its support
// (feature.Support), so it needs no m×m matrix on either path, and on the dense path it
// gives the numbers of the m×m code it replaced bit for bit (feature/optimum's
// TestRowObjectiveExact, simulate/mnist's support tests).
const denseMaxStates = 4096

// space is what the studies read from a feature space; *feature.Space and
// *feature.SparseSpace both provide it.
type space interface {
	Len() int
	ViewMarginal() []float64
	PositiveJoint() mat.Matrix
	MutualInformation() float64
	RhoRange() (lo, hi float64)
	Collapses(alpha, beta float64) bool
	Support() *feature.Support
}

// spaceOf returns the feature space of an estimate (uniform source law): dense up to
// denseMaxStates states, sparse beyond.
func spaceOf(est *smnist.Estimate, labels []string) (space, error) {
	if est.Len() <= denseMaxStates {
		sp, err := est.Space(labels)
		if err != nil {
			return nil, err
		}
		return sp, nil
	}
	sp, err := est.SparseSpace(labels)
	if err != nil {
		return nil, err
	}
	return sp, nil
}

// infoNCEOptimum is the level-2 optimum of a space: optimum.InfoNCE on a dense space,
// optimum.InfoNCESparse (no m×m result) on a sparse one. Either fills
// Result.SupportProb, the part the studies read.
func infoNCEOptimum(sp space, o optimum.Options) (*optimum.Result, error) {
	if s, ok := sp.(*feature.SparseSpace); ok {
		return optimum.InfoNCESparse(s, o)
	}
	return optimum.InfoNCE(sp.(*feature.Space), o)
}

// negativeTargetPairs counts the pairs i ≤ j with a negative SC target, β > αρ_ij
// (feature.Space.NegativeTargetPairs, whose length it equals on a dense space): the
// stored pairs of the support by their ρ, and every pair off it (ρ = 0) when β > 0.
func negativeTargetPairs(sup *feature.Support, alpha, beta float64) int {
	m := sup.Len()
	q := sup.ViewMarginal()
	n, stored := 0, 0
	for i := 0; i < m; i++ {
		cols, c1, _ := sup.Row(i)
		for p, j := range cols {
			if int(j) < i {
				continue
			}
			stored++
			if beta > alpha*(c1[p]/(q[i]*q[j])) {
				n++
			}
		}
	}
	if beta > alpha*0 {
		n += m*(m+1)/2 - stored
	}
	return n
}
