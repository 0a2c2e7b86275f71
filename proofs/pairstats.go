package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// CheckC1PositiveJoint checks C1 (docs/theory.md §2): the positive-pair joint
// c1 = Aᵀ diag(π) A is symmetric, non-negative, positive semi-definite and sums to 1, and
// feature's PositiveJoint equals the triple loop c1_ij = Σ_k π_k A_ki A_kj.
//
// Tolerances: symmetry and the value to relTol(m) = 8(m+5)u relative (two evaluations of
// a sum of m non-negative products); non-negativity exactly (a sum of non-negative
// products cannot round below 0); the total to sumTol (relTol + m²u + 3d, d the measured
// stochasticity defect of π and A); the smallest eigenvalue ≥ −eigTol(m, ‖c1‖_F).
func CheckC1PositiveJoint(s *feature.Space) error {
	return checkPositiveJoint(s, s.PositiveJoint())
}

func checkPositiveJoint(s *feature.Space, c1 mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	if err := checkSymmetricNonNegative("C1", "c1", c1, rt); err != nil {
		return err
	}
	if err := checkTotal("C1", "Σ_ij c1_ij", c1, sumTol(m, st.defect)); err != nil {
		return err
	}
	vals, ok := eigenvalues(c1)
	if !ok {
		return fmt.Errorf("C1: eigen-decomposition of c1 failed")
	}
	if tol := eigTol(m, frobenius(c1)); !(vals[0] >= -tol) {
		return &Violation{Claim: "C1", Quantity: "smallest eigenvalue of c1", Got: vals[0], Relation: "≥", Want: 0, Tol: tol, Detail: "c1 is not positive semi-definite"}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if got, want := c1.At(i, j), st.c1[i][j]; !equalRel(got, want, rt) {
				return &Violation{Claim: "C1", Quantity: "c1 vs Σ_k π_k A_ki A_kj", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: rt * want}
			}
		}
	}
	return nil
}

// CheckC2NegativeJoint checks C2 (docs/theory.md §2): the negative-pair joint c2 = q qᵀ is
// symmetric, non-negative, sums to 1 and is PSD of rank 1 (eigenvalues 0, …, 0, Σ_i q_i²),
// and feature's NegativeJoint equals q_i q_j with q_i = Σ_k π_k A_ki by explicit loop.
//
// Tolerances: as C1 (relTol relative on entries, sumTol on the total); the m−1 small
// eigenvalues within ±eigTol(m, ‖c2‖_F) of 0 and the largest within eigTol + relTol·Σq² of
// Σ_i q_i².
func CheckC2NegativeJoint(s *feature.Space) error {
	return checkNegativeJoint(s, s.NegativeJoint())
}

func checkNegativeJoint(s *feature.Space, c2 mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	if err := checkSymmetricNonNegative("C2", "c2", c2, rt); err != nil {
		return err
	}
	if err := checkTotal("C2", "Σ_ij c2_ij", c2, sumTol(m, st.defect)); err != nil {
		return err
	}
	vals, ok := eigenvalues(c2)
	if !ok {
		return fmt.Errorf("C2: eigen-decomposition of c2 failed")
	}
	tol := eigTol(m, frobenius(c2))
	for k := 0; k < m-1; k++ {
		if !equalAbs(vals[k], 0, tol) {
			return &Violation{Claim: "C2", Quantity: "eigenvalue of c2 (ascending)", Entry: atRow(k), Got: vals[k], Relation: "=", Want: 0, Tol: tol, Detail: "c2 is not PSD of rank 1"}
		}
	}
	var qq float64
	for _, v := range st.q {
		qq += v * v
	}
	if tolMax := tol + rt*qq; !equalAbs(vals[m-1], qq, tolMax) {
		return &Violation{Claim: "C2", Quantity: "largest eigenvalue of c2", Got: vals[m-1], Relation: "=", Want: qq, Tol: tolMax, Detail: "want Σ_i q_i²"}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if got, want := c2.At(i, j), st.c2(i, j); !equalRel(got, want, rt) {
				return &Violation{Claim: "C2", Quantity: "c2 vs q_i q_j", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: rt * want}
			}
		}
	}
	return nil
}

