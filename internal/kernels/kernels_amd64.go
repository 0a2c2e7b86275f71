//go:build !purego

package kernels

// kernelLevel selects the kernels of kernels_amd64.s: AVX-512 where the CPU and the
// operating system support AVX-512F (and AVX2, FMA), else AVX2/FMA, else portable Go.
// All levels give identical bits; tests switch levels to compare them.
var kernelLevel = maxKernelLevel()

func maxKernelLevel() Level { return levelFor(cpuid, xgetbv) }

// levelFor decides the level from CPUID leaves 1 and 7 and from XGETBV, read through
// the given functions (the instructions themselves, or a test's synthetic CPU). XGETBV
// is called only when CPUID reports OSXSAVE: without it the instruction faults.
func levelFor(cpuid func(eax, ecx uint32) (a, b, c, d uint32), xgetbv func() uint64) Level {
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&fma == 0 || c1&osxsave == 0 || c1&avx == 0 {
		return Portable
	}
	xcr0 := xgetbv()
	if xcr0&6 != 6 { // the OS saves XMM and YMM state
		return Portable
	}
	_, b7, _, _ := cpuid(7, 0)
	if b7&(1<<5) == 0 { // AVX2
		return Portable
	}
	if b7&(1<<16) != 0 && xcr0&0xe0 == 0xe0 { // AVX-512F and opmask/ZMM state saved
		return AVX512
	}
	return AVX2
}

func cpuid(eax, ecx uint32) (a, b, c, d uint32)
func xgetbv() uint64

//go:noescape
func simBlock4AVX(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int)

//go:noescape
func gradA4AVX(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int)

//go:noescape
func gradB4AVX(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int)

//go:noescape
func expSumAVX(dst, src *float64, n int, shift float64, tbl *float64) float64

//go:noescape
func simBlock4AVX512(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int)

//go:noescape
func gradA4AVX512(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int)

//go:noescape
func gradB4AVX512(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int)

//go:noescape
func expSumAVX512(dst, src *float64, n int, shift float64, tbl *float64) float64
