package proofs

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestC9ChecksTheToy: besides its property over generated spaces, C9's ledger entry
// compares Monte Carlo pair frequencies on the toy (N = 1000) with the exact q, c1, c2 and
// T1: a route-Monte-Carlo check named "toy: …" whose tolerance is the Bonferroni
// k = Φ⁻¹(1 − α/(2·24)) over the toy's K = 3 + 6 + 6 + 9 = 24 entries (as in
// TestC9ComparesEveryEntry), and which passes. Quick mode (20000 toy draws) keeps it short.
func TestC9ChecksTheToy(t *testing.T) {
	t.Parallel()
	e, err := Find("C9")
	if err != nil {
		t.Fatal(err)
	}
	o := Evaluate(e, RunConfig{Seed: uint64(*seed), Quick: true, Shared: testShared})
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	k := distuv.UnitNormal.Quantile(1 - FamilyAlpha/(2*24))
	var toy []Check
	for _, c := range o.Checks {
		if strings.HasPrefix(c.Quantity, "toy: ") {
			toy = append(toy, c)
		}
	}
	if len(toy) != 1 {
		t.Fatalf("C9 has %d toy checks, want 1; checks: %+v", len(toy), o.Checks)
	}
	c := toy[0]
	// 1e-12 relative: two evaluations of the normal quantile (accurate to ~1e-15).
	if c.Route != RouteMonteCarlo || !equalRel(c.Tol, k, 1e-12) || !strings.Contains(c.Quantity, "N=1000") || !strings.Contains(c.Origin, "20000 draws") {
		t.Errorf("toy check %s (%s), want route %v, k = %v, N = 1000, 20000 draws", c.Summary(), c.Origin, RouteMonteCarlo, k)
	}
	if !c.Pass() {
		t.Errorf("the toy fails C9: %s", c.Summary())
	}
}
