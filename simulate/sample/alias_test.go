package sample

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/infonce-lab/infonce-lab/markov"
)

// impliedLaw is the exact law an alias table draws from, read off its columns: column
// c is chosen with probability 1/s and gives its own state with probability accept_c,
// its alias otherwise. (Float64 < accept holds with probability ⌈accept·2⁵³⌉/2⁵³,
// within 2⁻⁵³ of accept; that is below the rounding tolerance used here.)
func impliedLaw(a *Alias) []float64 {
	law := make([]float64, a.Len())
	s := float64(len(a.cols))
	for _, c := range a.cols {
		law[c.own] += c.accept / s
		law[c.alias] += (1 - c.accept) / s
	}
	return law
}

func TestAliasExactLaw(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dirichlet := func(m int, kappa float64) []float64 {
		d, err := markov.RandomDist(m, kappa, rng)
		if err != nil {
			t.Fatal(err)
		}
		return d.Values(nil)
	}
	geometric := make([]float64, 60)
	for i := range geometric {
		geometric[i] = math.Pow(0.5, float64(i+1))
	}
	geometric[len(geometric)-1] *= 2 // the tail mass: Σ_{i<59} 2^-(i+1) + 2^-59 = 1 exactly
	tests := []struct {
		name   string
		p      []float64
		reason string
	}{
		{"uniform", []float64{0.25, 0.25, 0.25, 0.25}, "every column accepts itself with probability 1"},
		{"toy row", []float64{0.5, 0.3, 0.2}, "a row of the paper's TPM"},
		{"zeros", []float64{0, 0.5, 0, 0.5, 0}, "states of probability 0 get no column and are never drawn"},
		{"point mass", []float64{0, 0, 1}, "a single column"},
		{"skewed", []float64{1 - 1e-12, 1e-12}, "a tiny category must keep its mass"},
		{"geometric", geometric, "masses over 18 orders of magnitude"},
		{"dirichlet sparse", dirichlet(200, 0.3), "many small and a few large entries"},
		{"dirichlet flat", dirichlet(500, 50), "entries all close to 1/m: long chains of small updates"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := NewAlias(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			support := 0
			for _, v := range tc.p {
				if v > 0 {
					support++
				}
			}
			if len(a.cols) != support {
				t.Errorf("%d columns, want the support size %d", len(a.cols), support)
			}
			for c, col := range a.cols {
				if !(col.accept >= 0 && col.accept <= 1) {
					t.Errorf("column %d accepts with probability %v, outside [0, 1]", c, col.accept)
				}
			}
			// Tolerance from float64 rounding (ε = 2⁻⁵²): scaled values are at most s,
			// each column's acceptance passes through at most s−1 updates of two
			// roundings, so it is off by ≤ 2s²ε in scaled units, 2sε in probability;
			// a category gathers errors of at most s columns: 2s²ε. Normalising by
			// Σp adds |Σp − 1| ≤ sε. Hence 4s²ε covers both.
			s := float64(support)
			tol := 4 * s * s * 0x1p-52
			// A category with s·p_i < 1 starts in Vose's small list and is never an
			// alias (aliases come from the large list), so its mass is its own
			// column's accept/s = (p_i·s/Σp)/s: four roundings and the factor 1/Σp,
			// a relative error ≤ (4 + s)ε. Checked relatively, this keeps tiny masses
			// (geometric: down to 2⁻⁵⁹) honest where the absolute bound cannot. Half
			// of 1/s keeps clear of the float boundary of the small/large test.
			relTol := (4 + s) * 0x1p-52
			for i, got := range impliedLaw(a) {
				if !scalar.EqualWithinAbs(got, tc.p[i], tol) {
					t.Errorf("Pr(%d) = %.17g, want p = %.17g (tol %g); %s", i, got, tc.p[i], tol, tc.reason)
				}
				if tc.p[i]*s < 0.5 && !scalar.EqualWithinRel(got, tc.p[i], relTol) {
					t.Errorf("Pr(%d) = %.17g, want p = %.17g (relative tol %g); %s", i, got, tc.p[i], relTol, tc.reason)
				}
			}
		})
	}
}

func TestAliasFrequencies(t *testing.T) {
	p := []float64{0.1, 0, 0.25, 0.05, 0.6}
	a, err := NewAlias(p)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200000
	rng := rand.New(rand.NewPCG(3, 4))
	counts := make([]int, len(p))
	for range n {
		counts[a.Draw(rng)]++
	}
	for i, k := range counts {
		f := float64(k) / n
		if p[i] == 0 {
			if k != 0 {
				t.Errorf("state %d of probability 0 drawn %d times", i, k)
			}
			continue
		}
		// 4 standard errors of a binomial frequency: per-state two-sided false-alarm
		// rate 6.3e-5, 2.5e-4 for the 4 states (fixed seed, so the outcome is fixed).
		se := math.Sqrt(p[i] * (1 - p[i]) / n)
		if !scalar.EqualWithinAbs(f, p[i], 4*se) {
			t.Errorf("state %d: frequency %.5f, want %.5f ± 4·%.5f", i, f, p[i], se)
		}
	}
}

func TestNewAliasErrors(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		want string
	}{
		{"empty", nil, "empty"},
		{"NaN", []float64{0.5, math.NaN(), 0.5}, "entry [1] = NaN"},
		{"negative", []float64{-0.1, 0.6, 0.5}, "entry [0] = -0.1"},
		{"infinite", []float64{0.5, 0.5, math.Inf(1)}, "entry [2] = +Inf"},
		{"sum", []float64{0.5, 0.4}, "sums to 0.9"},
		{"all zero", []float64{0, 0}, "sums to 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := NewAlias(tc.p)
			if err == nil {
				t.Fatalf("NewAlias(%v) = %v, want an error", tc.p, a)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", err, tc.want)
			}
		})
	}
}
