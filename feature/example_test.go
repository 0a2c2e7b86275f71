package feature_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

func ExampleSpace_InfoNCETarget() {
	a, _ := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	s, _ := feature.NewSpace([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, a)
	t1 := s.InfoNCETarget(1000)
	var scaled mat.Dense
	scaled.Scale(1000, t1)
	fmt.Printf("T1·N =\n%.4f\n", mat.Formatted(&scaled))
	fmt.Printf("I(V1;V2) = %.7f nats\n", s.MutualInformation())
	// Output:
	// T1·N =
	// ⎡1.2220  0.9395  0.8668⎤
	// ⎢0.9395  1.0660  0.9818⎥
	// ⎣0.8668  0.9818  1.1398⎦
	// I(V1;V2) = 0.0057183 nats
}

func ExampleSpace_Collapses() {
	s := feature.Toy()
	for _, ab := range [][2]float64{{1, 0}, {1, -0.2}, {0.5, 0.2}} {
		fmt.Printf("α=%v β=%v attainable=%v collapses=%v\n", ab[0], ab[1], feature.Attainable(ab[0], ab[1]), s.Collapses(ab[0], ab[1]))
	}
	// Output:
	// α=1 β=0 attainable=true collapses=false
	// α=1 β=-0.2 attainable=false collapses=true
	// α=0.5 β=0.2 attainable=false collapses=false
}
