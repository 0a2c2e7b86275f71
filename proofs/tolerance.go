package proofs

import (
	"math"

	"gonum.org/v1/gonum/floats/scalar"
)

// unitRoundoff is u = 2⁻⁵³: every float64 operation satisfies |fl(x∘y) − x∘y| ≤ u|x∘y|.
const unitRoundoff = 0x1p-53

// relTol is the relative tolerance between two independent float64 evaluations of a pair
// statistic of an m-state space (q, c1, c2, ρ, T1 and products of them): each side is a
// product or ratio of at most three sums of m non-negative terms with ≤ 5 roundings per
// term, plus ≤ 4 further operations, so it is accurate to 3(m+4)u + 4u ≤ 4(m+5)u relative
// (Higham §3.1, γ_n); two sides agree to 8(m+5)u.
func relTol(m int) float64 { return 8 * float64(m+5) * unitRoundoff }

// residualTol is the absolute tolerance on a sum of terms whose absolute values add up to
// magnitude, each term accurate to relTol(m) relative: relTol·magnitude for the terms,
// doubled to absorb the final additions (≤ 4 of them, 4u ≪ relTol).
func residualTol(m int, magnitude float64) float64 { return 2 * relTol(m) * magnitude }

// eigTol is the allowance on an eigenvalue of a computed symmetric m×m matrix C with
// Frobenius norm normF: entry errors of relTol(m) relative perturb eigenvalues by at most
// relTol·‖C‖_F (Weyl), and a backward-stable symmetric eigensolver adds p(m)·u·‖C‖₂, with
// p(m) taken as 8m (Householder tridiagonalisation plus implicit QL, LAPACK Dsyev) and
// ‖C‖₂ ≤ ‖C‖_F.
func eigTol(m int, normF float64) float64 {
	return (relTol(m) + 8*float64(m)*unitRoundoff) * normF
}

// sumTol is the allowance on a sum of m² non-negative entries that should total 1, with
// each entry accurate to relTol(m) relative and a stochasticity defect d of the inputs: the
// entries' errors add ≤ relTol, the m²-term summation adds ≤ m²u, and the defect enters up
// to three times (π once, a row of A twice).
func sumTol(m int, d float64) float64 {
	return relTol(m) + float64(m*m)*unitRoundoff + 3*d
}

// equalRel reports |a − b| ≤ tol·max(|a|, |b|) (or a == b), NaN-safe; an infinite a or b
// equals only itself (the bound is capped at the largest finite float64). It is not
// scalar.EqualWithinRel, which for |a − b| below the smallest normal float64 asks
// |a − b| ≤ tol·2⁻¹⁰²² instead: far stricter than relative where |a|, |b| ≫ 2⁻¹⁰²²
// (TestEqualRelTinyValues).
func equalRel(a, b, tol float64) bool {
	return scalar.EqualWithinAbs(a, b, math.Min(tol*math.Max(math.Abs(a), math.Abs(b)), math.MaxFloat64))
}

// equalAbs reports |a − b| ≤ tol (or a == b), NaN-safe.
func equalAbs(a, b, tol float64) bool { return scalar.EqualWithinAbs(a, b, tol) }

// finiteAbsMax returns the largest |x| over the finite entries of xs (0 if none).
func finiteAbsMax(xs []float64) float64 {
	var mx float64
	for _, x := range xs {
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			mx = math.Max(mx, math.Abs(x))
		}
	}
	return mx
}
