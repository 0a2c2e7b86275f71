package plots

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// Golden values of the toy, docs/theory.md §7 (printed to 6 decimals, T1 and T2 to 9).
var (
	toyA   = [][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}}
	toyC1  = [][]float64{{0.110000, 0.103333, 0.086667}, {0.103333, 0.143333, 0.120000}, {0.086667, 0.120000, 0.126667}}
	toyC2  = [][]float64{{0.090000, 0.110000, 0.100000}, {0.110000, 0.134444, 0.122222}, {0.100000, 0.122222, 0.111111}}
	toyRho = [][]float64{{1.222222, 0.939394, 0.866667}, {0.939394, 1.066116, 0.981818}, {0.866667, 0.981818, 1.140000}}
	toyT1  = [][]float64{{0.001221951, 0.000939451, 0.000866782}, {0.000939451, 0.001066045, 0.000981836}, {0.000866782, 0.000981836, 0.001139840}}
	toyT2  = [][]float64{{0.001223446, 0.000940334, 0.000867534}, {0.000940334, 0.001067183, 0.000982801}, {0.000867534, 0.000982801, 0.001141141}}
)

func dense(rows [][]float64, scale float64) *mat.Dense {
	d := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		for j, v := range r {
			d.Set(i, j, scale*v)
		}
	}
	return d
}

// TestToyPanels checks that each panel of the two toy figures draws the right matrix,
// against the golden numbers of docs/theory.md §7, and the right colour scale.
func TestToyPanels(t *testing.T) {
	toy := feature.Toy()
	n := feature.ToyBatchSize
	rel := mat.NewDense(3, 3, nil) // (T2 − T1)/T1 = ρ/(N−1) for α = 1, β = 0 (C21), in %
	rel.Scale(100/float64(n-1), dense(toyRho, 1))
	pair := pairStatisticsPanels(toy)
	targets := targetPanels(toy, n, 1, 0)
	for _, tc := range []struct {
		panel  panel
		want   mat.Matrix
		tol    float64
		title  string
		kind   ScaleKind
		center float64
	}{
		// Tolerances: half a unit of the last printed digit of the golden value, times
		// the factor the panel multiplies it by.
		{pair[0], dense(toyA, 1), 1e-15, "A", Sequential, 0},
		{pair[1], dense(toyC1, 1), 5e-7, "c1", Sequential, 0},
		{pair[2], dense(toyC2, 1), 5e-7, "c2", Sequential, 0},
		{pair[3], dense(toyRho, 1), 5e-7, "ρ", Diverging, 1},
		{targets[0], dense(toyT1, float64(n)), 5e-10 * float64(n), "T1 × N", Sequential, 0},
		{targets[1], dense(toyT2, float64(n)), 5e-10 * float64(n), "T2 × N", Sequential, 0},
		{targets[2], rel, 5e-7 * 100 / float64(n-1), "(T2 − T1) / T1", Diverging, 0},
	} {
		if !strings.HasPrefix(tc.panel.opt.Title, tc.title) {
			t.Errorf("panel %q, want a title starting %q", tc.panel.opt.Title, tc.title)
		}
		if !mat.EqualApprox(tc.panel.data, tc.want, tc.tol) {
			t.Errorf("panel %q:\n%v\nwant\n%v\nwithin %g", tc.panel.opt.Title, mat.Formatted(tc.panel.data), mat.Formatted(tc.want), tc.tol)
		}
		if sc := tc.panel.opt.Scale; sc.Kind != tc.kind || sc.Kind == Diverging && sc.Center != tc.center {
			t.Errorf("panel %q: scale %v at %v, want %v at %v", tc.panel.opt.Title, sc.Kind, sc.Center, tc.kind, tc.center)
		}
	}
	// c1 and c2 share a colour range, and so do T1·N and T2·N: the smallest and the
	// largest entries of the pair (golden values, tolerances as above).
	for _, tc := range []struct {
		a, b   panel
		lo, hi float64
		tol    float64
	}{
		{pair[1], pair[2], 0.086667, 0.143333, 5e-7},
		{targets[0], targets[1], 0.866782, 1.223446, 5e-7},
	} {
		for _, p := range []panel{tc.a, tc.b} {
			sc := p.opt.Scale
			if math.Abs(sc.Min-tc.lo) > tc.tol || math.Abs(sc.Max-tc.hi) > tc.tol || math.IsNaN(sc.Min+sc.Max) {
				t.Errorf("panel %q: range [%v, %v], want [%v, %v]", p.opt.Title, sc.Min, sc.Max, tc.lo, tc.hi)
			}
		}
	}
}

func TestStudyFigureErrors(t *testing.T) {
	ident, err := markov.Identity(2)
	if err != nil {
		t.Fatal(err)
	}
	diag, err := feature.NewSpace([]float64{0.5, 0.5}, ident)
	if err != nil {
		t.Fatal(err)
	}
	toy := feature.Toy()
	for _, tc := range []struct {
		name   string
		build  func() (*Figure, error)
		want   string
		reason string
	}{
		{"nil space", func() (*Figure, error) { return PairStatistics(nil) }, "nil feature space", "no data"},
		{"nil space targets", func() (*Figure, error) { return Targets(nil, 10, 1, 0) }, "nil feature space", "no data"},
		{"N = 1", func() (*Figure, error) { return Targets(toy, 1, 1, 0) }, "N = 1", "one source has no negatives"},
		{"NaN α", func() (*Figure, error) { return Targets(toy, 10, math.NaN(), 0) }, "α = NaN", "α must be a number"},
		{"T1 = 0", func() (*Figure, error) { return Targets(diag, 10, 1, 0) }, `"(T2 − T1) / T1 in %": entry (0, 1) = NaN`,
			"A = I has c1_01 = 0, so T1_01 = 0 and the relative difference 0/0"},
	} {
		f, err := tc.build()
		if err == nil || f != nil {
			t.Errorf("%s: got %v, %v; want an error (%s)", tc.name, f, err, tc.reason)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.want)
		}
	}
	// The pair statistics of A = I are all drawable: ρ = 0 off the diagonal is a number.
	if _, err := PairStatistics(diag); err != nil {
		t.Errorf("PairStatistics(A = I): %v", err)
	}
	var ve *ValueError
	if _, err := Targets(diag, 10, 1, 0); !errors.As(err, &ve) {
		t.Errorf("Targets(A = I) error %v is not a *ValueError", err)
	}
}
