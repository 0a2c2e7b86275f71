package proofs

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// CheckC28DecoupledFixedPoint checks C28 (docs/theory.md §4): feature's DecoupledSCFixedPoint
// p̃* = (αc1 − βc2)/((N−1)c2 − c1) satisfies the decoupled stationarity
//
//	c1_ij (p̃*_ij + α) = (N−1) c2_ij (p̃*_ij + β/(N−1))
//
// for every pair, with c1, c2 from explicit loops; and it returns a *feature.SingularPairError
// exactly when some ρ_ij ≥ N−1 (the denominator (N−1)c2 − c1 ≤ 0), naming such a pair and
// the right N and ρ.
//
// Tolerances: the residual 2·relTol·(|p̃|(c1 + (N−1)c2) + |α|c1 + |β|c2) (residual form; it
// also covers the cancellation in the denominator, since p̃·((N−1)c2 − c1) is what is
// compared); the singular boundary ρ = N−1 to relTol relative on either side (explicit
// and feature's ρ may round differently there).
func CheckC28DecoupledFixedPoint(s *feature.Space, n int, alpha, beta float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	p, err := s.DecoupledSCFixedPoint(n, alpha, beta)
	return checkDecoupledFixedPoint(s, n, alpha, beta, p, err)
}

func checkDecoupledFixedPoint(s *feature.Space, n int, alpha, beta float64, p mat.Matrix, fpErr error) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	if fpErr != nil {
		var sp *feature.SingularPairError
		if !errors.As(fpErr, &sp) {
			return fmt.Errorf("C28: DecoupledSCFixedPoint failed with an unexpected error: %w", fpErr)
		}
		if sp.N != n || sp.I < 0 || sp.I >= m || sp.J < 0 || sp.J >= m {
			return fmt.Errorf("C28: SingularPairError names pair (%d, %d) and N = %d, want a pair in [0, %d) and N = %d", sp.I, sp.J, sp.N, m, n)
		}
		rho := st.rho(sp.I, sp.J)
		if !(rho >= k*(1-rt)) {
			return &Violation{Claim: "C28", Quantity: "ρ at the pair named singular", Entry: at(sp.I, sp.J), Got: rho, Relation: "≥", Want: k, Tol: rt * k, Detail: "SingularPairError where ρ < N−1"}
		}
		if !equalRel(sp.Rho, rho, rt) {
			return &Violation{Claim: "C28", Quantity: "SingularPairError.Rho vs explicit ρ", Entry: at(sp.I, sp.J), Got: sp.Rho, Relation: "=", Want: rho, Tol: rt * rho}
		}
		return nil
	}
	if p == nil {
		return fmt.Errorf("C28: DecoupledSCFixedPoint returned neither a matrix nor an error")
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if rho := st.rho(i, j); !(rho < k*(1+rt)) {
				return &Violation{Claim: "C28", Quantity: "ρ", Entry: at(i, j), Got: rho, Relation: "<", Want: k, Tol: rt * k, Detail: "ρ ≥ N−1 but DecoupledSCFixedPoint returned no SingularPairError"}
			}
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c1, c2, v := st.c1[i][j], st.c2(i, j), p.At(i, j)
			r := c1*(v+alpha) - k*c2*(v+beta/k)
			mag := math.Abs(v)*(c1+k*c2) + math.Abs(alpha)*c1 + math.Abs(beta)*c2
			if tol := residualTol(m, mag); !equalAbs(r, 0, tol) {
				return &Violation{Claim: "C28", Quantity: "c1(p̃ + α) − (N−1)c2(p̃ + β/(N−1))", Entry: at(i, j), Got: r, Relation: "=", Want: 0, Tol: tol}
			}
		}
	}
	return nil
}
