package loss

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
		panic(fmt.Sprintf("loss: MulRows4: dp = %d (need a positive multiple of 4), nb = %d (need a positive multiple of 16), ldb = %d, lds = %d (need ≥ nb)", dp, nb, ldb, lds))
	}
	simBlock4(s, lds, a, dp, bt, ldb, nb)
}
