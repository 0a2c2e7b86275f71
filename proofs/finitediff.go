package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/nn"
)

// C30 (docs/theory.md §8): every hand-written gradient of the lab equals central finite
// differences of the value it differentiates (gonum diff/fd).
//
// Tolerance (Richardson). With D(h) the central difference of step h, D(h) = g + C h² +
// O(h⁴), so D(h) − D(h/2) = ¾C h² + O(h⁴) and D(h/2) − g = ¼C h² + O(h⁴): the truncation
// error of D(h/2) is a third of |D(h) − D(h/2)|, which is therefore used as its bound
// (a factor 3 for the O(h⁴) rest). Rounding: an evaluation of f is accurate to
// δ = (len(x) + 64)·u·(1 + |f(x)|) (a sum over the inputs plus a bounded number of
// further operations per term, Higham §3.1), so D(h/2) carries ≤ 2δ/h and the difference
// D(h) − D(h/2) ≤ 3δ/h of rounding: tol = |D(h) − D(h/2)| + 5δ/h per coordinate. A wrong
// gradient term is off by O(|g|), many orders above this.

// FDStep is the larger step h of the finite differences (the smaller is h/2).
const FDStep = 1e-4

// GradientCase is one hand-written gradient of the lab: Draw returns, for inputs drawn
// from seed, the scalar function f, the point x, the hand-written gradient of f at x,
// and an extra absolute allowance per entry (non-zero only where the gradient is known
// only to a stated tolerance, e.g. a numerical optimum).
type GradientCase struct {
	Name string
	Draw func(seed uint64) (f func([]float64) float64, x, grad []float64, extra float64, err error)
}

// CheckC30Gradient checks the gradient of c on the inputs drawn from seed.
func CheckC30Gradient(c GradientCase, seed uint64) error {
	f, x, grad, extra, err := c.Draw(seed)
	if err != nil {
		return fmt.Errorf("C30: %s: %w", c.Name, err)
	}
	return checkFiniteDifferences(c.Name, f, x, grad, extra)
}

// checkFiniteDifferences compares grad with the Richardson-checked central differences
// of f at x (package comment).
func checkFiniteDifferences(name string, f func([]float64) float64, x, grad []float64, extra float64) error {
	if len(grad) != len(x) {
		return fmt.Errorf("C30: %s: gradient of length %d for %d inputs", name, len(grad), len(x))
	}
	fx := f(append([]float64(nil), x...))
	delta := float64(len(x)+64) * unitRoundoff * (1 + math.Abs(fx))
	wide := fd.Gradient(nil, f, x, &fd.Settings{Formula: fd.Central, Step: FDStep})
	narrow := fd.Gradient(nil, f, x, &fd.Settings{Formula: fd.Central, Step: FDStep / 2})
	for k := range x {
		tol := math.Abs(wide[k]-narrow[k]) + 5*delta/FDStep + extra
		if !equalAbs(grad[k], narrow[k], tol) {
			return &Violation{Claim: "C30", Quantity: name + " gradient vs central differences", Entry: atRow(k), Got: grad[k], Relation: "=", Want: narrow[k], Tol: tol,
				Detail: fmt.Sprintf("D(h) = %.12g, D(h/2) = %.12g, h = %g", wide[k], narrow[k], FDStep)}
		}
	}
	return nil
}

// GradientCases returns every hand-written gradient C30 checks: the losses' embedding
// gradients (and the SC update fields through the normalisation), their logit and count
// gradients, the three models' backpropagation, the population objectives of package
// feature, the exact expected loss of package enumerate, and the unit-embedding optimum
// of feature/optimum (whose gradient, hand-written and unexported, drove its search: at
// the reported optimum the finite-difference gradient must vanish to its GradNorm).
func GradientCases() []GradientCase {
	var cs []GradientCase
	for _, name := range []string{loss.InfoNCE, loss.NTXent, loss.DCL, loss.DHEL, loss.Spectral} {
		cs = append(cs, GradientCase{"loss " + name + " ∂L/∂z", lossEmbeddingCase(name)})
	}
	for _, name := range []string{loss.SCInfoNCE, loss.SCInfoNCEDecoupled} {
		cs = append(cs, GradientCase{"loss " + name + " field Jᵀ·G through the normalisation", scFieldCase(name)})
	}
	for _, name := range []string{loss.InfoNCE, loss.NTXent, loss.DCL, loss.Spectral} {
		cs = append(cs, GradientCase{"loss " + name + " ∂L/∂S (EvalLogits)", logitLossCase(name)})
	}
	for _, name := range []string{loss.InfoNCE, loss.NTXent, loss.DCL} {
		cs = append(cs, GradientCase{"loss " + name + " ∂L/∂θ (EvalCounts)", countLossCase(name)})
	}
	cs = append(cs,
		GradientCase{"nn FreeLogits BackwardLogits", freeLogitsCase},
		GradientCase{"nn Embedding Backward", embeddingCase},
		GradientCase{"nn MLP Backward", mlpCase},
		GradientCase{"feature InfoNCEPopulationLoss", populationCase(false)},
		GradientCase{"feature SCPopulationPotential", populationCase(true)},
		GradientCase{"enumerate Exact.InfoNCE", exactLossCase},
		GradientCase{"optimum InfoNCE stationary at its optimum", optimumCase},
	)
	return cs
}

func caseRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, specStream+30)) }

func randMatrix(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	d := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d.Set(i, j, scale*rng.NormFloat64())
		}
	}
	return d
}

// logUniform draws from [lo, hi] log-uniformly.
// scParams draws a finite-difference case's SC-InfoNCE α and β, in this order: α uniform
// on [−1, 3) and β uniform on [−1, 2), so both signs of each and both sides of the
// collapse condition α ρ ≥ 1 + β occur.
func scParams(rng *rand.Rand) (alpha, beta float64) {
	alpha = -1 + 4*rng.Float64()
	beta = -1 + 3*rng.Float64()
	return alpha, beta
}

func logUniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(rng.Float64()*fplog.Log(hi/lo))
}

func flat(ms ...*mat.Dense) []float64 {
	var x []float64
	for _, m := range ms {
		x = append(x, m.RawMatrix().Data...)
	}
	return x
}

func lossEmbeddingCase(name string) func(uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	return func(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
		rng := caseRand(seed)
		n, d := 2+rng.IntN(4), 1+rng.IntN(4)
		tau := logUniform(rng, 0.2, 2)
		l, err := loss.New(name, loss.Params{Tau: tau, Alpha: 1})
		if err != nil {
			return nil, nil, nil, 0, err
		}
		z1, z2 := randMatrix(rng, n, d, 1), randMatrix(rng, n, d, 1)
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		l.Eval(z1, z2, g1, g2)
		f := func(x []float64) float64 {
			return l.Eval(mat.NewDense(n, d, x[:n*d]), mat.NewDense(n, d, x[n*d:]), nil, nil)
		}
		return f, flat(z1, z2), flat(g1, g2), 0, nil
	}
}

// cosineLogitMatrix returns S_ab = cos(a_a, b_b)/τ, computed here independently.
func cosineLogitMatrix(a, b *mat.Dense, tau float64) *mat.Dense {
	ra, d := a.Dims()
	rb, _ := b.Dims()
	s := mat.NewDense(ra, rb, nil)
	for i := 0; i < ra; i++ {
		for j := 0; j < rb; j++ {
			var dot, na, nb float64
			for k := 0; k < d; k++ {
				x, y := a.At(i, k), b.At(j, k)
				dot, na, nb = dot+x*y, na+x*x, nb+y*y
			}
			s.Set(i, j, dot/math.Sqrt(na*nb)/tau)
		}
	}
	return s
}

// scFieldCase: the SC losses' Eval writes the update field with the stop-gradient weight
// frozen, which is the exact gradient of the linear function Σ_ab G_ab·S_ab(z) with G the
// logit field of EvalLogits (C18/C19-checked) frozen at z.
func scFieldCase(name string) func(uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	return func(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
		rng := caseRand(seed)
		n, d := 2+rng.IntN(4), 1+rng.IntN(4)
		tau := logUniform(rng, 0.2, 2)
		alpha, beta := scParams(rng)
		p := loss.Params{Tau: tau, Alpha: alpha, Beta: beta}
		l, err := loss.New(name, p)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		z1, z2 := randMatrix(rng, n, d, 1), randMatrix(rng, n, d, 1)
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		l.Eval(z1, z2, g1, g2)
		G := mat.NewDense(n, n, nil)
		l.(loss.LogitLoss).EvalLogits(cosineLogitMatrix(z1, z2, tau), G)
		f := func(x []float64) float64 {
			var e mat.Dense
			e.MulElem(G, cosineLogitMatrix(mat.NewDense(n, d, x[:n*d]), mat.NewDense(n, d, x[n*d:]), tau))
			return mat.Sum(&e)
		}
		return f, flat(z1, z2), flat(g1, g2), 0, nil
	}
}

func logitLossCase(name string) func(uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	return func(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
		rng := caseRand(seed)
		l, err := loss.New(name, loss.Params{Tau: 1, Alpha: 1})
		if err != nil {
			return nil, nil, nil, 0, err
		}
		ll := l.(loss.LogitLoss)
		side := ll.LogitSize(2 + rng.IntN(4))
		s := randMatrix(rng, side, side, logUniform(rng, 0.1, 5))
		g := mat.NewDense(side, side, nil)
		ll.EvalLogits(s, g)
		f := func(x []float64) float64 { return ll.EvalLogits(mat.NewDense(side, side, x), nil) }
		return f, flat(s), flat(g), 0, nil
	}
}

