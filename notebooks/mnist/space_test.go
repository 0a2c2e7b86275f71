package main

import (
	"math/rand/v2"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// TestNegativeTargetPairsCount: the support-based count equals the length of
// feature.Space.NegativeTargetPairs (every pair i ≤ j, dense) on a space whose c1 is
// zero off a band, for β below, at and above 0 and α of both signs.
func TestNegativeTargetPairsCount(t *testing.T) {
	const m = 40
	rng := rand.New(rand.NewPCG(13, 40))
	rows := make([][]float64, m)
	for k := range rows {
		rows[k] = make([]float64, m)
		for p := 0; p < 3; p++ {
			rows[k][(k+p)%m] = 1.0 / 3
		}
		rows[k][(k+1)%m] += 0.2 * rng.Float64()
		rows[k][(k+2)%m] = 1 - rows[k][k] - rows[k][(k+1)%m]
	}
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	pi := make([]float64, m)
	for i := range pi {
		pi[i] = 1.0 / m
	}
	s, err := feature.NewSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	sup := s.Support()
	if sup.NNZ() >= m*m {
		t.Fatalf("support of %d pairs is full: not a test of the off-support count", sup.NNZ())
	}
	for _, g := range []struct{ alpha, beta float64 }{{1, 0}, {2, 1}, {1, 0.5}, {0.5, -1.5}, {3, 30}, {-1, 0.1}, {1, -0.1}} {
		if got, want := negativeTargetPairs(sup, g.alpha, g.beta), len(s.NegativeTargetPairs(g.alpha, g.beta)); got != want {
			t.Errorf("α = %v, β = %v: %d negative-target pairs, feature counts %d", g.alpha, g.beta, got, want)
		}
	}
}
