package optimum

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// SlackLimit returns the τ > 1 at which G(τ) = J + τ(G1 − J) stops being positive
// semi-definite (J = 11ᵀ), by bisection on its smallest eigenvalue, which is concave in
// τ, zero at τ = 0 and positive at τ = 1 for a positive definite G1 (package doc: the
// slack optimum at temperature τ moves along this line, by the row-shift invariance of
// the loss, from its τ = 1 Gram matrix G1). NaN if G1 is
// not positive definite or G(τ) stays PSD up to τ = 10⁴.
func SlackLimit(g1 mat.Symmetric) float64 {
	m := g1.SymmetricDim()
	minEig := func(tau float64) float64 {
		g := mat.NewSymDense(m, nil)
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				g.SetSym(i, j, 1+tau*(g1.At(i, j)-1))
			}
		}
		var e mat.EigenSym
		if !e.Factorize(g, false) {
			return math.NaN()
		}
		return e.Values(nil)[0]
	}
	lo, hi := 1.0, 2.0
	if !(minEig(lo) > 0) {
		return math.NaN()
	}
	for minEig(hi) > 0 {
		if hi *= 2; hi > 1e4 {
			return math.NaN()
		}
	}
	for range 60 { // 2⁻⁶⁰ of the bracket: below float64 resolution of τ
		mid := (lo + hi) / 2
		if minEig(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}