// CheckC3RowSums checks C3 (docs/theory.md §2): Σ_j c1_ij = Σ_j c2_ij = q_i for every i, with q
// from explicit loops q_i = Σ_k π_k A_ki, and feature's ViewMarginal equals that q.
//
// Tolerances: q to relTol relative; each row sum to (relTol + 2d)·q_i, the row sums being
// sums of m non-negative terms accurate to relTol, and Σ_j A_kj = 1 ± d entering once for
// c1 and Σ_j q_j = 1 ± 2d for c2 (d the measured defect).
func CheckC3RowSums(s *feature.Space) error {
	return checkRowSums(s, s.ViewMarginal(), s.PositiveJoint(), s.NegativeJoint())
}

func checkRowSums(s *feature.Space, q []float64, c1, c2 mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	for i := 0; i < m; i++ {
		if !equalRel(q[i], st.q[i], rt) {
			return &Violation{Claim: "C3", Quantity: "ViewMarginal vs Σ_k π_k A_ki", Entry: atRow(i), Got: q[i], Relation: "=", Want: st.q[i], Tol: rt * st.q[i]}
		}
	}
	for _, c := range []struct {
		name string
		c    mat.Matrix
	}{{"Σ_j c1_ij", c1}, {"Σ_j c2_ij", c2}} {
		for i := 0; i < m; i++ {
			var sum float64
			for j := 0; j < m; j++ {
				sum += c.c.At(i, j)
			}
			if tol := (rt + 2*st.defect) * st.q[i]; !equalAbs(sum, st.q[i], tol) {
				return &Violation{Claim: "C3", Quantity: c.name, Entry: atRow(i), Got: sum, Relation: "=", Want: st.q[i], Tol: tol, Detail: "row sum must equal q_i"}
			}
		}
	}
	return nil
}

// CheckC4JointGap checks C4 (docs/theory.md §2): G = c1 − c2 is positive semi-definite with the
// all-ones vector in its kernel (Σ_j G_ij = 0), so tr c1 ≥ tr c2; and G equals the
// covariance form G_ij = Σ_k π_k (A_ki − q_i)(A_kj − q_j) evaluated by explicit loops (the
// identity that makes G PSD).
//
// Tolerances: the covariance form to 2·relTol·(c1_ij + 3c2_ij) + 2d·c2_ij (its terms are
// bounded by c1 + 3c2 in absolute value; the defect of Σπ = 1 multiplies c2); the kernel
// to 2(relTol + 2d)q_i (both row sums are q_i within C3's bound); eigenvalues of G ≥
// −eigTol(m, ‖c1‖_F + ‖c2‖_F) (entry errors scale with c1 and c2, not with G); the traces
// to relTol·(tr c1 + tr c2).
func CheckC4JointGap(s *feature.Space) error {
	return checkJointGap(s, s.PositiveJoint(), s.NegativeJoint())
}

