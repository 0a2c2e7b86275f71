package feature

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

func toyTPM(t *testing.T) *markov.TPM {
	t.Helper()
	a, err := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestNewSpaceRejectsBadInput(t *testing.T) {
	a := toyTPM(t)
	id, _ := markov.Identity(3)
	tests := []struct {
		reason string
		src    []float64
		aug    *markov.TPM
		want   string
	}{
		{"source of the wrong length", []float64{0.5, 0.5}, a, "source distribution has 2 states, TPM has 3"},
		{"source of the wrong mass", []float64{0.5, 0.5, 0.5}, a, "sums to 1.5"},
		{"NaN in the source", []float64{math.NaN(), 0.5, 0.5}, a, "entry [0] = NaN"},
		{"negative source", []float64{-0.1, 0.6, 0.5}, a, "entry [0] = -0.1"},
		{"state 2 never reached: A = I and π_2 = 0", []float64{0.5, 0.5, 0}, id, "state 2 is never reached"},
		{"nil TPM", []float64{1}, nil, "nil augmentation"},
	}
	for _, tc := range tests {
		_, err := NewSpace(tc.src, tc.aug)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewSpace error = %v, want one naming %q", tc.reason, err, tc.want)
		}
	}
	var ue *UnreachableError
	if _, err := NewLabeledSpace([]float64{0.5, 0.5, 0}, id, []string{"cat", "dog", "ship"}); !errors.As(err, &ue) || ue.State != 2 || !strings.Contains(err.Error(), `"ship"`) {
		t.Errorf("labelled unreachable state: error = %v", err)
	}
}

func TestParameterChecks(t *testing.T) {
	tests := []struct {
		reason string
		err    error
		want   string
	}{
		{"N = 1 has no negatives", CheckBatchSize(1), "N = 1"},
		{"N = 0", CheckBatchSize(0), "N = 0"},
		{"α NaN", CheckSCParams(math.NaN(), 0), "α = NaN"},
		{"β −Inf", CheckSCParams(1, math.Inf(-1)), "β = -Inf"},
		{"decoupled fixed point, N = 1", second(Toy().DecoupledSCFixedPoint(1, 1, 0)), "N = 1"},
		{"decoupled fixed point, α = +Inf", second(Toy().DecoupledSCFixedPoint(10, math.Inf(1), 0)), "α = +Inf"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, tc.err, tc.want)
		}
	}
	if CheckBatchSize(2) != nil || CheckSCParams(-3, 7) != nil {
		t.Error("valid parameters rejected")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "N = 1") {
			t.Errorf("InfoNCETarget(1) panic = %v, want the CheckBatchSize error", r)
		}
	}()
	Toy().InfoNCETarget(1)
}

func second[T any](_ T, err error) error { return err }

func TestDecoupledFixedPointSingular(t *testing.T) {
	// Toy: max ρ = ρ_00 = 1.2222 (docs/theory.md §7), so N − 1 = 1 ≤ ρ_00: no fixed point at N = 2.
	_, err := Toy().DecoupledSCFixedPoint(2, 1, 0)
	var se *SingularPairError
	if !errors.As(err, &se) || se.I != 0 || se.J != 0 {
		t.Errorf("N = 2: error = %v, want a SingularPairError at (0, 0)", err)
	}
}

func TestToyCriteria(t *testing.T) {
	s := Toy()
	lo, hi := s.RhoRange()
	// docs/theory.md §7: min ρ = 0.866667, max ρ = 1.222222 (6 decimals printed).
	if !scalar.EqualWithinAbs(lo, 0.866667, 5e-7) || !scalar.EqualWithinAbs(hi, 1.222222, 5e-7) {
		t.Errorf("ρ range = [%v, %v]", lo, hi)
	}
	tests := []struct {
		reason          string
		alpha, beta     float64
		attain, collaps bool
		drift, negative int
	}{
		{"InfoNCE-like (1, 0): on the line, no collapse (α min ρ < 1)", 1, 0, true, false, 0, 0},
		{"(1.5, 0.5) on the line", 1.5, 0.5, true, false, 0, 0},
		{"CIFAR-10 (1, −0.2): α min ρ = 0.867 ≥ 0.8, collapses (docs/theory.md §4)", 1, -0.2, false, true, 1, 0},
		{"CIFAR-100 (0.5, 0.2): spreads", 0.5, 0.2, false, false, -1, 0},
		{"ImageNet-100 (0.1, 0.5): every target negative (β > α max ρ)", 0.1, 0.5, false, false, -1, 6},
	}
	for _, tc := range tests {
		if got := Attainable(tc.alpha, tc.beta); got != tc.attain {
			t.Errorf("%s: Attainable = %v", tc.reason, got)
		}
		if got := Drift(tc.alpha, tc.beta); got != tc.drift {
			t.Errorf("%s: Drift = %v", tc.reason, got)
		}
		if got := s.Collapses(tc.alpha, tc.beta); got != tc.collaps {
			t.Errorf("%s: Collapses = %v", tc.reason, got)
		}
		if got := len(s.NegativeTargetPairs(tc.alpha, tc.beta)); got != tc.negative {
			t.Errorf("%s: %d negative-target pairs, want %d", tc.reason, got, tc.negative)
		}
	}
}

