package main

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
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
	c := drawCounts(100, 1_000_000, 21)
	if c[0] != 100 || c[len(c)-1] != 1_000_000 || len(c) != 21 {
		t.Errorf("drawCounts: %v", c)
	}
	if c := drawCounts(1, 3, 10); len(c) != 3 {
		t.Errorf("drawCounts(1, 3, 10) = %v: want the 3 distinct counts", c)
	}
}

func TestSymmetricAndSpread(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{1, 2, 4, math.NaN()})
	for _, tc := range []struct {
		p    feature.Pair
		want float64
	}{{feature.Pair{I: 0, J: 1}, 3}, {feature.Pair{I: 1, J: 0}, 3}, {feature.Pair{I: 0, J: 0}, 1}} {
		if got := symmetric(a, tc.p); got != tc.want {
			t.Errorf("symmetric %v = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := symmetric(a, feature.Pair{I: 1, J: 1}); !math.IsNaN(got) {
		t.Errorf("symmetric of NaN = %v", got)
	}
	mean, lo, hi, ok := spread([]float64{3, math.NaN(), 1, 5})
	if !ok || mean != 3 || lo != 1 || hi != 5 {
		t.Errorf("spread = %v, %v, %v, %v; want 3, 1, 5 (NaN skipped)", mean, lo, hi, ok)
	}
	if _, _, _, ok := spread([]float64{math.NaN()}); ok {
		t.Error("spread of NaN only is ok")
	}
}

// TestPairTraces checks the reduction of records to traces on hand-made results: mean,
// min and max over replicates of the symmetrised value, scaled, and a step at which no
// replicate has a value left out.
func TestPairTraces(t *testing.T) {
	rec := func(step int, v01, v10 float64) simulate.Record {
		return simulate.Record{Step: step, PairProb: mat.NewDense(2, 2, []float64{0, v01, v10, 0})}
	}
	nan := math.NaN()
	res := []*simulate.Result{
		{Records: []simulate.Record{rec(0, 1, 3), rec(10, nan, nan), rec(20, 2, 2)}, PairProb: mat.NewDense(2, 2, []float64{0, 1, 1, 0})},
		{Records: []simulate.Record{rec(0, 4, 4), rec(10, nan, nan), rec(20, 6, nan)}, PairProb: mat.NewDense(2, 2, []float64{0, 3, 5, 0})},
	}
	tr, err := pairTraces(res, []feature.Pair{{I: 0, J: 1}}, pairProb, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := tr[0]
	// Step 0: values 10·2 and 10·4; step 10 dropped; step 20: 10·2 and 10·6.
	want := plotsTrace{steps: []float64{0, 20}, mean: []float64{30, 40}, lo: []float64{20, 20}, hi: []float64{40, 60}}
	if !equalSlices(got.Steps, want.steps) || !equalSlices(got.Mean, want.mean) || !equalSlices(got.Lo, want.lo) || !equalSlices(got.Hi, want.hi) {
		t.Errorf("trace %+v, want %+v", got, want)
	}
	setFinal(tr, res, 10)
	// Finals: 10·1 and 10·4: mean 25.
	if tr[0].Final != 25 || tr[0].FinalLo != 10 || tr[0].FinalHi != 40 {
		t.Errorf("final %v [%v, %v], want 25 [10, 40]", tr[0].Final, tr[0].FinalLo, tr[0].FinalHi)
	}
	res[1].Records = res[1].Records[:2]
	if _, err := pairTraces(res, []feature.Pair{{I: 0, J: 1}}, pairProb, 1); err == nil || !strings.Contains(err.Error(), "replicate 1 has 2 records") {
		t.Errorf("ragged records: error %v", err)
	}
}

type plotsTrace struct{ steps, mean, lo, hi []float64 }

func equalSlices(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
