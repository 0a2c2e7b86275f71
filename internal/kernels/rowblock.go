package kernels

import "fmt"

// MulRows4 sets s[r*lds+j] = Σ_k a[r*dp+k]·bt[k*ldb+j] for r < 4 and j < nb: four rows
// of A (row-major, dp columns) times a matrix B stored as bt (dp×ldb, column j of the
// product from column j of bt), each entry one fused multiply–add chain over k. It is
// the row-block kernel behind the similarity matrices of this package (AVX-512 or
// AVX2/FMA where available, identical bits in portable Go), exported for other
// GEMM-shaped work such as nearest-state search (simulate/mnist). dp must be a
// multiple of 4 and nb of 16 (pad with zeros); it panics otherwise or if a slice is
// too short.
func MulRows4(s []float64, lds int, a []float64, dp int, bt []float64, ldb, nb int) {
	if dp < 4 || dp%4 != 0 || nb < 16 || nb%16 != 0 || ldb < nb || lds < nb {
		panic(fmt.Sprintf("kernels: MulRows4: dp = %d (need a positive multiple of 4), nb = %d (need a positive multiple of 16), ldb = %d, lds = %d (need ≥ nb)", dp, nb, ldb, lds))
	}
	simBlock4(s, lds, a, dp, bt, ldb, nb)
}

// MulRowsT4 sets out[r*dp+k] = Σ_j e[r*lde+j]·bt[k*ldb+j] for r < 4 and k < dp: four
// rows of E (nb columns) times the transpose of the matrix stored in bt (dp×ldb), the
// backward product G Wᵀ of a dense layer. It uses the kernels of MulRows4 (eight
// lanes over j, combined in a fixed order) and has its shape rules.
func MulRowsT4(out []float64, e []float64, lde int, bt []float64, ldb, dp, nb int) {
	if dp < 4 || dp%4 != 0 || nb < 16 || nb%16 != 0 || ldb < nb || lde < nb {
		panic(fmt.Sprintf("kernels: MulRowsT4: dp = %d (need a positive multiple of 4), nb = %d (need a positive multiple of 16), ldb = %d, lde = %d (need ≥ nb)", dp, nb, ldb, lde))
	}
	gradA4(out, e, lde, bt, ldb, dp, nb)
}

// AddOuter4 adds to gbt[k*ldb+j] the sum Σ_r e[r*lde+j]·w[r*dp+k] over r < 4, for
// k < dp and j < nb: the rank-4 update Wᵀ E of the weight gradient Xᵀ G of a dense
// layer (w four rows of X, e the same four rows of G), each entry one fused
// multiply–add chain r = 0…3 from the old value. Shape rules of MulRows4.
func AddOuter4(gbt []float64, ldb int, e []float64, lde int, w []float64, dp, nb int) {
	if dp < 4 || dp%4 != 0 || nb < 16 || nb%16 != 0 || ldb < nb || lde < nb {
		panic(fmt.Sprintf("kernels: AddOuter4: dp = %d (need a positive multiple of 4), nb = %d (need a positive multiple of 16), ldb = %d, lde = %d (need ≥ nb)", dp, nb, ldb, lde))
	}
	gradB4(gbt, ldb, e, lde, w, dp, nb)
}