// TestPopulationGradients checks both population objectives' gradients against central
// finite differences at generic logits. Step 1e-5 on O(1) functions: truncation O(h²)
// ~ 1e-10 plus rounding O(ε/h) ~ 1e-11, so 1e-8 absolute is a safe bound.
func TestPopulationGradients(t *testing.T) {
	s := Toy()
	logits := mat.NewDense(3, 3, []float64{0.3, -0.2, 0.1, 0.7, 0.05, -0.4, 0.2, 0.9, -0.6})
	n := 7
	objectives := map[string]func(grad *mat.Dense, x mat.Matrix) float64{
		"InfoNCE": func(g *mat.Dense, x mat.Matrix) float64 { return s.InfoNCEPopulationLoss(g, nil, x, n) },
		"SC":      func(g *mat.Dense, x mat.Matrix) float64 { return s.SCPopulationPotential(g, nil, x, n, 1.3, 0.1) },
	}
	for name, f := range objectives {
		g := mat.NewDense(3, 3, nil)
		f(g, logits)
		num := fd.Gradient(nil, func(x []float64) float64 { return f(nil, mat.NewDense(3, 3, x)) },
			mat.DenseCopyOf(logits).RawMatrix().Data, &fd.Settings{Formula: fd.Central, Step: 1e-5})
		for k, want := range num {
			if got := g.RawMatrix().Data[k]; !scalar.EqualWithinAbs(got, want, 1e-8) {
				t.Errorf("%s: ∂/∂s[%d] = %v, finite difference %v", name, k, got, want)
			}
		}
	}
}

// TestPopulationOptimaAreTargets: at logits log T (any row constant added) the InfoNCE
// population gradient vanishes and its probability is T1; the SC potential's is T2
// (α − β = 1). Float64 rounding on O(1) sums of m = 3 terms: 1e-15 relative, 1e-13 slack.
func TestPopulationOptimaAreTargets(t *testing.T) {
	s := Toy()
	n := 50
	for _, tc := range []struct {
		reason string
		target mat.Matrix
		eval   func(g, p *mat.Dense, x mat.Matrix) float64
	}{
		{"InfoNCE at log T1", s.InfoNCETarget(n), func(g, p *mat.Dense, x mat.Matrix) float64 { return s.InfoNCEPopulationLoss(g, p, x, n) }},
		{"SC(1.5, 0.5) at log T2", s.SCTarget(n, 1.5, 0.5), func(g, p *mat.Dense, x mat.Matrix) float64 {
			return s.SCPopulationPotential(g, p, x, n, 1.5, 0.5)
		}},
	} {
		x := mat.NewDense(3, 3, nil)
		x.Apply(func(i, j int, v float64) float64 { return math.Log(v) + 0.37 }, tc.target)
		g, p := mat.NewDense(3, 3, nil), mat.NewDense(3, 3, nil)
		tc.eval(g, p, x)
		if !mat.EqualApprox(p, tc.target, 1e-13) {
			t.Errorf("%s: probability\n%v\nwant target\n%v", tc.reason, mat.Formatted(p), mat.Formatted(tc.target))
		}
		if !(mat.Norm(g, math.Inf(1)) <= 1e-13) {
			t.Errorf("%s: gradient not zero:\n%v", tc.reason, mat.Formatted(g))
		}
	}
}