func countLossCase(name string) func(uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	return func(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
		rng := caseRand(seed)
		l, err := loss.New(name, loss.Params{Tau: 1, Alpha: 1})
		if err != nil {
			return nil, nil, nil, 0, err
		}
		cl, ok := l.(loss.CountLoss)
		if !ok {
			return nil, nil, nil, 0, fmt.Errorf("loss %s has no count form", name)
		}
		m, n := 2+rng.IntN(3), 2+rng.IntN(30)
		v1, v2 := make([]int, n), make([]int, n)
		for a := range v1 {
			v1[a], v2[a] = rng.IntN(m), rng.IntN(m)
		}
		var c loss.Counts
		cl.CountsOf(&c, m, v1, v2)
		theta := randMatrix(rng, m, m, logUniform(rng, 0.1, 5))
		g := mat.NewDense(m, m, nil)
		cl.EvalCounts(theta, &c, g)
		f := func(x []float64) float64 { return cl.EvalCounts(mat.NewDense(m, m, x), &c, nil) }
		return f, flat(theta), flat(g), 0, nil
	}
}

// weightedSum is Σ W∘out, whose gradient with respect to out is W.
func weightedSum(w, out *mat.Dense) float64 {
	var e mat.Dense
	e.MulElem(w, out)
	return mat.Sum(&e)
}

func freeLogitsCase(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	rng := caseRand(seed)
	m := 2 + rng.IntN(4)
	fl, err := nn.NewFreeLogits(m, 0)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	for k := range fl.Params() {
		fl.Params()[k] = rng.NormFloat64()
	}
	rows, cols := make([]int, 2+rng.IntN(6)), make([]int, 2+rng.IntN(6))
	for a := range rows {
		rows[a] = rng.IntN(m)
	}
	for b := range cols {
		cols[b] = rng.IntN(m)
	}
	w := randMatrix(rng, len(rows), len(cols), 1)
	x := append([]float64(nil), fl.Params()...)
	fl.ZeroGrad()
	fl.BackwardLogits(w, rows, cols)
	grad := append([]float64(nil), fl.Grad()...)
	f := func(p []float64) float64 {
		copy(fl.Params(), p)
		return weightedSum(w, fl.LogitsTo(nil, rows, cols))
	}
	return f, x, grad, 0, nil
}

func embeddingCase(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	rng := caseRand(seed)
	m, d := 2+rng.IntN(4), 1+rng.IntN(5)
	e, err := nn.NewEmbedding(m, d, rng)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	states := make([]int, 2+rng.IntN(8))
	for a := range states {
		states[a] = rng.IntN(m)
	}
	w := randMatrix(rng, len(states), d, 1)
	out := mat.NewDense(len(states), d, nil)
	x := append([]float64(nil), e.Params()...)
	e.Forward(out, states, nil)
	e.ZeroGrad()
	e.Backward(w)
	grad := append([]float64(nil), e.Grad()...)
	f := func(p []float64) float64 {
		copy(e.Params(), p)
		e.Forward(out, states, nil)
		return weightedSum(w, out)
	}
	return f, x, grad, 0, nil
}

// mlpCase draws an MLP and inputs whose ReLU pre-activations all stay at least
// 1e-2 away from 0, so that a parameter step of FDStep (which moves a pre-activation by
// at most h·max|activation| ≲ 1e-3) never crosses a kink, where the function is not
// differentiable; draws that come closer are redrawn (deterministically).
func mlpCase(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	rng := caseRand(seed)
	for try := 0; try < 100; try++ {
		widths := []int{1 + rng.IntN(4), 1 + rng.IntN(5), 1 + rng.IntN(5), 1 + rng.IntN(4)}
		net, err := nn.NewMLP(widths, rng)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		rows := 1 + rng.IntN(6)
		in := randMatrix(rng, rows, widths[0], 1)
		if minPreActivation(net, in) < 1e-2 {
			continue
		}
		w := randMatrix(rng, rows, net.OutDim(), 1)
		out := mat.NewDense(rows, net.OutDim(), nil)
		x := append([]float64(nil), net.Params()...)
		net.Forward(out, nil, in)
		net.ZeroGrad()
		net.Backward(w)
		grad := append([]float64(nil), net.Grad()...)
		f := func(p []float64) float64 {
			copy(net.Params(), p)
			net.Forward(out, nil, in)
			return weightedSum(w, out)
		}
		return f, x, grad, 0, nil
	}
	return nil, nil, nil, 0, fmt.Errorf("no MLP draw with pre-activations away from the ReLU kink in 100 tries")
}

