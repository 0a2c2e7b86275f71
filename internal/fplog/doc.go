// Package fplog is the natural logarithm that the checks of package proofs take: math.Log,
// made right for a subnormal argument.
//
// On amd64 and s390x, math.Log is an assembly routine that does not normalise a
// subnormal argument x < 2⁻¹⁰²² (golang/go#56600, open): it returns about −709.09 for
// every such x, e.g. −709.07 for log(4e-310) = −712.42 and −709.09 for
// log(2⁻¹⁰⁷⁴) = −744.44. Log scales a subnormal x by 2⁵⁴ first, which is exact (x·2⁵⁴ is a
// normal float64 with the same significand bits), and takes
//
//	log x = log(x·2⁵⁴) − 54·ln 2,
//
// whose error is that of math.Log on a normal number plus two roundings of magnitude
// ≤ 745: a few units in the last place of the result. Every other x goes to math.Log
// unchanged, so Log is bit-identical to math.Log on 0, the normal numbers, ±Inf and NaN.
package fplog
