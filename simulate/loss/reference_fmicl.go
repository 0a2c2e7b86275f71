package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// RefFMICL is loss type 7 of the reference code, f-MICL with the Jensen–Shannon f
// (class defaults σ = 1, weight 1.5, ε = 1e-8; τ, α, β unused). On unit vectors,
//
//	g(x, y) = exp(−|x − y|²/(2σ²)),  f'(g) = log 2 + log(g + ε) − log(1 + g),
//	f*(s) = −log(2 − eˢ),
//	L = −mean_a f'(g(u1_a, u2_a)) + Weight·mean_{a≠b} f*(f'(g(u1_a, u1_b))),
//
// the negatives within view 1 only. Gradient by the chain rule:
// d f'/dg = 1/(g + ε) − 1/(1 + g), d f*/ds = eˢ/(2 − eˢ), dg/du_a = −g (u_a − u_b)/σ²
// (and +g (u_a − u_b)/σ² for u_b).
type RefFMICL struct {
	Sigma, Weight, Eps float64 // kernel width σ, weight of the negative term, ε
	Workers            int     // goroutines (≤ 0: every processor, chunks.Workers)

	u1, u2, n1, n2, du1, du2, neg []float64
}

// NewRefFMICL returns RefFMICL with the reference's class defaults σ = 1, weight 1.5,
// ε = 1e-8.
func NewRefFMICL(workers int) *RefFMICL {
	return &RefFMICL{Sigma: 1, Weight: 1.5, Eps: 1e-8, Workers: workers}
}

// Name returns "ref-fmicl-js".
func (l *RefFMICL) Name() string { return RefFMICLName }

func (l *RefFMICL) fprime(g float64) float64 {
	return math.Ln2 + math.Log(g+l.Eps) - math.Log(1+g)
}

func (l *RefFMICL) fprime2(g float64) float64 { return 1/(g+l.Eps) - 1/(1+g) }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefFMICL) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := refCheckViews(l.Name(), z1, z2)
	l.u1, l.u2 = refScratch(l.u1, n*d), refScratch(l.u2, n*d)
	l.n1, l.n2, l.neg = refScratch(l.n1, n), refScratch(l.n2, n), refScratch(l.neg, n)
	l.du1, l.du2 = refScratch(l.du1, n*d), refScratch(l.du2, n*d)
	clear(l.du1)
	clear(l.du2)
	refUnit(l.u1, l.n1, z1)
	refUnit(l.u2, l.n2, z2)
	grad := g1 != nil || g2 != nil
	nf := float64(n)
	s2 := l.Sigma * l.Sigma
	pos := 0.0
	for a := range n {
		x, y := l.u1[a*d:(a+1)*d], l.u2[a*d:(a+1)*d]
		g := math.Exp(-refSqDist(x, y) / (2 * s2))
		pos += l.fprime(g)
		if grad {
			// ∂(−f'(g)/N)/∂u1_a = −f''(g)/N · (−g (u1_a − u2_a)/σ²).
			c := l.fprime2(g) * g / (s2 * nf)
			for k := range x {
				l.du1[a*d+k] += c * (x[k] - y[k])
				l.du2[a*d+k] -= c * (x[k] - y[k])
			}
		}
	}
	w := l.Weight / (nf * (nf - 1))
	// F(g) = f*(f'(g)) with g = exp(−sq/(2σ²)): dF/dsq = eˢ/(2 − eˢ)·f''(g)·(−g/(2σ²)).
	neg := func(sq float64) (float64, float64) {
		g := math.Exp(-sq / (2 * s2))
		es := math.Exp(l.fprime(g))
		return -math.Log(2 - es), es / (2 - es) * l.fprime2(g) * (-g / (2 * s2))
	}
	var du1 []float64
	if grad {
		du1 = l.du1
	}
	// Pairs (a, b) and (b, a) both hold u_a: ∂/∂u_a = 2w·Σ_b dF/dsq·2(u_a − u_b).
	refPairSums(l.neg, du1, l.u1, n, d, 4*w, neg, chunks.Workers(l.Workers))
	negSum := 0.0
	for _, v := range l.neg {
		negSum += v
	}
	loss := -pos/nf + w*negSum
	refUnitBack(g1, l.du1, l.u1, l.n1)
	refUnitBack(g2, l.du2, l.u2, l.n2)
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefFMICL) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefFMICL) Decoupled() bool { return false }

// Target returns an error: an f-divergence bound, not a softmax over candidates.
func (l *RefFMICL) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
