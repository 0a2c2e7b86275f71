package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
)

// CheckC24PotentialDrift checks the closed form behind C24 (docs/theory.md §4, R1) on s: the
// mean-field SC potential (feature.SCPopulationPotential) changes by exactly t(1 + β − α)
// when every logit is shifted by t,
//
//	F(s + t·11ᵀ) − F(s) = t·Σ_ij(βc2_ij − αc1_ij) + t·Σ_i q_i = t(1 + β − α),
//
// so it is bounded below on free logits only on α − β = 1: off the line gradient descent
// moves every logit without end (towards +∞ when α − β > 1).
//
// Tolerance: both evaluations sum terms of total magnitude
// M = Σ_ij(|β|c2_ij + |α|c1_ij)(|s_ij| + |t|) + max|s| + |t| + 1 (the log-sum-exp per row
// is ≤ max|s| + |t| + log of a sum of q's), each accurate to relTol + 2d relative, so
// the difference to 4(relTol + 2d)·M.
func CheckC24PotentialDrift(s *feature.Space, n int, alpha, beta float64, logits mat.Matrix, t float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return fmt.Errorf("C24: shift t = %v: need a finite number", t)
	}
	m := s.Len()
	shifted := mat.NewDense(m, m, nil)
	shifted.Apply(func(_, _ int, v float64) float64 { return v + t }, logits)
	f0 := s.SCPopulationPotential(nil, nil, logits, n, alpha, beta)
	f1 := s.SCPopulationPotential(nil, nil, shifted, n, alpha, beta)
	return checkPotentialShift(s, alpha, beta, logits, t, f1-f0)
}

func checkPotentialShift(s *feature.Space, alpha, beta float64, logits mat.Matrix, t, diff float64) error {
	st := explicitStats(s)
	m := st.m
	var mag, mx float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			v := math.Abs(logits.At(i, j))
			mx = math.Max(mx, v)
			mag += (math.Abs(beta)*st.c2(i, j) + math.Abs(alpha)*st.c1[i][j]) * (v + math.Abs(t))
		}
	}
	mag += mx + math.Abs(t) + 1
	want := t * (1 + beta - alpha)
	tol := 4 * (relTol(m) + 2*st.defect) * mag
	if !equalAbs(diff, want, tol) {
		return &Violation{Claim: "C24", Quantity: "F(s + t) − F(s)", Got: diff, Relation: "=", Want: want, Tol: tol,
			Detail: fmt.Sprintf("t = %v, α = %v, β = %v: t(1 + β − α)", t, alpha, beta)}
	}
	return nil
}

// CheckC19ExactFieldTotal checks the expectation form of C19 by enumeration on s (m ≤ 4)
// for n sources per batch at the logits s: the exact expected paper-form SC field
// (enumerate.SCFieldTo) sums over all state pairs to 1 + β − α − Σ_ij c1_ij E[P_ij], the
// mean over anchors of the row sums 1 + β − α − P_aa, with E[P] from PositiveProbTo.
//
// Tolerance: m² entries of total magnitude ≤ 2 + |α| + |β| (G sums to 1 − E[P], the bias
// terms to |β|, the positive terms to |α|), each from compensated sums accurate to the
// field's rounding bound ε (enumerate.GradientRoundingBound) relative: (ε + m²u)·(2 + |α| +
// |β|), doubled for the two sides.
func CheckC19ExactFieldTotal(s *feature.Space, n int, logits mat.Matrix, alpha, beta float64) error {
	ex, err := enumerate.New(s, n)
	if err != nil {
		return err
	}
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return err
	}
	f := ex.SCFieldTo(nil, logits, alpha, beta)
	p := ex.PositiveProbTo(nil, logits)
	c1 := s.PositiveJoint()
	m := s.Len()
	var total, ep float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			total += f.At(i, j)
			ep += c1.At(i, j) * p.At(i, j)
		}
	}
	want := 1 + beta - alpha - ep
	tol := 2 * (ex.GradientRoundingBound(logits) + float64(m*m)*unitRoundoff) * (2 + math.Abs(alpha) + math.Abs(beta))
	if !equalAbs(total, want, tol) {
		return &Violation{Claim: "C19", Quantity: "Σ_ik exact SC field F_ik", Got: total, Relation: "=", Want: want, Tol: tol,
			Detail: fmt.Sprintf("N = %d, α = %v, β = %v: 1 + β − α − Σ c1 E[P]", n, alpha, beta)}
	}
	return nil
}
