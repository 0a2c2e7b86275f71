package proofs

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// spectralClaims are the claims on large sparse feature spaces and the spectral optimum
// (docs/theory.md §8, "Large sparse spaces"; §11): C31.
var spectralClaims = []Entry{
	{ID: "C31", Statement: "the lab's spectral loss trained on free embeddings reaches the spectral optimum: the top eigenpairs of D^{-1/2} c1 D^{-1/2} (feature.SparseSpace.Spectral), loss −Σλ²", Routes: []Route{RouteClosedForm, RouteTraining}, Run: runC31},
}

// C31's spaces: the lazy walk (stay 1/2) on an m-cycle with uniform π. Then q is uniform,
// c1 = A²/m and M = D^{-1/2} c1 D^{-1/2} = A², whose eigenvalues are the squared
// eigenvalues (1 + cos 2πj/m)/2 of A: λ_j = cos⁴(πj/m), j = 0 … ⌊m/2⌋, each j ≠ 0, m/2
// twice. c31TrainStates is the space trained on (small enough that every state pair is
// measured; Spectral diagonalises the dense M there), c31LanczosStates one on which
// Spectral runs its restarted Lanczos iteration (m ≥ its basis + block).
const (
	c31TrainStates   = 16
	c31LanczosStates = 101
	c31Dim           = 3 // the constant eigenvector and the first Fourier pair
	c31Replicates    = 4
)

// The quantities of C31's training checks.
const (
	c31LossTag = "spectral loss of the trained Gram matrix (cosine/τ by state pair) vs the optimum −Σ_{t<3} λ_t²"
	c31GramTag = "max_ij |G_ij − G*_ij|, G the trained Gram matrix (cosine/τ), G* the optimum's"
)

// c31Spectral are Spectral's options: block 2 (the cycle's eigenvalues come in pairs) and
// the residual tolerance of the closed-form check.
var c31Spectral = feature.SpectralOptions{Block: 2, Tol: 1e-10}

// c31Space returns the lazy walk on an m-cycle with uniform π, sparse and dense.
func c31Space(m int) (*feature.SparseSpace, *feature.Space, error) {
	edges := make([]markov.Edge, m)
	for i := range edges {
		edges[i] = markov.Edge{U: i, V: (i + 1) % m}
	}
	a, err := markov.LazyWalk(m, edges, 0.5)
	if err != nil {
		return nil, nil, err
	}
	pi := make([]float64, m)
	for i := range pi {
		pi[i] = 1 / float64(m)
	}
	sp, err := feature.NewSparseSpace(pi, a)
	if err != nil {
		return nil, nil, err
	}
	dense, err := feature.NewSpace(pi, a.Dense())
	if err != nil {
		return nil, nil, err
	}
	return sp, dense, nil
}

// cycleSpectrum returns the top k eigenvalues of M = A² for the lazy walk on an m-cycle,
// descending: 1, then cos⁴(πj/m) twice for j = 1, 2, ….
func cycleSpectrum(m, k int) []float64 {
	out := []float64{1}
	for j := 1; len(out) < k; j++ {
		l := math.Pow(math.Cos(math.Pi*float64(j)/float64(m)), 4)
		out = append(out, l)
		if 2*j != m {
			out = append(out, l)
		}
	}
	return out[:k]
}

// c31SpectrumCheck compares Spectral's top k eigenpairs on the m-cycle with the closed
// form: Err = max over pairs of |θ − λ| and of the residual ‖Mv − θv‖ with M formed
// densely from feature.Space's c1 (independently of the sparse operator). A Ritz pair with
// residual r is within r of an eigenvalue of the symmetric M; Spectral stops at
// r ≤ Tol·|θ| (θ ≤ 1), and the dense M differs from the exact one by ≤ relTol(m)·‖M‖_F ≤
// relTol(m)·√m, which bounds both the residual's and the closed form's rounding.
func c31SpectrumCheck(m, k int) (Check, error) {
	sp, dense, err := c31Space(m)
	if err != nil {
		return Check{}, err
	}
	vals, vecs, _, err := sp.SpectralWith(k, c31Spectral)
	if err != nil {
		return Check{}, err
	}
	return spectrumCheck(dense, vals, vecs), nil
}

