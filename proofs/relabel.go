package proofs

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// Relabel returns the space with states renamed by perm: state k becomes perm[k], so
// π'_{perm[k]} = π_k and A'[perm[k]][perm[i]] = A[k][i] (π → πP, A → PᵀAP for the
// permutation matrix P with P[k][perm[k]] = 1). It returns an error unless perm is a
// permutation of 0..m−1.
func Relabel(s *feature.Space, perm []int) (*feature.Space, error) {
	m := s.Len()
	if err := checkPerm(perm, m); err != nil {
		return nil, err
	}
	pi := s.Source()
	a := s.Augmentation()
	pi2 := make([]float64, m)
	rows := make([][]float64, m)
	for k := range rows {
		rows[k] = make([]float64, m)
	}
	for k := 0; k < m; k++ {
		pi2[perm[k]] = pi[k]
		for i := 0; i < m; i++ {
			rows[perm[k]][perm[i]] = a.At(k, i)
		}
	}
	a2, err := markov.New(rows)
	if err != nil {
		return nil, fmt.Errorf("proofs: relabel: %w", err)
	}
	return feature.NewSpace(pi2, a2)
}

func checkPerm(perm []int, m int) error {
	if len(perm) != m {
		return fmt.Errorf("proofs: permutation of length %d for %d states", len(perm), m)
	}
	seen := make([]bool, m)
	for k, p := range perm {
		if p < 0 || p >= m || seen[p] {
			return fmt.Errorf("proofs: permutation entry [%d] = %d: out of range or repeated", k, p)
		}
		seen[p] = true
	}
	return nil
}

// CheckC8Relabelling checks C8 (docs/theory.md §8): relabelling the states by perm (Relabel)
// permutes every quantity: q'_{σi} = q_i, and c1, c2, ρ, T1(n), T2(n, α, β) at (σi, σj)
// equal their values at (i, j); I(V1;V2) is invariant. σ = perm.
//
// Tolerances: the relabelled space sums the same terms in another order, so q, c1, c2, ρ
// and T1 agree to relTol relative; T2 = (αρ − β)/(n−1) to
// 2·relTol·(|α|ρ + |β|)/(n−1) (a difference, residual form); I to informationTol (C6).
func CheckC8Relabelling(s *feature.Space, perm []int, n int, alpha, beta float64) error {
	t, err := Relabel(s, perm)
	if err != nil {
		return err
	}
	return checkRelabelling(s, t, perm, n, alpha, beta)
}

func checkRelabelling(s, t *feature.Space, perm []int, n int, alpha, beta float64) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return err
	}
	m := s.Len()
	if err := checkPerm(perm, m); err != nil {
		return err
	}
	if t.Len() != m {
		return fmt.Errorf("C8: relabelled space has %d states, want %d", t.Len(), m)
	}
	rt := relTol(m)
	q, q2 := s.ViewMarginal(), t.ViewMarginal()
	for i := 0; i < m; i++ {
		if !equalRel(q2[perm[i]], q[i], rt) {
			return &Violation{Claim: "C8", Quantity: "q'_{σi} vs q_i", Entry: atRow(i), Got: q2[perm[i]], Relation: "=", Want: q[i], Tol: rt * q[i]}
		}
	}
	rho := s.DensityRatio()
	k := float64(n - 1)
	mats := []struct {
		name      string
		a, b      interface{ At(i, j int) float64 }
		signedTol bool
	}{
		{"c1", s.PositiveJoint(), t.PositiveJoint(), false},
		{"c2", s.NegativeJoint(), t.NegativeJoint(), false},
		{"ρ", rho, t.DensityRatio(), false},
		{"T1", s.InfoNCETarget(n), t.InfoNCETarget(n), false},
		{"T2", s.SCTarget(n, alpha, beta), t.SCTarget(n, alpha, beta), true},
	}
	for _, c := range mats {
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				want, got := c.a.At(i, j), c.b.At(perm[i], perm[j])
				tol := rt * math.Abs(want)
				if c.signedTol {
					tol = residualTol(m, (math.Abs(alpha)*rho.At(i, j)+math.Abs(beta))/k)
				}
				if !equalAbs(got, want, tol) {
					return &Violation{Claim: "C8", Quantity: c.name + "'_{σi,σj} vs " + c.name + "_ij", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: tol}
				}
			}
		}
	}
	tol := informationSums(explicitStats(s)).tol
	if i1, i2 := s.MutualInformation(), t.MutualInformation(); !equalAbs(i2, i1, tol) {
		return &Violation{Claim: "C8", Quantity: "I(V1;V2) after relabelling", Got: i2, Relation: "=", Want: i1, Tol: tol}
	}
	return nil
}
