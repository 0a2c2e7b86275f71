package enumerate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// moments runs the enumeration once for the logits s and returns what the InfoNCE and
// paper-form SC quantities are built from, each summed over the compositions n of the
// negatives with their weights w(n) (compensated):
//
//	loss (if wantLoss):    Σ_ij c1_ij Σ_n w(n) [log D_ij(n) − s_ij]
//	negPart (if non-nil):  G_ik = Σ_j c1_ij Σ_n w(n) n_k e^{s_ik}/D_ij(n)
//	posProb (if non-nil):  E[P_ik] = Σ_n w(n) e^{s_ik}/D_ik(n)
//
// with D_ij(n) = e^{s_ij} + Σ_l n_l e^{s_il}, evaluated after subtracting the row maximum
// (every term is invariant to it).
func (e *Exact) moments(negPart, posProb *mat.Dense, logits mat.Matrix, wantLoss bool) float64 {
	m := e.m
	x, ex := make([]float64, m), make([]float64, m)
	g, p := make([]neumaier, m), make([]neumaier, m)
	var loss float64
	for i := 0; i < m; i++ {
		e.rowExp(x, ex, logits, i)
		c1 := e.c1[i*m : (i+1)*m]
		clear(g)
		clear(p)
		var li neumaier
		for k, w := range e.neg.weights {
			n := e.neg.row(k)
			var b float64
			for l, c := range n {
				b += c * ex[l]
			}
			var h, lt float64
			for j, c := range c1 {
				d := ex[j] + b
				inv := 1 / d
				if posProb != nil {
					p[j].add(w * ex[j] * inv)
				}
				if c != 0 {
					h += c * inv
					if wantLoss {
						lt += c * (math.Log(d) - x[j])
					}
				}
			}
			if wantLoss {
				li.add(w * lt)
			}
			if negPart != nil {
				for l, c := range n {
					if c != 0 {
						g[l].add(w * c * ex[l] * h)
					}
				}
			}
		}
		loss += li.value()
		for l := 0; l < m; l++ {
			if negPart != nil {
				negPart.Set(i, l, g[l].value())
			}
			if posProb != nil {
				posProb.Set(i, l, p[l].value())
			}
		}
	}
	return loss
}
