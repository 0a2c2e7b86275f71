package sample_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// Draw a batch of the paper's toy: sources k ~ π, two views each from A[k,·].
func ExampleSampler_Batch() {
	sp := sample.NewSampler(feature.Toy())
	var b sample.Batch
	sp.Batch(&b, 5, sample.Stream(1, 0))
	fmt.Println("sources:", b.Source)
	fmt.Println("view 1: ", b.View1)
	fmt.Println("view 2: ", b.View2)
	// Output:
	// sources: [2 2 2 0 1]
	// view 1:  [2 2 1 2 1]
	// view 2:  [2 2 2 0 2]
}

// Estimate c1 by Monte Carlo and compare with the exact value (claim C9).
func ExampleEstimatePairs() {
	s := feature.Toy()
	e := sample.EstimatePairs(sample.NewSampler(s), 100000, sample.Stream(1, 0))
	fmt.Printf("ĉ1[0][0] = %.4f ± %.4f, c1[0][0] = %.4f\n", e.C1.At(0, 0), e.C1SE.At(0, 0), s.PositiveJoint().At(0, 0))
	t, se := e.InfoNCETarget(feature.ToyBatchSize)
	fmt.Printf("T̂1[0][0] = %.6f ± %.6f, T1[0][0] = %.6f\n", t.At(0, 0), se.At(0, 0), s.InfoNCETarget(feature.ToyBatchSize).At(0, 0))
	// Output:
	// ĉ1[0][0] = 0.1091 ± 0.0010, c1[0][0] = 0.1100
	// T̂1[0][0] = 0.001231 ± 0.000017, T1[0][0] = 0.001222
}

// Run replicates on 4 workers: the results are the same for any number of workers.
func ExampleReplicates() {
	means := sample.Replicates(7, 3, 4, func(rep int, rng *rand.Rand) float64 {
		var sum float64
		for range 1000 {
			sum += rng.Float64()
		}
		return sum / 1000
	})
	fmt.Printf("%.4f\n", means)
	// Output:
	// [0.5051 0.5058 0.4855]
}
