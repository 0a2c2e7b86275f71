package loss

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestEvalCountsMatchesEvalLogits: for logits that depend only on states, the count
// path must give the loss and the state-aggregated logit gradient of EvalLogits on
// the full matrix. Both sum the same O(N²) terms in different orders; with |terms| of
// order 1/N and N² of them, float64 rounding stays below ~N·ε relative: 1e-12.
func TestEvalCountsMatchesEvalLogits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	const m, n = 4, 60
	p := Params{Tau: 1, Alpha: 1.3, Beta: 0.2}
	for _, name := range []string{InfoNCE, DCL, SCInfoNCE, SCInfoNCEDecoupled, NTXent} {
		l := mustNew(t, name, p).(CountLoss)
		theta := mat.NewDense(m, m, nil)
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				v := 2 * rng.NormFloat64()
				theta.Set(i, j, v)
				theta.Set(j, i, v)
			}
		}
		v1, v2 := make([]int, n), make([]int, n)
		for a := range v1 {
			v1[a], v2[a] = rng.IntN(m), rng.IntN(m)
		}
		rows, cols := v1, v2
		if name == NTXent {
			rows = append(append([]int(nil), v1...), v2...)
			cols = rows
		}
		k := len(rows)
		s, gs := mat.NewDense(k, k, nil), mat.NewDense(k, k, nil)
		for a := range rows {
			for b := range cols {
				s.Set(a, b, theta.At(rows[a], cols[b]))
			}
		}
		want := l.EvalLogits(s, gs)
		wantG := mat.NewDense(m, m, nil)
		for a := range rows {
			for b := range cols {
				wantG.Set(rows[a], cols[b], wantG.At(rows[a], cols[b])+gs.At(a, b))
			}
		}
		var c Counts
		l.CountsOf(&c, m, v1, v2)
		g := mat.NewDense(m, m, nil)
		got := l.EvalCounts(theta, &c, g)
		if !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
			t.Errorf("%s: EvalCounts = %.15g, EvalLogits = %.15g", name, got, want)
		}
		if !mat.EqualApprox(g, wantG, 1e-12) {
			t.Errorf("%s: count gradient\n%v\nwant aggregated logit gradient\n%v", name, mat.Formatted(g), mat.Formatted(wantG))
		}
		if math.IsNaN(got) {
			t.Errorf("%s: NaN", name)
		}
		// The per-class positive-pair probability equals PositiveProb's (PositiveProbJoint's
		// for ntxent) per-anchor value for every anchor of the class (same rounding bound).
		dec, _ := DecoupledNormalisation(name)
		perAnchor := make([]float64, k)
		posOf := func(a int) int { return cols[a] }
		if name == NTXent {
			PositiveProbJoint(perAnchor, s, dec)
			posOf = func(a int) int { return rows[(a+n)%k] }
		} else {
			PositiveProb(perAnchor, s, dec)
		}
		byClass := mat.NewDense(m, m, nil)
		PositiveProbCounts(byClass, theta, &c, dec)
		for a := range perAnchor {
			if got := byClass.At(rows[a], posOf(a)); !scalar.EqualWithinAbsOrRel(got, perAnchor[a], 1e-12, 1e-12) {
				t.Errorf("%s: anchor %d class (%d,%d): PositiveProbCounts %v, per-anchor %v", name, a, rows[a], posOf(a), got, perAnchor[a])
			}
		}
	}
}
