package loss

import "math"

// Kernel implementations, selected once from the CPU (kernelLevel).
const (
	levelPortable = iota
	levelAVX2
	levelAVX512
)

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
	case levelAVX512:
		simBlock4AVX512(&s[0], lds, &a[0], dp, &bt[0], ldb, nb)
		return
	case levelAVX2:
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
	case levelAVX512:
		gradA4AVX512(&out[0], &e[0], lde, &bt[0], ldb, dp, nb)
		return
	case levelAVX2:
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
	case levelAVX512:
		gradB4AVX512(&gbt[0], ldb, &e[0], lde, &w[0], dp, nb)
		return
	case levelAVX2:
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
