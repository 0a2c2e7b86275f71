package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// FreeLogitFixedPoint is where sampled-batch SGD on free symmetric logits (docs/theory.md §5
// level 1, simulate's "logits" model) settles, computed exactly by enumeration.
//
// SGD on the packed parameters (the upper triangle of θ, nn.FreeLogits) moves them along
// −(packed expected update field): p_ij = F_ij + F_ji (i < j), p_ii = F_ii, F the exact
// expected field of one anchor (enumerate: the InfoNCE gradient, or the paper-form SC
// field). Adding a constant to every logit changes no softmax, so the probabilities are
// stationary exactly when p is parallel to the all-ones vector, p = μ·1: every packed
// logit then moves by −η·μ per step and nothing else changes. The row sums of the logit
// gradient (docs/theory.md §3, C15/C19) give Σ_ij F_ij = 1 + β − α − Σ_ij c1_ij E[P_ij] for SC
// and 0 for InfoNCE, and Σ p = Σ F, so μ = Σ F/(m(m+1)/2): InfoNCE is truly stationary
// (μ = 0, at θ = log ρ + const, C17), SC on α − β = 1 drifts by the tiny −E[P]/(m(m+1)/2),
// and off the line by (1 + β − α − E[P])/(m(m+1)/2) per unit of learning rate (C24).
type FreeLogitFixedPoint struct {
	// Logits is θ*, in the gauge where the packed entries average to 0.
	Logits *mat.SymDense
	// Prob is E[P_ij] at θ*: the exactly batch-averaged positive-pair probability (softmax
	// with the positive included) of an anchor in state i whose positive is in state j,
	// which is what simulate measures for infonce and scinfonce.
	Prob *mat.Dense
	// Drift is μ, the common value of the packed field at θ*.
	Drift float64
	// Residual is max_k |p_k − μ| at θ*, the distance from exact quasi-stationarity.
	Residual float64
	// Iterations is the number of chord-Newton steps taken.
	Iterations int
	// Relaxation is λ_min, the smallest real part among the eigenvalues of the packed
	// field's (mean-field) Jacobian at θ* other than the zero of the common shift: near θ*
	// SGD of rate η relaxes every non-common mode at least as fast as e^{−ηλ_min t}, so
	// 1/(η·λ_min) steps is the slowest relaxation time.
	Relaxation float64
}

// ExactFreeLogitFixedPoint returns the fixed point of free-logit training with the named
// loss ("infonce" or "scinfonce", whose α and β are used) for n sources per batch on s,
// by chord-Newton iterations on the projected exact field p − mean(p)·1 with the gauge
// mean(packed θ) = 0. The Jacobian is that of the mean-field field
// (feature.SCPopulationPotential, by central differences), which differs from the exact
// one by O(1/N), so the iteration contracts by O(1/N) per step; it starts from packed
// log ρ. It returns an error for sizes enumerate refuses (m ≤ 4, moderate N), a pair with
// c1_ij = 0 (log ρ = −∞), or if the residual does not fall below ResidualTol·max c1.
func ExactFreeLogitFixedPoint(s *feature.Space, n int, lossName string, alpha, beta float64) (*FreeLogitFixedPoint, error) {
	if err := feature.CheckSCParams(alpha, beta); err != nil {
		return nil, err
	}
	ex, err := enumerate.New(s, n)
	if err != nil {
		return nil, err
	}
	m := s.Len()
	var field func(dst *mat.Dense, theta mat.Matrix)
	switch lossName {
	case loss.InfoNCE:
		field = func(dst *mat.Dense, theta mat.Matrix) { ex.InfoNCE(dst, theta) }
	case loss.SCInfoNCE:
		field = func(dst *mat.Dense, theta mat.Matrix) { ex.SCFieldTo(dst, theta, alpha, beta) }
	default:
		return nil, fmt.Errorf("proofs: free-logit fixed point of loss %q: want \"infonce\" or \"scinfonce\"", lossName)
	}
	rho := s.DensityRatio()
	c1 := s.PositiveJoint()
	var maxC1 float64
	k := m * (m + 1) / 2
	x := make([]float64, k)
	for i, idx := 0, 0; i < m; i++ {
		for j := i; j < m; j++ {
			if !(c1.At(i, j) > 0) {
				return nil, fmt.Errorf("proofs: c1[%d][%d] = %v: the free-logit fixed point has a logit at −∞", i, j, c1.At(i, j))
			}
			maxC1 = math.Max(maxC1, c1.At(i, j))
			x[idx] = fplog.Log(rho.At(i, j))
			idx++
		}
	}
	centre(x)
	theta := mat.NewSymDense(m, nil)
	full := mat.NewDense(m, m, nil)
	packedField := func(p, x []float64, f func(dst *mat.Dense, theta mat.Matrix)) {
		unpack(theta, x)
		f(full, theta)
		pack(p, full)
	}
	meanField := func(dst *mat.Dense, theta mat.Matrix) { s.SCPopulationPotential(dst, nil, theta, n, 1, 0) }
	jac := mat.NewDense(k, k, nil)
	fd.Jacobian(jac, func(p, x []float64) { packedField(p, x, meanField) }, x, &fd.JacobianSettings{Formula: fd.Central})
	// Augmented system [P·J; 1ᵀ] δ = [−P·r; −1ᵀx]: the projected field P(r + Jδ) = 0 with
	// P = I − 11ᵀ/k, and the gauge Σ x = 0.
	a := mat.NewDense(k+1, k, nil)
	centreColumnsTo(a.Slice(0, k, 0, k).(*mat.Dense), jac)
	for c := 0; c < k; c++ {
		a.Set(k, c, 1)
	}
	var qr mat.QR
	qr.Factorize(a)
	p := make([]float64, k)
	rhs := mat.NewVecDense(k+1, nil)
	var step mat.VecDense
	res := &FreeLogitFixedPoint{}
	best := math.Inf(1)
	bestX := append([]float64(nil), x...)
	stalls := 0
	for it := 0; it < maxFixedPointIter && stalls < 2; it++ {
		packedField(p, x, field)
		mu := mean(p)
		var r float64
		for _, v := range p {
			r = math.Max(r, math.Abs(v-mu))
		}
		if r < best {
			best, stalls = r, 0
			copy(bestX, x)
			res.Iterations = it
		} else {
			stalls++
		}
		if r == 0 {
			break
		}
		for i, v := range p {
			rhs.SetVec(i, -(v - mu))
		}
		rhs.SetVec(k, -sum(x))
		if err := qr.SolveVecTo(&step, false, rhs); err != nil {
			return nil, fmt.Errorf("proofs: free-logit fixed point: singular mean-field Jacobian: %w", err)
		}
		for i := range x {
			x[i] += step.AtVec(i)
		}
	}
	if !(best <= ResidualTol*maxC1) {
		return nil, fmt.Errorf("proofs: free-logit fixed point of %s (α = %v, β = %v, N = %d) not found: residual %.3g > %.3g after %d steps", lossName, alpha, beta, n, best, ResidualTol*maxC1, maxFixedPointIter)
	}
	packedField(p, bestX, field)
	fd.Jacobian(jac, func(p, x []float64) { packedField(p, x, meanField) }, bestX, &fd.JacobianSettings{Formula: fd.Central})
	lam, err := slowestRelaxation(jac)
	if err != nil {
		return nil, err
	}
	res.Relaxation = lam
	res.Logits = mat.NewSymDense(m, nil)
	unpack(res.Logits, bestX)
	res.Drift = mean(p)
	res.Residual = best
	res.Prob = ex.PositiveProbTo(nil, res.Logits)
	return res, nil
}

