package proofs

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Collapse criterion R2 (docs/theory.md §4, C27). At the fully collapsed configuration every
// embedding is equal, so every logit is the same c = 1/τ, and the decoupled mean-field
// probability is P_ij = e^{c}/((N−1)Σ_l q_l e^{c}) = 1/(N−1); the SC potential's gradient
// (feature.SCPopulationPotential) is then
//
//	∂F/∂s_ij = (N−1)c2_ij/(N−1) + βc2_ij − αc1_ij = c2_ij(1 + β − αρ_ij).
//
// Cosines are bounded by 1, which the collapsed configuration attains, so it is
// stationary (the KKT condition of the bound) iff no logit wants to decrease, i.e.
// ∂F/∂s_ij ≤ 0 for every pair: αρ_ij ≥ 1 + β, which is feature.Collapses.

// CheckC27CollapsedStationary checks C27's criterion on s for n sources per batch at the
// common logit c: SCPopulationPotential's gradient at s = c·11ᵀ equals c2(1 + β − αρ)
// (ρ, c2 by explicit loops) and is ≤ 0 everywhere iff feature.Collapses(α, β).
//
// Tolerance: the residual form 2·relTol·(c2 + |β|c2 + |α|c1) + 2d(c2 + ...) for the
// gradient entries (C20's bound: the row normaliser is e^c within relTol + d); the
// iff is checked outside the band where rounding can flip a sign.
func CheckC27CollapsedStationary(s *feature.Space, n int, alpha, beta, c float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return fmt.Errorf("C27: common logit %v: need a finite number", c)
	}
	m := s.Len()
	logits := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			logits.Set(i, j, c)
		}
	}
	g := mat.NewDense(m, m, nil)
	s.SCPopulationPotential(g, nil, logits, n, alpha, beta)
	return checkCollapsedGradient(s, alpha, beta, g, s.Collapses(alpha, beta))
}

func checkCollapsedGradient(s *feature.Space, alpha, beta float64, g mat.Matrix, collapses bool) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	allNonPositive, decided := true, true
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c2 := st.c2(i, j)
			want := c2 * (1 + beta - alpha*st.rho(i, j))
			tol := 2 * (rt + 2*st.defect) * (c2 + math.Abs(beta)*c2 + math.Abs(alpha)*st.c1[i][j])
			v := g.At(i, j)
			if !equalAbs(v, want, tol) {
				return &Violation{Claim: "C27", Quantity: "∂F/∂s at the collapsed configuration", Entry: at(i, j), Got: v, Relation: "=", Want: want, Tol: tol,
					Detail: "c2(1 + β − αρ)"}
			}
			if v > tol {
				allNonPositive = false
			} else if v > -tol {
				decided = false // within rounding of 0: the pair sits on the boundary αρ = 1 + β
			}
		}
	}
	if decided && allNonPositive != collapses {
		return &Violation{Claim: "C27", Quantity: "feature.Collapses vs the sign of ∂F/∂s at collapse", Got: b2f(collapses), Relation: "=", Want: b2f(allNonPositive),
			Detail: fmt.Sprintf("α = %v, β = %v: the collapsed configuration is stationary iff every ∂F/∂s ≤ 0", alpha, beta)}
	}
	return nil
}

// c27BoundaryDelta is the relative distance from the R2 boundary at which
// c27BoundaryCheck probes collapses: 1 % of the threshold, so that any shift of the
// threshold by more than 1 % (a 5 % one, say) flips one of the probes.
const c27BoundaryDelta = 0.01

// c27BoundaryCheck probes the collapse rule on s on both sides of its boundary: for α ∈
// {0.5, 1, 2} and 1 + β = αρ_min(1 ∓ c27BoundaryDelta), with ρ_min from explicit loops,
// the configuration collapses below the boundary and not above it (R2), collapses (the
// rule under test, feature.Collapses in the ledger) must say so, and
// CheckC27CollapsedStationary must agree at n (the gradient's sign at collapse). Err
// counts the mismatches; a run of the quick ledger has it too.
func c27BoundaryCheck(s *feature.Space, n int, collapses func(alpha, beta float64) bool) Check {
	st := explicitStats(s)
	rhoMin := math.Inf(1)
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			rhoMin = math.Min(rhoMin, st.rho(i, j))
		}
	}
	c := Check{Route: RouteClosedForm, Quantity: fmt.Sprintf("toy collapse rule at the R2 boundary: 1 + β = αρ_min(1 ∓ %g %%), α = 0.5, 1, 2", 100*c27BoundaryDelta),
		Unit: "mismatches", Origin: "exact (R2 from ρ_min by explicit loops; the probes sit 1 % from the boundary, far outside rounding)"}
	var bad []string
	for _, alpha := range []float64{0.5, 1, 2} {
		for _, side := range []float64{-1, 1} {
			beta := alpha*rhoMin*(1+side*c27BoundaryDelta) - 1
			want := side < 0
			if got := collapses(alpha, beta); got != want {
				bad = append(bad, fmt.Sprintf("α = %g, β = %.6g: collapses = %v, want %v", alpha, beta, got, want))
			}
			if err := CheckC27CollapsedStationary(s, n, alpha, beta, 1); err != nil {
				bad = append(bad, err.Error())
			}
		}
	}
	c.Err, c.Measured = float64(len(bad)), float64(len(bad))
	c.Note = fmt.Sprintf("ρ_min = %.6f", rhoMin)
	if len(bad) > 0 {
		c.Note += "; " + strings.Join(bad, "; ")
	}
	return c
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