// spectrumCheck is c31SpectrumCheck on the eigenpairs (vals, vecs) under test, for the
// cycle's dense space.
func spectrumCheck(dense *feature.Space, vals []float64, vecs mat.Matrix) Check {
	m, k := dense.Len(), len(vals)
	want := cycleSpectrum(m, k)
	q := dense.ViewMarginal()
	c1 := dense.PositiveJoint()
	mm := mat.NewDense(m, m, nil)
	mm.Apply(func(i, j int, v float64) float64 { return v / math.Sqrt(q[i]*q[j]) }, c1)
	c := Check{Route: RouteClosedForm, Err: math.Inf(-1),
		Quantity: fmt.Sprintf("lazy walk on a %d-cycle: max_t of |θ_t − cos⁴(πj/m)| and ‖Mv_t − θ_t v_t‖ over the top %d eigenpairs of feature.SparseSpace.Spectral", m, k),
		Tol:      c31Spectral.Tol + relTol(m)*math.Sqrt(float64(m)),
		Origin:   fmt.Sprintf("Spectral's residual bound ‖Mv − θv‖ ≤ Tol·|θ| (Tol = %g), which bounds |θ − λ| for symmetric M, plus relTol(m)·√m for forming M densely", c31Spectral.Tol)}
	r := mat.NewVecDense(m, nil)
	for t := 0; t < k; t++ {
		v := mat.NewVecDense(m, mat.Col(nil, t, vecs))
		r.MulVec(mm, v)
		r.AddScaledVec(r, -vals[t], v)
		res := mat.Norm(r, 2)
		for _, e := range []struct {
			what            string
			pred, got, diff float64
		}{{"eigenvalue", want[t], vals[t], math.Abs(vals[t] - want[t])}, {"residual", 0, res, res}} {
			if e.diff > c.Err || math.IsNaN(e.diff) {
				c.Entry, c.Predicted, c.Measured, c.Err = fmt.Sprintf("%s %d", e.what, t), e.pred, e.got, e.diff
				if math.IsNaN(e.diff) {
					c.Err = math.Inf(1)
				}
			}
		}
	}
	return c
}

// c31Optimum is the spectral optimum on a space: the top eigenvalues and the optimal
// Gram matrix G*_ij = Σ_{t<d} λ_t v_ti v_tj/√(q_i q_j) of free d-dimensional embeddings, and
// the Gram matrix of the nearest other stationary point (eigenvector d instead of d−1).
type c31Optimum struct {
	vals       []float64
	gram, alt  *mat.Dense
	loss, next float64 // −Σ_{t<d} λ_t², and the loss at alt
}

// c31OptimumOf computes the spectral optimum of free d-dimensional embeddings on the
// m-cycle (docs/theory.md §11: minimum −Σλ², Eckart–Young).
func c31OptimumOf(sp *feature.SparseSpace, q []float64, d int) (*c31Optimum, error) {
	vals, vecs, _, err := sp.SpectralWith(d+1, c31Spectral)
	if err != nil {
		return nil, err
	}
	m := len(q)
	o := &c31Optimum{vals: vals, gram: mat.NewDense(m, m, nil), alt: mat.NewDense(m, m, nil)}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			var g float64
			for t := 0; t < d; t++ {
				g += vals[t] * vecs.At(i, t) * vecs.At(j, t)
			}
			s := math.Sqrt(q[i] * q[j])
			o.gram.Set(i, j, g/s)
			o.alt.Set(i, j, (g-vals[d-1]*vecs.At(i, d-1)*vecs.At(j, d-1)+vals[d]*vecs.At(i, d)*vecs.At(j, d))/s)
		}
	}
	for t := 0; t < d; t++ {
		o.loss -= vals[t] * vals[t]
	}
	o.next = o.loss + vals[d-1]*vals[d-1] - vals[d]*vals[d]
	return o, nil
}

// spectralPopulationLoss is the expectation of the spectral loss over batches at Gram
// matrix g: −2 Σ_ij c1_ij g_ij + Σ_ij q_i q_j g_ij².
func spectralPopulationLoss(s *feature.Space, g mat.Matrix) float64 {
	c1 := s.PositiveJoint()
	q := s.ViewMarginal()
	var l float64
	for i := range q {
		for j := range q {
			l += -2*c1.At(i, j)*g.At(i, j) + q[i]*q[j]*g.At(i, j)*g.At(i, j)
		}
	}
	return l
}

// c31TrainConfig trains free 3-dimensional embeddings of the 16-cycle with the spectral
// loss. The loss normalises embeddings to norm 1/√τ; the optimum's rows have
// ‖f_i‖² = G*_ii = λ_0 + 2λ_1 for every state (uniform q, the Fourier pair), so at
// τ = 1/(λ_0 + 2λ_1) the norm constraint is inactive and the constrained optimum is the
// unconstrained one. Adam at lr 1e-2 for 3000 steps with the Polyak mean after step 2000;
// N = 256, so a batch misses a given state with probability (15/16)²⁵⁶ ≈ 7e-8 and
// every state pair is measured.
func c31TrainConfig(s *feature.Space, tau float64, seed uint64) simulate.Config {
	return simulate.Config{
		Space:       s,
		N:           256,
		Loss:        "spectral",
		Params:      simulate.LossParams{Tau: tau},
		Model:       simulate.ModelConfig{Kind: simulate.ModelEmbedding, Dim: c31Dim},
		Opt:         adamConstant,
		Steps:       3000,
		RecordEvery: 3000,
		Seed:        seed,
		EvalBatches: 4,
		AverageFrom: 2000,
	}
}

