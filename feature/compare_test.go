package feature

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMaxRelGap(t *testing.T) {
	target := mat.NewDense(2, 2, []float64{1, 2, 0, 4})
	tests := []struct {
		reason string
		got    []float64
		want   float64
	}{
		{"equal, including 0 = 0", []float64{1, 2, 0, 4}, 0},
		{"largest of 10 % and 25 %", []float64{1.1, 2, 0, 3}, 0.25},
		{"sign does not matter", []float64{0.9, 2, 0, 4}, 0.1},
		{"non-zero where the target is 0", []float64{1, 2, 1e-300, 4}, math.Inf(1)},
		{"NaN anywhere gives NaN", []float64{1, math.NaN(), 0, 4}, math.NaN()},
	}
	for _, tc := range tests {
		got := MaxRelGap(mat.NewDense(2, 2, tc.got), target)
		same := got == tc.want || (math.IsNaN(got) && math.IsNaN(tc.want)) ||
			math.Abs(got-tc.want) <= 1e-15 // rounding of one division
		if !same {
			t.Errorf("%s: MaxRelGap = %v, want %v", tc.reason, got, tc.want)
		}
	}
}