func checkJointGap(s *feature.Space, c1, c2 mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	var g mat.Dense
	g.Sub(c1, c2)
	for i := 0; i < m; i++ {
		var row float64
		for j := 0; j < m; j++ {
			row += g.At(i, j)
		}
		if tol := 2 * (rt + 2*st.defect) * st.q[i]; !equalAbs(row, 0, tol) {
			return &Violation{Claim: "C4", Quantity: "Σ_j (c1 − c2)_ij", Entry: atRow(i), Got: row, Relation: "=", Want: 0, Tol: tol, Detail: "the ones vector is not in the kernel of c1 − c2"}
		}
	}
	vals, ok := eigenvalues(&g)
	if !ok {
		return fmt.Errorf("C4: eigen-decomposition of c1 − c2 failed")
	}
	if tol := eigTol(m, frobenius(c1)+frobenius(c2)); !(vals[0] >= -tol) {
		return &Violation{Claim: "C4", Quantity: "smallest eigenvalue of c1 − c2", Got: vals[0], Relation: "≥", Want: 0, Tol: tol, Detail: "c1 − c2 is not positive semi-definite"}
	}
	var tr1, tr2 float64
	for i := 0; i < m; i++ {
		tr1 += c1.At(i, i)
		tr2 += c2.At(i, i)
	}
	if tol := rt * (tr1 + tr2); !(tr1 >= tr2-tol) {
		return &Violation{Claim: "C4", Quantity: "tr c1", Got: tr1, Relation: "≥", Want: tr2, Tol: tol, Detail: "want tr c1 ≥ tr c2"}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			var cov float64
			for k := 0; k < m; k++ {
				if st.pi[k] != 0 {
					cov += st.pi[k] * (st.a[k][i] - st.q[i]) * (st.a[k][j] - st.q[j])
				}
			}
			tol := 2*rt*(st.c1[i][j]+3*st.c2(i, j)) + 2*st.defect*st.c2(i, j)
			if got := g.At(i, j); !equalAbs(got, cov, tol) {
				return &Violation{Claim: "C4", Quantity: "(c1 − c2) vs Σ_k π_k (A_ki − q_i)(A_kj − q_j)", Entry: at(i, j), Got: got, Relation: "=", Want: cov, Tol: tol}
			}
		}
	}
	return nil
}

// CheckC5WeightedDensityRatio checks C5 (docs/theory.md §2): Σ_j q_j ρ_ij = 1 for every i, with
// feature's DensityRatio and q from explicit loops.
//
// Tolerance: relTol + 2d. The sum equals Σ_j c1_ij/q_i = 1 ± d exactly (Σ_j A_kj = 1 ± d);
// its m non-negative terms are each accurate to relTol/2 relative and the summation adds
// mu ≪ relTol/2.
func CheckC5WeightedDensityRatio(s *feature.Space) error {
	return checkWeightedDensityRatio(s, s.DensityRatio())
}

func checkWeightedDensityRatio(s *feature.Space, rho mat.Matrix) error {
	st := explicitStats(s)
	tol := relTol(st.m) + 2*st.defect
	for i := 0; i < st.m; i++ {
		var sum float64
		for j := 0; j < st.m; j++ {
			sum += st.q[j] * rho.At(i, j)
		}
		if !equalAbs(sum, 1, tol) {
			return &Violation{Claim: "C5", Quantity: "Σ_j q_j ρ_ij", Entry: atRow(i), Got: sum, Relation: "=", Want: 1, Tol: tol}
		}
	}
	return nil
}

// checkSymmetricNonNegative checks c[i][j] = c[j][i] within rt relative and c ≥ 0 exactly.
func checkSymmetricNonNegative(claim, name string, c mat.Matrix, rt float64) error {
	m, _ := c.Dims()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			v := c.At(i, j)
			if !(v >= 0) {
				return &Violation{Claim: claim, Quantity: name, Entry: at(i, j), Got: v, Relation: "≥", Want: 0, Tol: 0, Detail: "negative (or NaN) probability"}
			}
			if j > i && !equalRel(v, c.At(j, i), rt) {
				return &Violation{Claim: claim, Quantity: name + " symmetry", Entry: at(i, j), Got: v, Relation: "=", Want: c.At(j, i), Tol: rt * math.Abs(v), Detail: "entry differs from its transpose"}
			}
		}
	}
	return nil
}

// checkTotal checks Σ_ij c_ij = 1 within tol.
func checkTotal(claim, name string, c mat.Matrix, tol float64) error {
	m, _ := c.Dims()
	var sum float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			sum += c.At(i, j)
		}
	}
	if !equalAbs(sum, 1, tol) {
		return &Violation{Claim: claim, Quantity: name, Got: sum, Relation: "=", Want: 1, Tol: tol}
	}
	return nil
}
