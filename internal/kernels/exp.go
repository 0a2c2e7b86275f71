package kernels

import "math"

// Fast exponential used by every kernel of the package (scalar form; the vector
// kernel in kernels_amd64.s performs the same operations lane by lane, so both give
// identical bits).
//
//	k = round(x·log₂e)             via t = fma(x, log₂e, 1.5·2⁵²), k = t − 1.5·2⁵²
//	r = x − k·ln2                   two fma steps with ln2 = ln2Hi + ln2Lo (Cody–Waite)
//	e^r ≈ Σ_{i=0}^{13} rⁱ/i!        Horner with fma, |r| ≤ ln2/2
//	e^x = 2^k · e^r                 2^k built from the integer bits of t
//
// Truncation of the series at degree 13 costs at most (ln2/2)¹⁴/14!/e^{−ln2/2} ≈ 6e-18
// relative; the 13 fma roundings and the final product keep the total within a few ulp.
// TestExpFastAccuracy measures the bound: relative error ≤ 4e-16 against math.Exp on
// [−708, 709]. Outside that range the result is flushed: 0 for x < −708 (the true value
// is below 3.3e-308), +Inf for x > 709 (the true value exceeds 8.2e307), and NaN stays NaN.
const (
	expLo    = -708.0
	expHi    = 709.0
	expLog2e = 1.44269504088896338700e+00
	expMagic = 6755399441055744.0 // 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits
	expLn2Hi = 6.93147180369123816490e-01
	expLn2Lo = 1.90821492927058770002e-10
	// expBias turns the bits of t = magic + k into the bits of 2^k after a shift by 52:
	// (bits(t) − bits(magic) + 1023) << 52, wrapping arithmetic.
	expBias uint64 = 1<<64 + 1023 - 0x4338000000000000
)

// expCoef[i] = 1/i!, rounded to float64 by the compiler from exact constants.
var expCoef = [14]float64{
	1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// Exp returns e^x with the accuracy and flushing stated above.
func Exp(x float64) float64 {
	xc := x
	if xc > expHi { // false for NaN, which then propagates
		xc = expHi
	}
	if xc < expLo {
		xc = expLo
	}
	t := math.FMA(xc, expLog2e, expMagic)
	kd := t - expMagic
	r := math.FMA(-kd, expLn2Hi, xc)
	r = math.FMA(-kd, expLn2Lo, r)
	p := expCoef[13]
	for i := 12; i >= 0; i-- {
		p = math.FMA(p, r, expCoef[i])
	}
	res := p * math.Float64frombits((math.Float64bits(t)+expBias)<<52)
	if x < expLo {
		res = 0
	}
	if x > expHi {
		res = math.Inf(1)
	}
	return res
}

// expTable holds the constants of the vector kernels, each repeated in 4 lanes (the
// AVX2 kernel loads them as vectors, the AVX-512 kernel broadcasts the first copy):
// lo, hi, log₂e, magic, ln2Hi, ln2Lo, bias (as bits), +Inf, then 1/13!, 1/12!, …, 1/0!.
var expTable = func() (t [22 * 4]float64) {
	c := []float64{expLo, expHi, expLog2e, expMagic, expLn2Hi, expLn2Lo, math.Float64frombits(expBias), math.Inf(1)}
	for i := 13; i >= 0; i-- {
		c = append(c, expCoef[i])
	}
	for i, v := range c {
		for l := 0; l < 4; l++ {
			t[4*i+l] = v
		}
	}
	return t
}()

// ExpSum writes dst[j] = e^{src[j]−shift} for j < len(src) and returns Σ_j dst[j].
// dst may be src. The sum is accumulated in eight lanes (lane j mod 8, in order of j)
// over the largest multiple of 4, combined as ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)),
// then the tail is added in order: the same order in the vector kernels and in the
// portable code, so results are identical.
func ExpSum(dst, src []float64, shift float64) float64 {
	n := len(src)
	if len(dst) < n {
		panic("loss: ExpSum dst too short")
	}
	n4 := n &^ 3
	var s float64
	if n4 > 0 {
		switch kernelLevel {
		case AVX512:
			s = expSumAVX512(&dst[0], &src[0], n4, shift, &expTable[0])
		case AVX2:
			s = expSumAVX(&dst[0], &src[0], n4, shift, &expTable[0])
		default:
			s = expSumGo(dst[:n4], src[:n4], shift)
		}
	}
	for j := n4; j < n; j++ {
		e := Exp(src[j] - shift)
		dst[j] = e
		s += e
	}
	return s
}

// expSumGo is the portable form of the vector kernels on len(src) a multiple of 4.
func expSumGo(dst, src []float64, shift float64) float64 {
	var l [8]float64
	for j := range src {
		e := Exp(src[j] - shift)
		dst[j] = e
		l[j%8] += e
	}
	return combine8(&l)
}

// combine8 returns ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)): the halves of an 8-lane
// register added, then the 4-lane pairwise sum.
func combine8(l *[8]float64) float64 {
	return ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]))
}
