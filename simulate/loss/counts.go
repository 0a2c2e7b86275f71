package loss

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

// Counts summarises a batch whose logits depend only on states (free logits,
// docs/theory.md §5 level 1): S_ab = θ[state(a)][state(b)]. Every anchor with anchor state
// i and positive state j then has the same loss, so the batch loss needs only
//
//	Anchors[i][j]  the number of anchors with (anchor state i, positive state j),
//	Candidates[l]  the number of candidate views in state l (the positive included),
//	Self           whether each anchor's own view is among the candidates and masked
//	               (ntxent: all 2N views are candidates), so that an anchor in state i
//	               has Candidates[l] − δ_lj − δ_li·Self negatives in state l.
//
// Evaluating from counts costs O(m³) per batch instead of O(N²).
type Counts struct {
	M          int
	Anchors    []float64 // M×M, row-major
	Candidates []float64 // M
	Self       bool
}

// CountLoss is a LogitLoss that can also be evaluated from a batch's Counts.
type CountLoss interface {
	LogitLoss
	// CountsOf fills dst from the states of a batch: view-1 and view-2 states of n
	// sources over m states, in this loss's anchor and candidate arrangement.
	CountsOf(dst *Counts, m int, view1, view2 []int)
	// EvalCounts returns the batch-mean loss for the m×m state-pair logits theta and,
	// when g is non-nil, writes ∂L/∂θ (g[i][l] sums the logit gradient over every
	// anchor in state i and candidate in state l). It equals EvalLogits on the full
	// logit matrix up to rounding. It panics on shape mismatch.
	EvalCounts(theta mat.Matrix, c *Counts, g *mat.Dense) float64
}

func (c *Counts) reset(m int) {
	c.M, c.Self = m, false
	c.Anchors = grow(c.Anchors, m*m)
	c.Candidates = grow(c.Candidates, m)
	clear(c.Anchors)
	clear(c.Candidates)
}

func sumOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// evalCounts applies rule rl to each (anchor state, positive state) class of anchors:
// the row of class (i, j) has positive logit θ_ij and negcount_l = Candidates[l] −
// δ_lj − δ_li·Self negatives of logit θ_il; the class weighs Anchors[i][j].
func evalCounts(theta mat.Matrix, c *Counts, g *mat.Dense, rl rule, rp ruleParams) float64 {
	m := c.M
	if r, cc := theta.Dims(); r != m || cc != m {
		panic(fmt.Sprintf("loss: EvalCounts: %d×%d logits for %d states", r, cc, m))
	}
	if g != nil {
		if r, cc := g.Dims(); r != m || cc != m {
			panic(mat.ErrShape)
		}
		g.Zero()
	}
	if m > maxCountStates {
		panic(fmt.Sprintf("loss: EvalCounts supports at most %d states, got %d", maxCountStates, m))
	}
	var e, neg [maxCountStates]float64
	total := 0.0
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			k := c.Anchors[i*m+j]
			if k == 0 {
				continue
			}
			in := c.classRow(theta, i, j, rl.decoupled(), e[:m], neg[:m])
			o := rl.apply(in, rp)
			total += k * o.loss
			if g == nil {
				continue
			}
			for l := 0; l < m; l++ {
				if neg[l] > 0 {
					g.Set(i, l, g.At(i, l)+k*neg[l]*(o.cNeg*e[l]+o.cConst))
				}
			}
			g.Set(i, j, g.At(i, j)+k*o.gPos)
		}
	}
	return total * rp.inv
}

// classRow summarises the logit row of the anchors of class (i, j) for a rule (see
// evalCounts), leaving exp(θ_il − shift) in e and the negative counts in neg.
func (c *Counts) classRow(theta mat.Matrix, i, j int, decoupled bool, e, neg []float64) rowIn {
	m := c.M
	in := rowIn{sPos: theta.At(i, j)}
	in.shift = -maxFloat
	if !decoupled {
		in.shift = in.sPos
	}
	for l := 0; l < m; l++ {
		nl := c.Candidates[l]
		if l == j {
			nl--
		}
		if c.Self && l == i {
			nl--
		}
		neg[l] = nl
		if nl > 0 {
			in.shift = max(in.shift, theta.At(i, l))
		}
	}
	for l := 0; l < m; l++ {
		if neg[l] <= 0 {
			e[l] = 0
			continue
		}
		s := theta.At(i, l)
		e[l] = kernels.Exp(s - in.shift)
		in.zNeg += neg[l] * e[l]
		in.sumNeg += neg[l] * s
	}
	in.ePos = kernels.Exp(in.sPos - in.shift)
	return in
}

// PositiveProbCounts writes to dst (m×m) the positive-pair probability shared by the
// anchors of each class (i, j) of c (PositiveProb's quantity, docs/theory.md §6), in the
// decoupled normalisation when decoupled is set; NaN where the class has no anchor.
func PositiveProbCounts(dst *mat.Dense, theta mat.Matrix, c *Counts, decoupled bool) {
	m := c.M
	if m > maxCountStates {
		panic(fmt.Sprintf("loss: PositiveProbCounts supports at most %d states, got %d", maxCountStates, m))
	}
	var e, neg [maxCountStates]float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if c.Anchors[i*m+j] == 0 {
				dst.Set(i, j, math.NaN())
				continue
			}
			in := c.classRow(theta, i, j, decoupled, e[:m], neg[:m])
			z := in.zNeg
			if !decoupled {
				z += in.ePos
			}
			dst.Set(i, j, in.ePos/z)
		}
	}
}

// maxCountStates bounds m in EvalCounts (stack scratch); the count path pays off only
// while m³ ≪ N², far below it.
const maxCountStates = 256

const maxFloat = 1.7976931348623157e308