// centreColumnsTo sets dst to P·j, P = I − 11ᵀ/r the projection that removes the mean of
// each of the r entries of a column: dst_rc = j_rc − (1/r)Σ_r' j_r'c, so every column of dst
// sums to 0 (up to rounding). dst may be j. It panics if dst and j differ in shape.
func centreColumnsTo(dst *mat.Dense, j mat.Matrix) {
	r, c := j.Dims()
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(fmt.Sprintf("proofs: centreColumnsTo: dst is %d×%d, j is %d×%d", dr, dc, r, c))
	}
	for col := 0; col < c; col++ {
		var colMean float64
		for row := 0; row < r; row++ {
			colMean += j.At(row, col) / float64(r)
		}
		for row := 0; row < r; row++ {
			dst.Set(row, col, j.At(row, col)-colMean)
		}
	}
}

// slowestRelaxation returns the smallest real part of the eigenvalues of the packed
// Jacobian j after dropping the one nearest 0 (the common shift, j·1 = 0).
func slowestRelaxation(j *mat.Dense) (float64, error) {
	var eig mat.Eigen
	if !eig.Factorize(j, mat.EigenNone) {
		return 0, fmt.Errorf("proofs: eigenvalues of the free-logit Jacobian did not converge")
	}
	vals := eig.Values(nil)
	zero := 0
	for k, v := range vals {
		if cmplxAbs(v) < cmplxAbs(vals[zero]) {
			zero = k
		}
	}
	lam := math.Inf(1)
	for k, v := range vals {
		if k != zero {
			lam = math.Min(lam, real(v))
		}
	}
	return lam, nil
}

func cmplxAbs(v complex128) float64 { return math.Hypot(real(v), imag(v)) }

// ResidualTol is the largest accepted residual of ExactFreeLogitFixedPoint relative to
// max c1: the field is a sum of terms of size ≤ c1 computed with compensated sums to
// ~1e-15 relative (enumerate.GradientRoundingBound), and a residual r moves the
// probabilities by about r/λ relative, λ ≳ 1e-2·c1 the smallest curvature of the toy,
// so 1e-11 keeps them exact to 1e-9, far below any sampling error compared with them.
const ResidualTol = 1e-11

const maxFixedPointIter = 40

// pack writes the upper triangle packing of the training update of the full field f:
// p_ii = f_ii, p_ij = f_ij + f_ji (i < j), row by row (nn.FreeLogits layout).
func pack(p []float64, f mat.Matrix) {
	m, _ := f.Dims()
	idx := 0
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			v := f.At(i, j)
			if j != i {
				v += f.At(j, i)
			}
			p[idx] = v
			idx++
		}
	}
}

// unpack sets the symmetric t from its packed upper triangle x.
func unpack(t *mat.SymDense, x []float64) {
	m := t.SymmetricDim()
	idx := 0
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			t.SetSym(i, j, x[idx])
			idx++
		}
	}
}

// packSym returns the packed upper triangle of t.
func packSym(t mat.Symmetric) []float64 {
	m := t.SymmetricDim()
	x := make([]float64, 0, m*(m+1)/2)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			x = append(x, t.At(i, j))
		}
	}
	return x
}

func centre(x []float64) {
	mu := mean(x)
	for i := range x {
		x[i] -= mu
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func mean(x []float64) float64 { return sum(x) / float64(len(x)) }
