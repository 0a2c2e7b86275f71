// Package kernels holds the vector kernels shared by simulate/loss and simulate/mnist:
// the row-block products MulRows4 (S = A B), MulRowsT4 (G Bᵀ) and AddOuter4 (the
// rank-4 update Bᵀ E), and the fast exponential Exp with its summing form ExpSum.
//
// Each kernel has a portable Go form that fixes the order of every floating-point
// operation (fused multiply–adds, sums in eight lanes combined in a fixed order) and,
// on amd64, AVX2/FMA and AVX-512 forms in kernels_amd64.s that perform the same
// operations in the same order, so every level gives identical bits (the tests check
// it). The level is chosen once from CPUID and XGETBV (MaxLevel); the build tag purego
// forces the portable code, which is also used on other architectures.
//
// Exp uses Cody–Waite reduction and a degree-13 Taylor polynomial (exp.go), measured
// within 1.5 ulp (3.3e-16 relative) of math.Exp on [−708, 709]; below −708 it returns
// 0, above 709 +Inf, and NaN stays NaN.
//
// Shapes: the row-block kernels take dp a positive multiple of 4 and nb a positive
// multiple of 16 (callers pad with zeros) and panic otherwise (programmer errors).
package kernels
