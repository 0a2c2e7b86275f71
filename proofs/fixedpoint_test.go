package proofs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestCentreColumnsHandMatrix: P·j, P = I − 11ᵀ/4, on a 4×2 matrix whose column means
// (16/4 = 4 and 32/4 = 8) and centred entries are exact in float64 (divisions by 4, small
// integers), so the result must match to the last bit; also in place (dst = j).
func TestCentreColumnsHandMatrix(t *testing.T) {
	j := mat.NewDense(4, 2, []float64{
		1, 2,
		3, 4,
		5, 6,
		7, 20,
	})
	want := mat.NewDense(4, 2, []float64{
		-3, -6,
		-1, -4,
		1, -2,
		3, 12,
	})
	orig := mat.DenseCopyOf(j)
	got := mat.NewDense(4, 2, nil)
	centreColumnsTo(got, j)
	if !mat.Equal(got, want) {
		t.Errorf("centreColumnsTo =\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	if !mat.Equal(j, orig) {
		t.Errorf("centreColumnsTo changed its input j")
	}
	centreColumnsTo(j, j)
	if !mat.Equal(j, want) {
		t.Errorf("centreColumnsTo in place =\n%v\nwant\n%v", mat.Formatted(j), mat.Formatted(want))
	}
}

// TestCentreColumnsSumToZero: every column of P·j sums to 0, the exact property of the
// projection P = I − 11ᵀ/r that ExactFreeLogitFixedPoint applies to its Jacobian, and
// P·j − j is constant down each column (it is −mean), on seeded random r×c matrices.
//
// Tolerance: the mean is a sum of r quotients j_rc/r, each rounded once, summed with r − 1
// roundings: |m̂ − m| ≤ (r+1)u·S/r, S = Σ_r |j_rc| (Higham's γ_n to first order); each
// centred entry adds one rounding ≤ u(|j_rc| + |m̂|), ≤ 2u·S over the column; the test's own
// sum of the r centred entries (each ≤ |j_rc| + S/r, together ≤ 2S) adds ≤ 2(r−1)u·S. Total
// ≤ (r+1)u·S + 2u·S + 2(r−1)u·S ≤ 4r·u·S (r ≥ 1), doubled for the first-order truncation:
// 8r·u·S. The deviation of a column of P·j − j from constant is bounded by the two
// roundings of each entry: 2u(|j_rc| + |m̂|) ≤ 4u·max|j|, taken as 8u·S.
func TestCentreColumnsSumToZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 0))
	for _, dims := range [][2]int{{1, 1}, {2, 3}, {6, 6}, {10, 10}, {7, 3}} {
		r, c := dims[0], dims[1]
		j := mat.NewDense(r, c, nil)
		for row := 0; row < r; row++ {
			for col := 0; col < c; col++ {
				j.Set(row, col, (2*rng.Float64()-1)*math.Pow(10, 4*rng.Float64()-2))
			}
		}
		dst := mat.NewDense(r, c, nil)
		centreColumnsTo(dst, j)
		for col := 0; col < c; col++ {
			var sum, abs float64
			for row := 0; row < r; row++ {
				sum += dst.At(row, col)
				abs += math.Abs(j.At(row, col))
			}
			if tol := 8 * float64(r) * unitRoundoff * abs; !(math.Abs(sum) <= tol) {
				t.Errorf("%d×%d column %d of P·j sums to %.3g, want 0 within %.3g", r, c, col, sum, tol)
			}
			shift := dst.At(0, col) - j.At(0, col)
			for row := 1; row < r; row++ {
				if d, tol := dst.At(row, col)-j.At(row, col), 8*unitRoundoff*abs; !(math.Abs(d-shift) <= tol) {
					t.Errorf("%d×%d column %d: (P·j − j)[%d] = %.17g, (P·j − j)[0] = %.17g, want equal within %.3g", r, c, col, row, d, shift, tol)
				}
			}
		}
	}
}

// TestCentreColumnsPanicsOnShapeMismatch: a dst of another shape than j is a programmer
// error (gonum convention), also when dst is larger, where no index would be out of range.
func TestCentreColumnsPanicsOnShapeMismatch(t *testing.T) {
	j := mat.NewDense(4, 2, nil)
	for _, d := range [][2]int{{5, 2}, {4, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("centreColumnsTo with a %d×%d dst for a 4×2 j did not panic", d[0], d[1])
				}
			}()
			centreColumnsTo(mat.NewDense(d[0], d[1], nil), j)
		}()
	}
}
