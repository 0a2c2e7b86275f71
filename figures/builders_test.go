package main

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

func TestGrids(t *testing.T) {
	g := logGrid(0.05, 20, 61)
	if g[0] != 0.05 || g[60] != 20 {
		t.Errorf("logGrid ends %v, %v; want 0.05, 20", g[0], g[60])
	}
	// Constant ratio (20/0.05)^(1/60) between neighbours, to rounding.
	r := math.Pow(400, 1.0/60)
	for k := 1; k < len(g); k++ {
		if !scalar.EqualWithinRel(g[k]/g[k-1], r, 1e-12) {
			t.Fatalf("logGrid ratio %v at %d, want %v", g[k]/g[k-1], k, r)
		}
	}
	// One point is hi alone; two are the ends, lo to rounding of exp(log lo).
	if g := logGrid(0.05, 20, 1); len(g) != 1 || g[0] != 20 {
		t.Errorf("logGrid(0.05, 20, 1) = %v, want [20]", g)
	}
	if g := logGrid(0.05, 20, 2); len(g) != 2 || !scalar.EqualWithinRel(g[0], 0.05, 1e-15) || g[1] != 20 {
		t.Errorf("logGrid(0.05, 20, 2) = %v, want [0.05, 20]", g)
	}
	c := drawCounts(100, 1_000_000, 21)
	if c[0] != 100 || c[len(c)-1] != 1_000_000 || len(c) != 21 {
		t.Errorf("drawCounts: %v", c)
	}
	if c := drawCounts(1, 3, 10); len(c) != 3 {
		t.Errorf("drawCounts(1, 3, 10) = %v: want the 3 distinct counts", c)
	}
}

// TestToyChoices checks the builders' choices on the toy against docs/theory.md §4 and §7:
// the pairs of largest and smallest ρ, and the regimes predicted off the line.
func TestToyChoices(t *testing.T) {
	toy := feature.Toy()
	if got := extremePairs(toy); got[0] != (feature.Pair{I: 0, J: 0}) || got[1] != (feature.Pair{I: 0, J: 2}) {
		t.Errorf("extreme pairs %v, want (0, 0) with ρ = 1.222222 and (0, 2) with ρ = 0.866667", got)
	}
	for _, tc := range []struct {
		a, b float64
		want []string
	}{
		{1, -0.2, []string{"drift up", "collapse stationary", "0.867 ≥ 1 + β = 0.8"}},
		{1, 0, []string{"T2 attainable", "no collapse"}},
		{0.5, 0.2, []string{"drift down", "no collapse", "0.433 < 1 + β = 1.2"}},
	} {
		note := regimeNote(toy, tc.a, tc.b)
		for _, w := range tc.want {
			if !strings.Contains(note, w) {
				t.Errorf("(α, β) = (%v, %v): note %q lacks %q", tc.a, tc.b, note, w)
			}
		}
	}
	for _, ab := range onLine {
		if !feature.Attainable(ab[0], ab[1]) {
			t.Errorf("sc-convergence setting %v is off α − β = 1", ab)
		}
	}
	// The phase-diagram caption's reading of the benchmark settings on the toy.
	for _, p := range benchmarks {
		a, b := p.Alpha, p.Beta
		neg := len(toy.NegativeTargetPairs(a, b))
		var got string
		switch {
		case toy.Collapses(a, b):
			got = "collapse"
		case neg == 6:
			got = "negative for every pair"
		case neg == 0 && feature.Drift(a, b) < 0:
			got = "spreading"
		default:
			got = "other"
		}
		want := map[string]string{"CIFAR-10": "collapse", "DD, COLLAB": "collapse", "PROTEINS": "collapse",
			"CIFAR-100": "spreading", "NCI1": "spreading", "ImageNet-100": "negative for every pair"}[p.Label]
		if got != want {
			t.Errorf("%s at (%v, %v): %s, the caption says %s", p.Label, a, b, got, want)
		}
	}
}

// TestSummarise checks the Monte Carlo summary on an estimate with known entries.
func TestSummarise(t *testing.T) {
	c1 := mat.NewSymDense(2, []float64{0.4, 0.1, 0.1, 0.4})
	e := &sample.PairEstimate{
		C1:   mat.NewSymDense(2, []float64{0.43, 0.09, 0.09, 0.39}),
		C1SE: mat.NewSymDense(2, []float64{0.01, 0.02, 0.02, 0.05}),
	}
	p := summarise(e, c1)
	// Errors 0.03, 0.01, 0.01, 0.01 (to rounding of the decimals); z = 3, 0.5, 0.5, 0.2.
	if !scalar.EqualWithinAbs(p.maxErr, 0.03, 1e-15) || !scalar.EqualWithinAbs(p.meanSE, 0.025, 1e-15) || !scalar.EqualWithinAbs(p.maxZ, 3, 1e-12) {
		t.Errorf("summary %+v, want max error 0.03, mean SE 0.025, max z 3", p)
	}
	if median([]float64{1, 2, 3, 10}) != 2.5 || median([]float64{1, 2, 9}) != 2 {
		t.Error("median")
	}
}

// TestQuickBuilders runs every builder of the registry with the quick settings and
// checks each returns a figure: the options struct reaches every computation.
func TestQuickBuilders(t *testing.T) {
	in := defaultInputs(true, nil)
	if in.N != quickSettings().N || !in.Set.Quick {
		t.Fatalf("quick inputs: N = %d, quick = %v", in.N, in.Set.Quick)
	}
	for _, f := range registry(in.Set) {
		fig, err := f.Build(in)
		if err != nil || fig == nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
}