func runC31(rc RunConfig) Outcome {
	o := Outcome{ID: "C31"}
	for _, mk := range [][2]int{{c31TrainStates, c31Dim + 1}, {c31LanczosStates, 5}} {
		c, err := c31SpectrumCheck(mk[0], mk[1])
		if err != nil {
			o.fail(err)
			return o
		}
		o.add(c)
	}
	sp, dense, err := c31Space(c31TrainStates)
	if err != nil {
		o.fail(err)
		return o
	}
	q := dense.ViewMarginal()
	opt, err := c31OptimumOf(sp, q, c31Dim)
	if err != nil {
		o.fail(err)
		return o
	}
	if rc.Quick {
		o.add(skipped(RouteTraining, c31LossTag), skipped(RouteTraining, c31GramTag))
		return o
	}
	tau := 1 / (opt.vals[0] + 2*opt.vals[1])
	cfg := c31TrainConfig(dense, tau, DeriveSeed(rc.Seed, "C31/train"))
	runs, err := simulate.Replicates(context.Background(), cfg, c31Replicates, 0, nil)
	if err != nil {
		o.fail(err)
		return o
	}
	grams := make([]*mat.Dense, len(runs))
	for k, r := range runs {
		grams[k] = mat.NewDense(c31TrainStates, c31TrainStates, nil)
		grams[k].Scale(1/tau, r.Geometry.ConverTarget) // unit embeddings: the mean cosine by state pair
	}
	worstLoss, worstGram := c31TrainingChecks(dense, opt, grams)
	worstLoss.Note = fmt.Sprintf("τ = 1/(λ_0 + 2λ_1) = %.6f; λ = %.6f; L ≥ L* always (L* the minimum), so the error is the loss gap", tau, opt.vals)
	worstGram.Note = fmt.Sprintf("%d runs of %d Adam steps, Polyak mean after step %d", len(runs), cfg.Steps, cfg.AverageFrom)
	o.add(worstLoss, worstGram)
	return o
}

// c31TrainingChecks compares the trained Gram matrices grams (one per run) with the
// optimum opt on the dense space: the worst run's population loss against −Σλ², within a
// tenth of the loss gap to the nearest other stationary point, and the worst run's
// max_ij |G_ij − G*_ij|, within a quarter of that point's distance from G*.
func c31TrainingChecks(dense *feature.Space, opt *c31Optimum, grams []*mat.Dense) (worstLoss, worstGram Check) {
	worstLoss = Check{Route: RouteTraining, Predicted: opt.loss, Err: math.Inf(-1), Tol: 0.1 * (opt.next - opt.loss),
		Quantity: c31LossTag + fmt.Sprintf(" (worst of %d runs)", len(grams)),
		Origin:   "a tenth of the loss gap λ_2² − λ_3² between the optimum and the nearest other stationary point (eigenvector 3 for 2)"}
	altGap := maxAbsDiff(opt.alt, opt.gram)
	worstGram = Check{Route: RouteTraining, Predicted: 0, Err: math.Inf(-1), Tol: altGap / 4,
		Quantity: c31GramTag + fmt.Sprintf(" (worst of %d runs)", len(grams)),
		Origin:   fmt.Sprintf("a quarter of the distance %.3g from G* to the nearest other stationary point's Gram matrix", altGap)}
	for k, g := range grams {
		l := spectralPopulationLoss(dense, g)
		if d := math.Abs(l - opt.loss); d > worstLoss.Err || math.IsNaN(d) {
			worstLoss.Entry, worstLoss.Measured, worstLoss.Err = fmt.Sprintf("run %d", k), l, d
		}
		if d := maxAbsDiff(g, opt.gram); d > worstGram.Err || math.IsNaN(d) {
			worstGram.Entry, worstGram.Measured, worstGram.Err = fmt.Sprintf("run %d", k), d, d
		}
	}
	for _, c := range []*Check{&worstLoss, &worstGram} {
		if math.IsNaN(c.Err) {
			c.Err = math.Inf(1)
		}
	}
	return worstLoss, worstGram
}

// maxAbsDiff returns max_ij |a_ij − b_ij|, NaN if any difference is NaN.
func maxAbsDiff(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	var mx float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d := math.Abs(a.At(i, j) - b.At(i, j))
			if math.IsNaN(d) {
				return d
			}
			mx = math.Max(mx, d)
		}
	}
	return mx
}
