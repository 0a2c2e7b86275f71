package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// Per-state unit embeddings (docs/theory.md §5 level 2, C29): s_ij = u_i·u_j/τ with ‖u_i‖ = 1,
// so s is symmetric with the constant diagonal 1/τ. The mean-field positive-pair
// probability of feature.InfoNCEPopulationLoss is P_ij = e^{s_ij}/D_i with one
// denominator per row, hence for every pair of states
//
//	log P_ii − log P_jj − log P_ij + log P_ji = (s_ii − s_jj) − (s_ij − s_ji) = 0.
//
// T1 is symmetric, so if P = T1·(1 + ε) entrywise with |ε| ≤ g the same combination is
// log(T1_ii/T1_jj) + [l(ε_ii) − l(ε_jj) − l(ε_ij) + l(ε_ji)] = 0 with l = log(1 + ·),
// |l(ε)| ≤ −log(1 − g); so
//
//	g ≥ 1 − exp(−max_ij |log(T1_ii/T1_jj)| / 4)
//
// for ANY unit embeddings, any τ and d: T1 is attainable only if every T1_ii (every ρ_ii)
// is equal, and UnitEmbeddingGapBound says how far it must be missed otherwise (toy,
// N = 1000: 3.36 %; the optimum of feature/optimum misses it by 4.09 %).

// UnitEmbeddingGapBound returns the lower bound 1 − exp(−max_ij |log(T1_ii/T1_jj)|/4)
// on max_ij |P_ij − T1_ij|/T1_ij over all per-state unit embeddings, and the pair (i, j)
// of diagonal entries that sets it. It needs every T1_ii > 0.
func UnitEmbeddingGapBound(s *feature.Space, n int) (float64, feature.Pair) {
	t1 := s.InfoNCETarget(n)
	m := s.Len()
	var worst float64
	var p feature.Pair
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			if d := math.Abs(fplog.Log(t1.At(i, i) / t1.At(j, j))); d > worst {
				worst, p = d, feature.Pair{I: i, J: j}
			}
		}
	}
	return -math.Expm1(-worst / 4), p
}

// CheckC29UnitEmbeddings checks the C29 identity and bound on the unit embeddings u (rows,
// normalised here) at temperature τ and batch size n: the population P of
// InfoNCEPopulationLoss at s = UUᵀ/τ satisfies log P_ii + log P_ji − log P_jj − log P_ij =
// 0, and its max relative gap to T1 is at least UnitEmbeddingGapBound.
//
// Tolerance: each P is accurate to relP = relTol + 4u(1 + 2/τ) relative (C11's bound with
// logits |s| ≤ 1/τ), so the four-log combination to 4·relP, and the gap to 4·relP too.
func CheckC29UnitEmbeddings(s *feature.Space, n int, u mat.Matrix, tau float64) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	if !(tau > 0) || math.IsInf(tau, 1) {
		return fmt.Errorf("C29: τ = %v: need a finite τ > 0", tau)
	}
	m := s.Len()
	if r, _ := u.Dims(); r != m {
		return fmt.Errorf("C29: %d embeddings for %d states", r, m)
	}
	un := mat.DenseCopyOf(u)
	normalizeRowsInPlace(un)
	var logits mat.Dense
	logits.Mul(un, un.T())
	logits.Scale(1/tau, &logits)
	prob := mat.NewDense(m, m, nil)
	s.InfoNCEPopulationLoss(nil, prob, &logits, n)
	return checkUnitEmbeddingProb(s, n, prob, tau)
}

func checkUnitEmbeddingProb(s *feature.Space, n int, prob mat.Matrix, tau float64) error {
	m := s.Len()
	relP := relTol(m) + 4*unitRoundoff*(1+2/tau)
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			c := fplog.Log(prob.At(i, i)) + fplog.Log(prob.At(j, i)) - fplog.Log(prob.At(j, j)) - fplog.Log(prob.At(i, j))
			if !equalAbs(c, 0, 4*relP) {
				return &Violation{Claim: "C29", Quantity: "log P_ii + log P_ji − log P_jj − log P_ij", Entry: at(i, j), Got: c, Relation: "=", Want: 0, Tol: 4 * relP,
					Detail: "one softmax denominator per row and a constant diagonal"}
			}
		}
	}
	bound, p := UnitEmbeddingGapBound(s, n)
	gap := feature.MaxRelGap(prob, s.InfoNCETarget(n))
	if !(gap >= bound-4*relP) {
		return &Violation{Claim: "C29", Quantity: "max_ij |P_ij − T1_ij|/T1_ij of unit embeddings", Got: gap, Relation: "≥", Want: bound, Tol: 4 * relP,
			Detail: fmt.Sprintf("bound from log(T1_%d%d/T1_%d%d)", p.I, p.I, p.J, p.J)}
	}
	return nil
}

func normalizeRowsInPlace(u *mat.Dense) {
	r, c := u.Dims()
	for i := 0; i < r; i++ {
		var ss float64
		for k := 0; k < c; k++ {
			ss += u.At(i, k) * u.At(i, k)
		}
		inv := 1 / math.Sqrt(ss)
		for k := 0; k < c; k++ {
			u.Set(i, k, u.At(i, k)*inv)
		}
	}
}

// RandomUnitEmbeddings returns m standard-normal vectors in R^d (rows) from seed; the
// check normalises them.
func RandomUnitEmbeddings(m, d int, seed uint64) *mat.Dense {
	return randMatrix(rand.New(rand.NewPCG(seed, specStream+29)), m, d, 1)
}
