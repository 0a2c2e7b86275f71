package feature_test

import (
	"fmt"
	"strings"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// A lazy walk on a 4-cycle read from a Matrix Market file: its pair statistics on the
// support of c1 and the top eigenvalues of D^{-1/2} c1 D^{-1/2} = A² (uniform π), which
// are ((1 + cos 2πj/4)/2)² = 1, 1/4, 1/4, 0.
func ExampleSparseSpace_Spectral() {
	const file = `%%MatrixMarket matrix coordinate real general
4 4 12
1 1 0.5
1 2 0.25
1 4 0.25
2 2 0.5
2 1 0.25
2 3 0.25
3 3 0.5
3 2 0.25
3 4 0.25
4 4 0.5
4 3 0.25
4 1 0.25
`
	a, err := markov.ReadMatrixMarket(strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := feature.NewSparseSpace([]float64{0.25, 0.25, 0.25, 0.25}, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("c1[0][0] = %.4f, c1[0][2] = %.4f, T1[0][2] at N = 2: %.4f\n",
		s.PositiveJoint().At(0, 0), s.PositiveJoint().At(0, 2), s.InfoNCETarget(2).At(0, 2))
	vals, _, err := s.Spectral(3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("top eigenvalues: %.4f %.4f %.4f\n", vals[0], vals[1], vals[2])
	// Output:
	// c1[0][0] = 0.0938, c1[0][2] = 0.0312, T1[0][2] at N = 2: 0.3333
	// top eigenvalues: 1.0000 0.2500 0.2500
}
