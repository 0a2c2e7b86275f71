//go:build !amd64 || purego

package kernels

// kernelLevel is portable where no vector kernels exist.
var kernelLevel = Portable

func simBlock4AVX(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int) {
	panic("kernels: no vector kernels")
}
func gradA4AVX(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int) {
	panic("kernels: no vector kernels")
}
func gradB4AVX(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int) {
	panic("kernels: no vector kernels")
}
func expSumAVX(dst, src *float64, n int, shift float64, tbl *float64) float64 {
	panic("kernels: no vector kernels")
}
func simBlock4AVX512(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int) {
	panic("kernels: no vector kernels")
}
func gradA4AVX512(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int) {
	panic("kernels: no vector kernels")
}
func gradB4AVX512(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int) {
	panic("kernels: no vector kernels")
}
func expSumAVX512(dst, src *float64, n int, shift float64, tbl *float64) float64 {
	panic("kernels: no vector kernels")
}

func maxKernelLevel() Level { return Portable }
