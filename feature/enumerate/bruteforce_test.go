package enumerate

import (
	"fmt"
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// bruteResult holds brute-force expectations over every ordered tuple of candidate
// states, with the sums of absolute terms that bound their rounding.
type bruteResult struct {
	loss, lossMag                  float64
	grad, pos, sc, dec             *mat.Dense
	gradMag, posMag, scMag, decMag *mat.Dense
	terms                          int // terms summed into one entry, at most
}

// bruteForce enumerates the anchor state i, the positive's state j (weight c1_ij) and
// every ordered tuple (c_1, …, c_{N−1}) of negative states (weight Π q_{c_l}), and
// evaluates the per-anchor loss, its logit gradient and the SC update rows of
// docs/theory.md §3 directly on the N candidate logits (positive first), accumulating every
// per-logit derivative on its state pair.
func bruteForce(s *feature.Space, n int, logits mat.Matrix, alpha, beta float64) bruteResult {
	m := s.Len()
	q := s.ViewMarginal()
	c1 := s.PositiveJoint()
	r := bruteResult{}
	for _, p := range []**mat.Dense{&r.grad, &r.pos, &r.sc, &r.dec, &r.gradMag, &r.posMag, &r.scMag, &r.decMag} {
		*p = mat.NewDense(m, m, nil)
	}
	add := func(d, mag *mat.Dense, i, j int, v float64) {
		d.Set(i, j, d.At(i, j)+v)
		mag.Set(i, j, mag.At(i, j)+math.Abs(v))
	}
	k := n - 1
	tuple := make([]int, k)
	z := make([]float64, n)
	pr := make([]float64, n)
	total := int(math.Pow(float64(m), float64(k)))
	r.terms = m * total
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			for t := 0; t < total; t++ {
				// tuple = digits of t in base m
				pq := 1.0
				for l, v := 0, t; l < k; l++ {
					tuple[l] = v % m
					v /= m
					pq *= q[tuple[l]]
				}
				z[0] = logits.At(i, j)
				for l, c := range tuple {
					z[l+1] = logits.At(i, c)
				}
				mx := math.Inf(-1)
				for _, v := range z {
					mx = math.Max(mx, v)
				}
				var sum, negSum float64
				for l, v := range z {
					pr[l] = math.Exp(v - mx)
					sum += pr[l]
					if l > 0 {
						negSum += pr[l]
					}
				}
				pTilde := pr[0] / negSum
				w := c1.At(i, j) * pq
				lossTerm := mx + math.Log(sum) - z[0]
				r.loss += w * lossTerm
				r.lossMag += w * (math.Abs(mx) + math.Abs(math.Log(sum)) + math.Abs(z[0]))
				add(r.pos, r.posMag, i, j, pq*pr[0]/sum)
				add(r.grad, r.gradMag, i, j, w*(pr[0]/sum-1))
				add(r.sc, r.scMag, i, j, -w*alpha)
				add(r.dec, r.decMag, i, j, -w*(pTilde+alpha))
				for l, c := range tuple {
					p := pr[l+1] / sum
					add(r.grad, r.gradMag, i, c, w*p)
					add(r.sc, r.scMag, i, c, w*(p+beta/float64(k)))
					add(r.dec, r.decMag, i, c, w*(pr[l+1]/negSum+beta/float64(k)))
				}
			}
		}
	}
	return r
}

// TestExactMatchesBruteForce compares every exact expectation with the brute-force sum
// over all m^(N−1) ordered tuples of negative states, for m = 2 and 3, N = 2…5, at random
// logits (so nothing relies on the optimum).
func TestExactMatchesBruteForce(t *testing.T) {
	const alpha, beta = 1.3, -0.4 // off the attainable line on purpose: the fields are defined everywhere
	for _, sp := range []testSpace{{"m=2", two(t)}, {"toy", feature.Toy()}, {"sharp", sharp(t)}} {
		for n := 2; n <= 5; n++ {
			t.Run(fmt.Sprintf("%s/N=%d", sp.name, n), func(t *testing.T) {
				m := sp.space.Len()
				logits := randomLogits(m, uint64(10*n+m))
				e := mustExact(t, sp.space, n)
				b := bruteForce(sp.space, n, logits, alpha, beta)
				// Tolerance (relative to the sum of |terms| of the entry): the brute force
				// sums at most b.terms terms by plain recursive summation, (terms)u, each
				// term carrying ≤ 2N+8 roundings plus u·(row spread of the logits) from
				// exp's argument; the exact side is within GradientRoundingBound (same
				// kinds of sums). Both added.
				spread := rowSpread(logits)
				tol := float64(b.terms+2*n+8)*u + spread*u + e.GradientRoundingBound(logits)
				grad := mat.NewDense(m, m, nil)
				loss := e.InfoNCE(grad, logits)
				if !scalar.EqualWithinAbs(loss, b.loss, tol*b.lossMag) {
					t.Errorf("loss = %.17g, brute force %.17g (tol %.2g)", loss, b.loss, tol*b.lossMag)
				}
				if lossOnly := e.InfoNCE(nil, logits); lossOnly != loss {
					t.Errorf("loss without gradient %.17g ≠ with gradient %.17g", lossOnly, loss)
				}
				compare(t, "gradient", grad, b.grad, b.gradMag, tol)
				compare(t, "E[P]", e.PositiveProbTo(nil, logits), b.pos, b.posMag, tol)
				compare(t, "SC field", e.SCFieldTo(nil, logits, alpha, beta), b.sc, b.scMag, tol)
				compare(t, "decoupled SC field", e.DecoupledSCFieldTo(nil, logits, alpha, beta), b.dec, b.decMag, tol)
				// The free-function forms give the same numbers.
				g2 := mat.NewDense(m, m, nil)
				if l2 := ExactInfoNCE(sp.space, n, logits, g2); l2 != loss || !mat.Equal(g2, grad) {
					t.Errorf("ExactInfoNCE differs from Exact.InfoNCE")
				}
				if !mat.Equal(ExactPositiveProb(sp.space, n, logits), e.PositiveProbTo(nil, logits)) {
					t.Errorf("ExactPositiveProb differs from Exact.PositiveProbTo")
				}
				if !mat.Equal(ExactSCField(nil, sp.space, n, logits, alpha, beta), e.SCFieldTo(nil, logits, alpha, beta)) {
					t.Errorf("ExactSCField differs from Exact.SCFieldTo")
				}
				if !mat.Equal(ExactDecoupledSCField(nil, sp.space, n, logits, alpha, beta), e.DecoupledSCFieldTo(nil, logits, alpha, beta)) {
					t.Errorf("ExactDecoupledSCField differs from Exact.DecoupledSCFieldTo")
				}
			})
		}
	}
}

func compare(t *testing.T, what string, got, want, mag *mat.Dense, tol float64) {
	t.Helper()
	r, c := got.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if !scalar.EqualWithinAbs(got.At(i, j), want.At(i, j), tol*mag.At(i, j)) {
				t.Errorf("%s[%d][%d] = %.17g, brute force %.17g (tol %.2g)", what, i, j, got.At(i, j), want.At(i, j), tol*mag.At(i, j))
			}
		}
	}
}

// rowSpread returns the largest max − min over the rows of a.
func rowSpread(a mat.Matrix) float64 {
	r, c := a.Dims()
	var spread float64
	for i := 0; i < r; i++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for j := 0; j < c; j++ {
			lo, hi = math.Min(lo, a.At(i, j)), math.Max(hi, a.At(i, j))
		}
		spread = math.Max(spread, hi-lo)
	}
	return spread
}