// minPreActivation returns the smallest |pre-activation| of the hidden ReLU layers of net
// on the rows of x, recomputed here from its weights (h ↦ hW + b).
func minPreActivation(net *nn.MLP, x *mat.Dense) float64 {
	h := mat.DenseCopyOf(x)
	widths := net.Widths()
	mn := math.Inf(1)
	for l := 1; l < len(widths); l++ { // layers are numbered 1 … L
		var pre mat.Dense
		pre.Mul(h, net.Weight(l))
		r, c := pre.Dims()
		b := net.Bias(l)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := pre.At(i, j) + b[j]
				if l < len(widths)-1 { // hidden layer: ReLU
					mn = math.Min(mn, math.Abs(v))
					v = math.Max(v, 0)
				}
				pre.Set(i, j, v)
			}
		}
		h = &pre
	}
	return mn
}

// randomSpace builds a generated space with m states in [2, maxM] from seed.
func randomSpace(rng *rand.Rand, maxM int) (*feature.Space, error) {
	kinds := []Kind{KindDirichlet, KindNearIdentity, KindBlock}
	sp := Spec{M: 2 + rng.IntN(maxM-1), Seed: rng.Uint64(), Kind: kinds[rng.IntN(len(kinds))], Source: SourceDirichlet}
	return sp.Build()
}

func populationCase(sc bool) func(uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	return func(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
		rng := caseRand(seed)
		s, err := randomSpace(rng, 6)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		m := s.Len()
		n := 2 + rng.IntN(1000)
		alpha, beta := scParams(rng)
		logits := randMatrix(rng, m, m, logUniform(rng, 0.1, 5))
		g := mat.NewDense(m, m, nil)
		obj := func(grad *mat.Dense, l mat.Matrix) float64 {
			if sc {
				return s.SCPopulationPotential(grad, nil, l, n, alpha, beta)
			}
			return s.InfoNCEPopulationLoss(grad, nil, l, n)
		}
		obj(g, logits)
		f := func(x []float64) float64 { return obj(nil, mat.NewDense(m, m, x)) }
		return f, flat(logits), flat(g), 0, nil
	}
}

func exactLossCase(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	rng := caseRand(seed)
	s, err := randomSpace(rng, 4)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	m := s.Len()
	ex, err := enumerate.New(s, 2+rng.IntN(12))
	if err != nil {
		return nil, nil, nil, 0, err
	}
	logits := randMatrix(rng, m, m, logUniform(rng, 0.1, 3))
	g := mat.NewDense(m, m, nil)
	ex.InfoNCE(g, logits)
	f := func(x []float64) float64 { return ex.InfoNCE(nil, mat.NewDense(m, m, x)) }
	return f, flat(logits), flat(g), 0, nil
}

// optimumCase: feature/optimum minimises f(x) = L(s(x)), s_ij = u_i·u_j/τ, u_i =
// x_i/‖x_i‖, with its own chain-rule gradient. At the returned unit embeddings the true
// gradient ∂f/∂x_i = (I − u_i u_iᵀ)∂f/∂u_i (‖x_i‖ = 1) must vanish to the reported
// GradNorm/τ per entry (GradNorm is per unit of logit): the "hand-written gradient" is 0
// with that allowance. A wrong gradient would have stopped the search elsewhere.
func optimumCase(seed uint64) (func([]float64) float64, []float64, []float64, float64, error) {
	rng := caseRand(seed)
	s, err := randomSpace(rng, 4)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	m := s.Len()
	tau := logUniform(rng, 0.5, 2)
	n := 2 + rng.IntN(1000)
	res, err := optimum.InfoNCE(s, optimum.Options{Dim: m + 1, Tau: tau, N: n, Seed: rng.Uint64()})
	if err != nil {
		return nil, nil, nil, 0, err
	}
	d := m + 1
	f := func(x []float64) float64 {
		u := mat.NewDense(m, d, nil)
		for i := 0; i < m; i++ {
			var r float64
			for k := 0; k < d; k++ {
				r += x[i*d+k] * x[i*d+k]
			}
			r = math.Sqrt(r)
			for k := 0; k < d; k++ {
				u.Set(i, k, x[i*d+k]/r)
			}
		}
		var logits mat.Dense
		logits.Mul(u, u.T())
		logits.Scale(1/tau, &logits)
		return s.InfoNCEPopulationLoss(nil, nil, &logits, n)
	}
	x := flat(res.Embeddings)
	return f, x, make([]float64, len(x)), res.GradNorm / tau, nil
}
