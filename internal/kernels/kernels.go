package kernels

import (
	"math"
	"strconv"
)

// Level is a kernel implementation. The level in use is chosen once from the CPU
// (MaxLevel); every level gives identical bits.
type Level int

// Kernel implementations.
const (
	Portable Level = iota // portable Go
	AVX2                  // AVX2 and FMA (kernels_amd64.s)
	AVX512                // AVX-512F (kernels_amd64.s)
)

var levelNames = [...]string{"portable", "AVX2", "AVX-512"}

// String returns the level's name.
func (l Level) String() string {
	if l < Portable || l > AVX512 {
		return "Level(" + strconv.Itoa(int(l)) + ")"
	}
	return levelNames[l]
}

// MaxLevel returns the best level the CPU and the operating system support (Portable
// under the build tag purego or off amd64).
func MaxLevel() Level { return maxKernelLevel() }

// SetLevel makes every kernel use level l (at most MaxLevel) and returns the previous
// level. It exists for tests that compare the levels' bits through callers of the
// kernels; it must not be called while a kernel runs.
func SetLevel(l Level) Level {
	if l < Portable || l > MaxLevel() {
		panic("kernels: SetLevel(" + l.String() + "): above the CPU's MaxLevel")
	}
	old := kernelLevel
	kernelLevel = l
	return old
}

// Row-block kernels. Each works on a block of 4 anchor rows against all (padded)
// candidate columns. Layouts: a is 4×dp row-major (anchor k-th coordinate at a[r*dp+k]),
// bt is dp×ldb (candidate j's k-th coordinate at bt[k*ldb+j]), rows of s and e have
// leading dimension lds. dp is a multiple of 4 and nb a multiple of 16 (zero padding).
//
// The portable forms below fix the order of every floating-point operation, and the
// AVX2/FMA and AVX-512 kernels of kernels_amd64.s perform the same operations in the same order
// (fused multiply–adds, lane-wise accumulators, the same final combination), so both
// paths give identical bits; TestKernelsMatchPortable checks it.

// simBlock4 writes s[r*lds+j] = Σ_k a[r*dp+k]·bt[k*ldb+j] (fma chain over k from 0).
func simBlock4(s []float64, lds int, a []float64, dp int, bt []float64, ldb, nb int) {
	_ = s[3*lds+nb-1]
	_ = a[4*dp-1]
	_ = bt[(dp-1)*ldb+nb-1]
	switch kernelLevel {
	case AVX512:
		simBlock4AVX512(&s[0], lds, &a[0], dp, &bt[0], ldb, nb)
		return
	case AVX2:
		simBlock4AVX(&s[0], lds, &a[0], dp, &bt[0], ldb, nb)
		return
	}
	for r := 0; r < 4; r++ {
		ar := a[r*dp : (r+1)*dp]
		sr := s[r*lds : r*lds+nb]
		for j := range sr {
			var acc float64
			for k, v := range ar {
				acc = math.FMA(v, bt[k*ldb+j], acc)
			}
			sr[j] = acc
		}
	}
}

// gradA4 writes out[r*dp+k] = Σ_j e[r*lde+j]·bt[k*ldb+j], accumulated in eight lanes
// (lane j mod 8, fma in order of j) combined by combine8.
func gradA4(out []float64, e []float64, lde int, bt []float64, ldb, dp, nb int) {
	_ = out[4*dp-1]
	_ = e[3*lde+nb-1]
	_ = bt[(dp-1)*ldb+nb-1]
	switch kernelLevel {
	case AVX512:
		gradA4AVX512(&out[0], &e[0], lde, &bt[0], ldb, dp, nb)
		return
	case AVX2:
		gradA4AVX(&out[0], &e[0], lde, &bt[0], ldb, dp, nb)
		return
	}
	for r := 0; r < 4; r++ {
		er := e[r*lde : r*lde+nb]
		for k := 0; k < dp; k++ {
			bk := bt[k*ldb : k*ldb+nb]
			var l [8]float64
			for j := range bk {
				l[j%8] = math.FMA(er[j], bk[j], l[j%8])
			}
			out[r*dp+k] = combine8(&l)
		}
	}
}

// gradB4 adds to gbt[k*ldb+j] the sum Σ_r e[r*lde+j]·w[r*dp+k] as the fma chain
// r = 0, 1, 2, 3 starting from the old value.
func gradB4(gbt []float64, ldb int, e []float64, lde int, w []float64, dp, nb int) {
	_ = gbt[(dp-1)*ldb+nb-1]
	_ = e[3*lde+nb-1]
	_ = w[4*dp-1]
	switch kernelLevel {
	case AVX512:
		gradB4AVX512(&gbt[0], ldb, &e[0], lde, &w[0], dp, nb)
		return
	case AVX2:
		gradB4AVX(&gbt[0], ldb, &e[0], lde, &w[0], dp, nb)
		return
	}
	e0, e1, e2, e3 := e[:nb], e[lde:lde+nb], e[2*lde:2*lde+nb], e[3*lde:3*lde+nb]
	for k := 0; k < dp; k++ {
		w0, w1, w2, w3 := w[k], w[dp+k], w[2*dp+k], w[3*dp+k]
		g := gbt[k*ldb : k*ldb+nb]
		for j := range g {
			v := math.FMA(e0[j], w0, g[j])
			v = math.FMA(e1[j], w1, v)
			v = math.FMA(e2[j], w2, v)
			g[j] = math.FMA(e3[j], w3, v)
		}
	}
}
