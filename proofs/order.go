package proofs

import (
	"cmp"
	"slices"
)

// statePair is an unordered state pair (i ≤ j) with its explicit density ratio.
type statePair struct {
	i, j int
	rho  float64
}

// pairsByRho returns the pairs i ≤ j sorted by explicit ρ ascending (ties by index).
func pairsByRho(st *stats) []statePair {
	var ps []statePair
	for i := 0; i < st.m; i++ {
		for j := i; j < st.m; j++ {
			ps = append(ps, statePair{i, j, st.rho(i, j)})
		}
	}
	slices.SortStableFunc(ps, func(a, b statePair) int { return cmp.Compare(a.rho, b.rho) })
	return ps
}

// checkOrderFollowsRho checks that the values v(i, j) are non-decreasing in ρ, comparing
// each pair with the largest value of the pairs below it (so small inversions cannot
// accumulate), within tol(a, b); and strictly increasing between neighbours a, b whose
// predicted values f(ρ) differ by more than 2·tol(a, b), where rounding cannot hide the
// order.
func checkOrderFollowsRho(claim, name string, ps []statePair, v func(i, j int) float64, f func(rho float64) float64, tol func(a, b statePair) float64) error {
	best := 0 // index of the largest value so far
	for b := 1; b < len(ps); b++ {
		pa, pb := ps[best], ps[b]
		va, vb := v(pa.i, pa.j), v(pb.i, pb.j)
		if t := tol(pa, pb); !(va <= vb+t) {
			return &Violation{Claim: claim, Quantity: name + " order along ρ", Entry: at(pb.i, pb.j), Got: vb, Relation: "≥", Want: va,
				Tol: t, Detail: "a pair with smaller ρ (" + at(pa.i, pa.j) + ") has a larger value"}
		}
		pn := ps[b-1]
		vn := v(pn.i, pn.j)
		if t := tol(pn, pb); f(pb.rho)-f(pn.rho) > 2*t && !(vn < vb) {
			return &Violation{Claim: claim, Quantity: name + " strict order along ρ", Entry: at(pb.i, pb.j), Got: vb, Relation: ">", Want: vn,
				Tol: t, Detail: "must exceed the value at " + at(pn.i, pn.j) + ", whose ρ is smaller"}
		}
		if vb > va {
			best = b
		}
	}
	return nil
}
