package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// CheckC17GradientVanishesAtLogRho checks the first half of C17 (docs/theory.md §4 "Exact at
// every N") on s for n sources per batch: the exact expected InfoNCE gradient over free
// state-pair logits (enumerate) vanishes at s = log ρ, within the rounding bound of
// enumerate.GradientRoundingBound, |fl(∂_ik)| ≤ (ε + u)·c1_ik + ε·|fl(∂_ik)| (A_ik = ∂_ik
// + c1_ik, u c1_ik). The exact loss is convex and strictly so off the row shifts, so a
// vanishing gradient makes log ρ + (row constants) its minimiser at this N. It needs
// every c1_ij > 0 and returns enumerate's errors for sizes it refuses.
func CheckC17GradientVanishesAtLogRho(s *feature.Space, n int) error {
	m := s.Len()
	lr, err := logRho(s)
	if err != nil {
		return err
	}
	ex, err := enumerate.New(s, n)
	if err != nil {
		return err
	}
	g := mat.NewDense(m, m, nil)
	ex.InfoNCE(g, lr)
	return checkGradientAtLogRho(s, n, g, ex.GradientRoundingBound(lr))
}

func checkGradientAtLogRho(s *feature.Space, n int, g mat.Matrix, eps float64) error {
	c1 := s.PositiveJoint()
	m := s.Len()
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			v, c := g.At(i, k), c1.At(i, k)
			tol := (eps+unitRoundoff)*c + eps*math.Abs(v)
			if !equalAbs(v, 0, tol) {
				return &Violation{Claim: "C17", Quantity: "exact ∂E[ℓ]/∂s at s = log ρ", Entry: at(i, k), Got: v, Relation: "=", Want: 0, Tol: tol,
					Detail: fmt.Sprintf("N = %d, rounding bound ε = %.3g", n, eps)}
			}
		}
	}
	return nil
}

// logRho returns log ρ, or an error if some c1_ij = 0 (log ρ_ij = −∞).
func logRho(s *feature.Space) (*mat.Dense, error) {
	m := s.Len()
	rho := s.DensityRatio()
	lr := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			r := rho.At(i, j)
			if !(r > 0) {
				return nil, fmt.Errorf("proofs: ρ[%d][%d] = %v: log ρ is not finite", i, j, r)
			}
			lr.Set(i, j, fplog.Log(r))
		}
	}
	return lr, nil
}

// ExactMinimiser is the minimiser of the exact expected InfoNCE loss over free logits
// found by enumerate.MinimiseExactInfoNCE from zero logits, compared with log ρ.
type ExactMinimiser struct {
	N int
	// MaxDiff is max_ij |(s*_ij − s*_i0) − (log ρ_ij − log ρ_i0)| (the gauge of
	// enumerate's minimiser: s_i0 = 0).
	MaxDiff float64
	// Bound is ‖∇‖₂/λ_min: by strong convexity in the gauge, the distance from s* to the
	// true minimiser is at most the gradient norm at s* over the smallest eigenvalue of the
	// Hessian (by central differences of the exact gradient at s*), plus the rounding of
	// log ρ (relTol) and of the minimiser's gauge (u per unit of logit).
	Bound float64
	// GradMax and LambdaMin are the inputs of Bound.
	GradMax, LambdaMin float64
}

// MinimiseC17 runs enumerate.MinimiseExactInfoNCE on s at n and returns how far its
// minimiser is from log ρ, with the strong-convexity bound that a correct claim must
// meet.
func MinimiseC17(s *feature.Space, n int) (*ExactMinimiser, error) {
	lr, err := logRho(s)
	if err != nil {
		return nil, err
	}
	min, err := enumerate.MinimiseExactInfoNCE(s, n, nil, enumerate.MinimiseOptions{})
	if err != nil {
		return nil, err
	}
	ex, err := enumerate.New(s, n)
	if err != nil {
		return nil, err
	}
	m := s.Len()
	d := m * (m - 1)
	full := mat.NewDense(m, m, nil)
	logits := mat.NewDense(m, m, nil)
	gauge := func(grad, x []float64) {
		for i := 0; i < m; i++ {
			logits.Set(i, 0, 0)
			for j := 1; j < m; j++ {
				logits.Set(i, j, x[i*(m-1)+j-1])
			}
		}
		ex.InfoNCE(full, logits)
		for i := 0; i < m; i++ {
			for j := 1; j < m; j++ {
				grad[i*(m-1)+j-1] = full.At(i, j)
			}
		}
	}
	x := make([]float64, d)
	res := &ExactMinimiser{N: n}
	var spread float64
	for i := 0; i < m; i++ {
		for j := 1; j < m; j++ {
			x[i*(m-1)+j-1] = min.Logits.At(i, j) - min.Logits.At(i, 0)
			want := lr.At(i, j) - lr.At(i, 0)
			res.MaxDiff = math.Max(res.MaxDiff, math.Abs(x[i*(m-1)+j-1]-want))
			spread = math.Max(spread, math.Abs(want))
		}
	}
	g := make([]float64, d)
	gauge(g, x)
	var g2 float64
	for _, v := range g {
		g2 += v * v
		res.GradMax = math.Max(res.GradMax, math.Abs(v))
	}
	h := mat.NewDense(d, d, nil)
	fd.Jacobian(h, gauge, x, &fd.JacobianSettings{Formula: fd.Central})
	hs := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			hs.SetSym(i, j, (h.At(i, j)+h.At(j, i))/2)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(hs, false) {
		return nil, fmt.Errorf("proofs: C17 at N = %d: the Hessian's eigenvalues did not converge", n)
	}
	res.LambdaMin = es.Values(nil)[0]
	if !(res.LambdaMin > 0) {
		return nil, fmt.Errorf("proofs: C17 at N = %d: the exact loss is not strictly convex at its minimiser (λ_min = %v)", n, res.LambdaMin)
	}
	res.Bound = math.Sqrt(g2)/res.LambdaMin + 2*relTol(m)*spread + 4*unitRoundoff*(1+spread)
	return res, nil
}
