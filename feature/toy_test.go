package feature

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// Exact toy values, derived by hand from π = 1/3·1 and A of docs/theory.md §7:
// c1_ij = (1/3) Σ_k A_ki A_kj and q = πA.
var (
	toyQ  = []float64{0.9 / 3, 1.1 / 3, 1.0 / 3}
	toyC1 = [][]float64{
		{0.33 / 3, 0.31 / 3, 0.26 / 3},
		{0.31 / 3, 0.43 / 3, 0.36 / 3},
		{0.26 / 3, 0.36 / 3, 0.38 / 3},
	}
)

// Golden values printed in docs/theory.md §7 (N = 1000), each with the number of decimals
// printed; a value printed with d decimals is within 0.5·10⁻ᵈ of the truth.
var (
	goldenRho = [][]float64{{1.222222, 0.939394, 0.866667}, {0.939394, 1.066116, 0.981818}, {0.866667, 0.981818, 1.140000}}
	goldenT1  = [][]float64{{0.001221951, 0.000939451, 0.000866782}, {0.000939451, 0.001066045, 0.000981836}, {0.000866782, 0.000981836, 0.001139840}}
	goldenT2  = [][]float64{{0.001223446, 0.000940334, 0.000867534}, {0.000940334, 0.001067183, 0.000982801}, {0.000867534, 0.000982801, 0.001141141}}
	goldenC2  = [][]float64{{0.090000, 0.110000, 0.100000}, {0.110000, 0.134444, 0.122222}, {0.100000, 0.122222, 0.111111}}
	goldenMI  = 0.0057183
)

func TestToyGolden(t *testing.T) {
	s := Toy()
	const exact = 1e-15 // float64 rounding of sums of three products of order 0.1
	for i, want := range toyQ {
		if got := s.ViewMarginal()[i]; !scalar.EqualWithinAbsOrRel(got, want, exact, exact) {
			t.Errorf("q[%d] = %.17g, want %.17g", i, got, want)
		}
	}
	c1 := s.PositiveJoint()
	c2 := s.NegativeJoint()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if got, want := c1.At(i, j), toyC1[i][j]; !scalar.EqualWithinAbsOrRel(got, want, exact, exact) {
				t.Errorf("c1[%d][%d] = %.17g, want %.17g", i, j, got, want)
			}
			if got, want := c2.At(i, j), toyQ[i]*toyQ[j]; !scalar.EqualWithinAbsOrRel(got, want, exact, exact) {
				t.Errorf("c2[%d][%d] = %.17g, want %.17g", i, j, got, want)
			}
		}
	}
	tests := []struct {
		name     string
		got      mat.Matrix
		want     [][]float64
		decimals int
	}{
		{"c2", c2, goldenC2, 6},
		{"rho", s.DensityRatio(), goldenRho, 6},
		// T1 and T2 are printed with 9 decimals: agreement to 5e-10 meets the 1e-9.
		{"T1", s.InfoNCETarget(ToyBatchSize), goldenT1, 9},
		{"T2(1,0)", s.SCTarget(ToyBatchSize, 1, 0), goldenT2, 9},
	}
	for _, tc := range tests {
		tol := 0.5 * math.Pow(10, -float64(tc.decimals)) * (1 + 1e-9) // printed rounding
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				if got := tc.got.At(i, j); !scalar.EqualWithinAbs(got, tc.want[i][j], tol) {
					t.Errorf("%s[%d][%d] = %.12g, golden %v (printed with %d decimals)", tc.name, i, j, got, tc.want[i][j], tc.decimals)
				}
			}
		}
	}
	if got := s.MutualInformation(); !scalar.EqualWithinAbs(got, goldenMI, 0.5e-7) { // printed to 7 decimals
		t.Errorf("I(V1;V2) = %.10g, golden %v", got, goldenMI)
	}
}
