package feature

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// InfoNCETarget returns T1 = c1/(c1 + (n−1)c2), the mean-field positive-pair
// probability InfoNCE drives each state pair to (docs/theory.md §4). It panics if n < 2
// (see CheckBatchSize).
func (s *Space) InfoNCETarget(n int) mat.Matrix {
	t := mat.NewSymDense(s.Len(), nil)
	s.InfoNCETargetTo(t, n)
	return t
}

// InfoNCETargetTo stores T1 (InfoNCETarget) in the upper triangle of dst, in one pass
// over c1. An empty dst is sized m×m first; a non-empty dst is reused and must be m×m,
// so a caller with one dst per size allocates nothing. It panics if n < 2 or dst has
// the wrong size.
func (s *Space) InfoNCETargetTo(dst *mat.SymDense, n int) {
	mustBatch(n)
	s.runTargetPass(infoNCEPass, s.targetStorage(dst), float64(n-1), 0, 0)
}

// SCTarget returns T2 = α c1/((n−1)c2) − β/(n−1), the mean-field target of SC-InfoNCE
// (docs/theory.md §4). It panics if n < 2 or α, β are not finite (see CheckSCParams).
func (s *Space) SCTarget(n int, alpha, beta float64) mat.Matrix {
	t := mat.NewSymDense(s.Len(), nil)
	s.SCTargetTo(t, n, alpha, beta)
	return t
}

// SCTargetTo stores T2 (SCTarget) in the upper triangle of dst, with InfoNCETargetTo's
// rules for dst. It panics if n < 2, α or β is not finite, or dst has the wrong size.
func (s *Space) SCTargetTo(dst *mat.SymDense, n int, alpha, beta float64) {
	mustSC(n, alpha, beta)
	s.runTargetPass(scPass, s.targetStorage(dst), float64(n-1), alpha, beta)
}

// targetStorage sizes an empty dst to m×m, checks a non-empty one, and returns the raw
// storage of dst. It panics if a non-empty dst is not m×m.
func (s *Space) targetStorage(dst *mat.SymDense) blas64.Symmetric {
	m := s.Len()
	if dst.IsEmpty() {
		dst.ReuseAsSym(m)
	} else if d := dst.SymmetricDim(); d != m {
		panic(fmt.Sprintf("feature: %d×%d target destination in a %d-state space", d, d, m))
	}
	return dst.RawSymmetric()
}

// DCLTarget returns the decoupled-contrastive target c1/((n−1)c2) = T2(α=1, β=0)
// = T1·(1 + ρ/(n−1)).
func (s *Space) DCLTarget(n int) mat.Matrix { return s.SCTarget(n, 1, 0) }

// SingularPairError names a state pair where the decoupled fixed point does not exist:
// (n−1)c2_ij ≤ c1_ij, i.e. ρ_ij ≥ n−1.
type SingularPairError struct {
	I, J int
	Rho  float64
	N    int
}

func (e *SingularPairError) Error() string {
	return fmt.Sprintf("feature: decoupled SC fixed point undefined at pair (%d, %d): ρ = %v ≥ N−1 = %d", e.I, e.J, e.Rho, e.N-1)
}

// DecoupledSCFixedPoint returns the exact mean-field fixed point of scinfonce-decoupled,
// p̃* = (α c1 − β c2)/((n−1)c2 − c1) (docs/theory.md §4). It returns a *SingularPairError
// where (n−1)c2_ij ≤ c1_ij, and the errors of CheckBatchSize and CheckSCParams.
func (s *Space) DecoupledSCFixedPoint(n int, alpha, beta float64) (mat.Matrix, error) {
	if err := CheckBatchSize(n); err != nil {
		return nil, err
	}
	if err := CheckSCParams(alpha, beta); err != nil {
		return nil, err
	}
	m := s.Len()
	t := mat.NewSymDense(m, nil)
	k := float64(n - 1)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			c1 := s.c1.At(i, j)
			c2 := s.q[i] * s.q[j]
			den := k*c2 - c1
			if !(den > 0) {
				return nil, &SingularPairError{I: i, J: j, Rho: c1 / c2, N: n}
			}
			t.SetSym(i, j, (alpha*c1-beta*c2)/den)
		}
	}
	return t, nil
}

// WeightedRowSums returns r_i = Σ_j q_j T_ij for an m×m matrix T. Any softmax row
// satisfies r_i ≈ 1/(n−1); for T2, r_i = (α−β)/(n−1) exactly (docs/theory.md §4, R1).
// It panics if T is not m×m.
func (s *Space) WeightedRowSums(t mat.Matrix) []float64 {
	m := s.Len()
	if r, c := t.Dims(); r != m || c != m {
		panic(fmt.Sprintf("feature: WeightedRowSums of a %d×%d matrix in a %d-state space", r, c, m))
	}
	out := make([]float64, m)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			out[i] += s.q[j] * t.At(i, j)
		}
	}
	return out
}
