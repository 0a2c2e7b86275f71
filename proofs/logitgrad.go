package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Logit gradients of one anchor row (docs/theory.md §3), checked on simulate/loss's EvalLogits
// against a softmax computed here (C15, C18, C19). EvalLogits returns the batch mean, so
// every entry carries a factor 1/n.
//
// Tolerance. P from two evaluations of a shifted softmax (here with math.Exp, in
// package loss with its fast exp, ≤ 1.5 ulp): each exponent x = s − max rounds by
// u·|x| ≤ u·spread (spread = max − min of the row) and exp adds ≤ 2u, the row sum of n
// terms (n+1)u, the division u; so each P is accurate to (n + 4 + spread)u relative,
// and the two agree to relP = 2(n + 4 + spread)u. An entry of the field is
// (P + constants)/n, so it agrees to relP·(1 + |α| + |β|)/n absolutely (1 − P in the
// infonce positive entry cancels, hence absolute). A row sum of n entries adds the
// summation error n·u·Σ|g|, Σ|g| ≤ (2 + 2|α| + 2|β|)/n.

// logitFieldTol returns relP for a row of n logits with the given spread.
func logitFieldTol(n int, spread float64) float64 {
	return 2 * (float64(n) + 4 + spread) * unitRoundoff
}

// CheckC15InfoNCERowGradient checks C15 (docs/theory.md §3) on the n×n logits s (positives on
// the diagonal): simulate/loss's infonce EvalLogits writes ∂/∂S_aa = −(1 − P_aa)/n and
// ∂/∂S_ab = P_ab/n, so every row of the gradient sums to 0.
func CheckC15InfoNCERowGradient(s *mat.Dense) error {
	g := evalLogitField(loss.InfoNCE, loss.Params{Tau: 1, Alpha: 1}, s)
	return checkLogitField("C15", loss.InfoNCE, s, g, 1, 0)
}

// CheckC18SCLogitGradient checks C18 (docs/theory.md §3) on the n×n logits s: the paper-form
// scinfonce field of EvalLogits is −α/n exactly on the positive and (P_ab + β/(n−1))/n on
// each negative, P the softmax with the positive included.
func CheckC18SCLogitGradient(s *mat.Dense, alpha, beta float64) error {
	p := loss.Params{Tau: 1, Alpha: alpha, Beta: beta}
	g := evalLogitField(loss.SCInfoNCE, p, s)
	return checkLogitField("C18", loss.SCInfoNCE, s, g, alpha, beta)
}

// CheckC19SCRowSums checks C19 (docs/theory.md §3) on the n×n logits s: the rows of the
// scinfonce field sum to (1 + β − α − P_aa)/n, those of scinfonce-decoupled (whose
// positive entry is −(p̃_a + α)/n and negative entries (Q_ab + β/(n−1))/n, Q the softmax
// over the negatives) to (1 + β − α − p̃_a)/n, p̃_a = e^{S_aa}/Σ_{b≠a} e^{S_ab}.
func CheckC19SCRowSums(s *mat.Dense, alpha, beta float64) error {
	p := loss.Params{Tau: 1, Alpha: alpha, Beta: beta}
	for _, name := range []string{loss.SCInfoNCE, loss.SCInfoNCEDecoupled} {
		if err := checkLogitField("C19", name, s, evalLogitField(name, p, s), alpha, beta); err != nil {
			return err
		}
	}
	return nil
}

func evalLogitField(name string, p loss.Params, s *mat.Dense) *mat.Dense {
	l, err := loss.New(name, p)
	if err != nil {
		panic(err) // the callers pass valid names and parameters
	}
	n, _ := s.Dims()
	g := mat.NewDense(n, n, nil)
	l.(loss.LogitLoss).EvalLogits(s, g)
	return g
}

// checkLogitField compares the field g of the named loss at logits s with the closed
// forms of docs/theory.md §3: every entry, and every row sum.
func checkLogitField(claim, name string, s, g *mat.Dense, alpha, beta float64) error {
	n, _ := s.Dims()
	nf := float64(n)
	decoupled := name == loss.SCInfoNCEDecoupled
	row := make([]float64, n)
	for a := 0; a < n; a++ {
		mat.Row(row, a, s)
		lo, hi := minMax(row)
		relP := logitFieldTol(n, hi-lo)
		entryTol := relP * (1 + math.Abs(alpha) + math.Abs(beta)) / nf
		// Softmax with the positive included, P; over the negatives only, Q; and p̃.
		var zAll, zNeg float64
		for b, v := range row {
			e := math.Exp(v - hi)
			zAll += e
			if b != a {
				zNeg += e
			}
		}
		eA := math.Exp(row[a] - hi)
		want := make([]float64, n)
		var rowWant float64
		for b, v := range row {
			e := math.Exp(v - hi)
			switch name {
			case loss.InfoNCE:
				if b == a {
					want[b] = -(zNeg / zAll) / nf // −(1 − P_aa), formed without cancellation
				} else {
					want[b] = e / zAll / nf
				}
			case loss.SCInfoNCE:
				if b == a {
					want[b] = -alpha / nf
				} else {
					want[b] = (e/zAll + beta/(nf-1)) / nf
				}
			case loss.SCInfoNCEDecoupled:
				if b == a {
					want[b] = -(eA/zNeg + alpha) / nf
				} else {
					want[b] = (e/zNeg + beta/(nf-1)) / nf
				}
			default:
				panic("proofs: no closed-form logit field for loss " + name)
			}
		}
		switch name {
		case loss.InfoNCE:
			rowWant = 0
		case loss.SCInfoNCE:
			rowWant = (1 + beta - alpha - eA/zAll) / nf
		case loss.SCInfoNCEDecoupled:
			rowWant = (1 + beta - alpha - eA/zNeg) / nf
		}
		var got, mag float64
		for b := 0; b < n; b++ {
			v := g.At(a, b)
			got += v
			mag += math.Abs(v)
			tol := entryTol
			if decoupled && b == a {
				tol += relP * eA / zNeg / nf // p̃ is unbounded: relative error on it
			}
			if !equalAbs(v, want[b], tol) {
				what := "∂/∂S_ab"
				if b == a {
					what = "∂/∂S_aa"
				}
				return &Violation{Claim: claim, Quantity: name + " " + what, Entry: at(a, b), Got: v, Relation: "=", Want: want[b], Tol: tol,
					Detail: fmt.Sprintf("n = %d, α = %v, β = %v", n, alpha, beta)}
			}
		}
		rowTol := (relP+nf*unitRoundoff)*mag + entryTol
		if decoupled {
			rowTol += relP * eA / zNeg / nf
		}
		if !equalAbs(got, rowWant, rowTol) {
			return &Violation{Claim: claim, Quantity: name + " row sum of the logit field", Entry: atRow(a), Got: got, Relation: "=", Want: rowWant, Tol: rowTol,
				Detail: fmt.Sprintf("n = %d, α = %v, β = %v", n, alpha, beta)}
		}
	}
	return nil
}

// RandomLogits returns n×n logits with independent N(0, scale²) entries drawn from a PCG
// stream seeded by seed, the inputs of the logit-gradient properties.
func RandomLogits(n int, scale float64, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, specStream))
	s := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s.Set(i, j, scale*rng.NormFloat64())
		}
	}
	return s
}
