package feature

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/markov"
)

// identitySpace is A = I over four states with π uniform: q = 1/4, c1 = diag(1/4),
// c2 = 1/16 everywhere, ρ = diag(4) with 0 off the diagonal. Every number (√π = 1/2
// included) is dyadic, so the quantities below are exact in float64.
func identitySpace(t *testing.T) *Space {
	t.Helper()
	id, err := markov.Identity(4)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSpace([]float64{0.25, 0.25, 0.25, 0.25}, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDecoupledSCFixedPointByHand(t *testing.T) {
	// Toy (docs/theory.md §7) at N = 10, α = 1.5, β = 0.5, from the exact fractions of
	// toy_test.go: c1_00 = 0.11, c2_00 = 0.09, c1_01 = 0.31/3, c2_01 = 0.11,
	// c1_22 = 0.38/3, c2_22 = 1/9:
	//   p̃*_00 = (1.5·0.11 − 0.5·0.09)/(9·0.09 − 0.11) = 0.12/0.7,
	//   p̃*_01 = (1.5·0.31/3 − 0.5·0.11)/(9·0.11 − 0.31/3) = 0.1/(2.66/3),
	//   p̃*_22 = (1.5·0.38/3 − 0.5/9)/(1 − 0.38/3) = (1.21/9)/(2.62/3) = 1.21/7.86.
	p, err := Toy().DecoupledSCFixedPoint(10, 1.5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		i, j int
		want float64
	}{
		{0, 0, 0.12 / 0.7},
		{0, 1, 0.1 / (2.66 / 3)},
		{1, 0, 0.1 / (2.66 / 3)},
		{2, 2, 1.21 / 7.86},
	} {
		// A handful of operations on numbers of order 0.1: relative rounding < 1e-14.
		if got := p.At(tc.i, tc.j); !scalar.EqualWithinRel(got, tc.want, 1e-14) {
			t.Errorf("p̃*[%d][%d] = %.17g, want %.17g", tc.i, tc.j, got, tc.want)
		}
	}
	// The fixed point solves p((N−1)c2 − c1) = αc1 − βc2 (docs/theory.md §4) on every pair.
	s := Toy()
	c1, c2 := s.PositiveJoint(), s.NegativeJoint()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			lhs := p.At(i, j) * (9*c2.At(i, j) - c1.At(i, j))
			rhs := 1.5*c1.At(i, j) - 0.5*c2.At(i, j)
			if !scalar.EqualWithinAbs(lhs, rhs, 1e-15) { // products of numbers ≤ 1: rounding
				t.Errorf("pair (%d, %d): p̃((N−1)c2 − c1) = %v, αc1 − βc2 = %v", i, j, lhs, rhs)
			}
		}
	}
}

func TestDecoupledSCFixedPointBoundary(t *testing.T) {
	s := identitySpace(t)
	// ρ_00 = 4 = N − 1 at N = 5: (N−1)c2 − c1 = 4/16 − 1/4 = 0 exactly, singular.
	_, err := s.DecoupledSCFixedPoint(5, 1, 0)
	var se *SingularPairError
	if !errors.As(err, &se) || se.I != 0 || se.J != 0 || se.Rho != 4 || se.N != 5 {
		t.Fatalf("N = 5: error = %#v, want a SingularPairError at (0, 0), ρ = 4, N = 5", err)
	}
	if !strings.Contains(err.Error(), "(0, 0): ρ = 4 ≥ N−1 = 4") {
		t.Errorf("error %q does not name the pair, ρ and N−1", err)
	}
	// N = 9: diagonal (α/4 − β/16)/(8/16 − 1/4), off-diagonal (−β/16)/(8/16); dyadic, exact.
	p, err := s.DecoupledSCFixedPoint(9, 1.5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.At(3, 3), 1.375; got != want {
		t.Errorf("p̃*[3][3] = %v, want %v", got, want)
	}
	if got, want := p.At(1, 2), -0.0625; got != want {
		t.Errorf("p̃*[1][2] = %v, want %v", got, want)
	}
	if _, err := s.DecoupledSCFixedPoint(9, 1, math.NaN()); err == nil || !strings.Contains(err.Error(), "β = NaN") {
		t.Errorf("β = NaN: error = %v", err)
	}
}

func TestDCLTargetGolden(t *testing.T) {
	// The decoupled-contrastive target is T2(α = 1, β = 0), printed in docs/theory.md §7
	// with 9 decimals (goldenT2), and equals T1·(1 + ρ/(N−1)).
	s := Toy()
	dcl := s.DCLTarget(ToyBatchSize)
	t1 := s.InfoNCETarget(ToyBatchSize)
	rho := s.DensityRatio()
	tol := 0.5e-9 * (1 + 1e-9) // printed rounding
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if got := dcl.At(i, j); !scalar.EqualWithinAbs(got, goldenT2[i][j], tol) {
				t.Errorf("DCL[%d][%d] = %.12g, golden %v", i, j, got, goldenT2[i][j])
			}
			want := t1.At(i, j) * (1 + rho.At(i, j)/(ToyBatchSize-1))
			if !scalar.EqualWithinRel(dcl.At(i, j), want, 1e-14) { // a few roundings
				t.Errorf("DCL[%d][%d] = %.17g, T1(1 + ρ/(N−1)) = %.17g", i, j, dcl.At(i, j), want)
			}
		}
	}
}

func TestWeightedRowSums(t *testing.T) {
	s := Toy()
	// By hand with q = (0.3, 1.1/3, 1/3) on a non-symmetric T:
	// row 0 of [[1 2 3] ...]: 0.3 + 2.2/3 + 1 = 2.0333…; row 1 of [[0 0 3]]: 1;
	// row 2 of [[1 0 0]]: 0.3.
	tm := mat.NewDense(3, 3, []float64{1, 2, 3, 0, 0, 3, 1, 0, 0})
	got := s.WeightedRowSums(tm)
	for i, want := range []float64{0.3 + 2.2/3 + 1, 1, 0.3} {
		if !scalar.EqualWithinAbs(got[i], want, 1e-15) { // three products: rounding
			t.Errorf("r[%d] = %.17g, want %.17g", i, got[i], want)
		}
	}
	// R1 (docs/theory.md §4): for T2, r_i = (α − β)/(N − 1) exactly in real arithmetic.
	for _, ab := range [][2]float64{{1.5, 0.2}, {0.5, 0.2}, {1, 0}} {
		r := s.WeightedRowSums(s.SCTarget(10, ab[0], ab[1]))
		for i, v := range r {
			if want := (ab[0] - ab[1]) / 9; !scalar.EqualWithinAbs(v, want, 1e-15) {
				t.Errorf("T2(%v, %v): r[%d] = %.17g, want (α−β)/(N−1) = %.17g", ab[0], ab[1], i, v, want)
			}
		}
	}
	for _, shape := range [][2]int{{2, 3}, {3, 2}} {
		want := fmt.Sprintf("%d×%d matrix in a 3-state space", shape[0], shape[1])
		mustPanic(t, "WeightedRowSums of a "+want, want, func() { s.WeightedRowSums(mat.NewDense(shape[0], shape[1], nil)) })
	}
}

// mustPanic is testutil.MustPanic (the shared panic-message check).
var mustPanic = testutil.MustPanic

func TestPopulationShapePanics(t *testing.T) {
	s := Toy()
	good := mat.NewDense(3, 3, nil)
	for _, tc := range []struct {
		what         string
		grad, logits *mat.Dense
		want         string
	}{
		{"3×2 logits", nil, mat.NewDense(3, 2, nil), "3×2 logits in a 3-state space"},
		{"2×3 logits", nil, mat.NewDense(2, 3, nil), "2×3 logits in a 3-state space"},
		{"3×2 gradient", mat.NewDense(3, 2, nil), good, "3×2 output in a 3-state space"},
		{"2×3 gradient", mat.NewDense(2, 3, nil), good, "2×3 output in a 3-state space"},
	} {
		mustPanic(t, "InfoNCE loss, "+tc.what, tc.want, func() { s.InfoNCEPopulationLoss(tc.grad, nil, tc.logits, 10) })
		mustPanic(t, "SC potential, "+tc.what, tc.want, func() { s.SCPopulationPotential(tc.grad, nil, tc.logits, 10, 1, 0) })
	}
}

func TestSCParamsInfinities(t *testing.T) {
	for _, tc := range []struct {
		alpha, beta float64
		want        string
	}{
		{math.Inf(-1), 0, "α = -Inf"},
		{math.Inf(1), 0, "α = +Inf"},
		{1, math.Inf(1), "β = +Inf"},
		{1, math.NaN(), "β = NaN"},
	} {
		if err := CheckSCParams(tc.alpha, tc.beta); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckSCParams(%v, %v) = %v, want an error naming %q", tc.alpha, tc.beta, err, tc.want)
		}
	}
}

func TestCriteriaExactBoundaries(t *testing.T) {
	s := identitySpace(t)
	if lo, hi := s.RhoRange(); lo != 0 || hi != 4 {
		t.Errorf("ρ range = [%v, %v], want [0, 4]", lo, hi)
	}
	// R2: α ρ_ij ≥ 1 + β for every pair; min ρ = 0, so collapse iff β ≤ −1, with
	// equality at β = −1 included.
	for _, tc := range []struct {
		alpha, beta float64
		want        bool
	}{
		{1, -1, true},
		{1, -0.5, false},
		{3, -1.5, true},
		{1, 1, false}, // the diagonal holds (4 ≥ 2), the off-diagonal 0 < 2 does not
	} {
		if got := s.Collapses(tc.alpha, tc.beta); got != tc.want {
			t.Errorf("Collapses(%v, %v) = %v, want %v", tc.alpha, tc.beta, got, tc.want)
		}
	}
	// Negative targets: β > α ρ_ij over pairs i ≤ j: the 6 off-diagonal pairs once
	// β > 0, all 10 once β > 4; at β = 4 = ρ_ii the diagonal is not negative.
	for _, tc := range []struct {
		beta     float64
		want     int
		diagonal bool
	}{
		{0, 0, false},
		{0.5, 6, false},
		{4, 6, false},
		{4.5, 10, true},
	} {
		got := s.NegativeTargetPairs(1, tc.beta)
		diagonal := false
		for _, p := range got {
			diagonal = diagonal || p.I == p.J
			if p.I > p.J {
				t.Errorf("β = %v: pair %v has I > J", tc.beta, p)
			}
		}
		if len(got) != tc.want || diagonal != tc.diagonal {
			t.Errorf("NegativeTargetPairs(1, %v) = %v, want %d pairs (diagonal among them: %v)", tc.beta, got, tc.want, tc.diagonal)
		}
	}
	// Drift and Attainable on both sides of the line: α − β − 1 = ±2⁻³⁹ ≈ 1.8e-12 is
	// beyond AttainTol, ±2⁻⁴¹ ≈ 4.5e-13 within it (exact in float64).
	for _, tc := range []struct {
		alpha  float64
		drift  int
		attain bool
	}{
		{1 + 0x1p-41, 0, true},
		{1 - 0x1p-41, 0, true},
		{1 + 0x1p-39, 1, false},
		{1 - 0x1p-39, -1, false},
	} {
		if got := Drift(tc.alpha, 0); got != tc.drift {
			t.Errorf("Drift(%v, 0) = %d, want %d", tc.alpha, got, tc.drift)
		}
		if got := Attainable(tc.alpha, 0); got != tc.attain {
			t.Errorf("Attainable(%v, 0) = %v, want %v", tc.alpha, got, tc.attain)
		}
	}
}

func TestMutualInformationWithZeros(t *testing.T) {
	// A = I, π uniform over 4: the views are equal, I(V1;V2) = H(π) = log 4; c1 has
	// zeros off the diagonal, whose terms are 0.
	if got := identitySpace(t).MutualInformation(); !scalar.EqualWithinAbs(got, math.Log(4), 1e-15) {
		t.Errorf("I = %v, want log 4", got)
	}
}

func TestSpaceWithZeroSourceMass(t *testing.T) {
	// π = (1/2, 1/2, 0) on the toy A: state 2 is never a source but is reached by views.
	// By hand: q = (0.35, 0.4, 0.25), c1_ij = ½(A_0i A_0j + A_1i A_1j):
	// c1_00 = ½(0.25 + 0.04) = 0.145, c1_01 = ½(0.15 + 0.1) = 0.125, c1_22 = ½(0.04 + 0.09) = 0.065.
	a, _ := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	s, err := NewSpace([]float64{0.5, 0.5, 0}, a)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0.35, 0.4, 0.25} {
		if got := s.ViewMarginal()[i]; !scalar.EqualWithinAbs(got, want, 1e-15) {
			t.Errorf("q[%d] = %v, want %v", i, got, want)
		}
	}
	c1 := s.PositiveJoint()
	for _, tc := range []struct {
		i, j int
		want float64
	}{{0, 0, 0.145}, {0, 1, 0.125}, {1, 0, 0.125}, {2, 2, 0.065}} {
		if got := c1.At(tc.i, tc.j); !scalar.EqualWithinAbs(got, tc.want, 1e-15) { // two products: rounding
			t.Errorf("c1[%d][%d] = %v, want %v", tc.i, tc.j, got, tc.want)
		}
	}
	if src := s.Source(); src[0] != 0.5 || src[2] != 0 {
		t.Errorf("Source = %v", src)
	}
	if s.Augmentation() != a {
		t.Error("Augmentation is not the TPM given")
	}
	if s.Label(2) != "2" {
		t.Errorf("unlabelled state 2 is called %q", s.Label(2))
	}
}

func TestSpaceWithPointSource(t *testing.T) {
	// π = (1, 0, 0): every source is state 0, so the two views are independent draws
	// from row 0 of A: q = A_0· = (0.5, 0.3, 0.2) and c1 = A_0·ᵀA_0· = c2, ρ ≡ 1.
	a, _ := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	s, err := NewSpace([]float64{1, 0, 0}, a)
	if err != nil {
		t.Fatal(err)
	}
	row := []float64{0.5, 0.3, 0.2}
	c1 := s.PositiveJoint()
	for i := range 3 {
		for j := range 3 {
			if got := c1.At(i, j); !scalar.EqualWithinAbs(got, row[i]*row[j], 1e-16) { // one product
				t.Errorf("c1[%d][%d] = %v, want %v", i, j, got, row[i]*row[j])
			}
		}
	}
	if lo, hi := s.RhoRange(); !scalar.EqualWithinAbs(lo, 1, 1e-15) || !scalar.EqualWithinAbs(hi, 1, 1e-15) {
		t.Errorf("ρ range = [%v, %v], want [1, 1]", lo, hi)
	}
}

func TestLabeledSpace(t *testing.T) {
	a, _ := markov.New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	labels := []string{"cat", "dog", "ship"}
	s, err := NewLabeledSpace([]float64{0.2, 0.3, 0.5}, a, labels)
	if err != nil {
		t.Fatal(err)
	}
	labels[1] = "wolf" // the space keeps a copy
	if s.Label(1) != "dog" || s.Label(2) != "ship" {
		t.Errorf("labels %q, %q", s.Label(1), s.Label(2))
	}
	for _, tc := range []struct {
		reason string
		src    []float64
		aug    *markov.TPM
		labels []string
		want   string
	}{
		{"nil TPM", []float64{1}, nil, []string{"a"}, "nil augmentation"},
		{"too few labels", []float64{0.2, 0.3, 0.5}, a, []string{"a", "b"}, "2 labels for 3 states"},
		{"bad source", []float64{0.2, 0.3, 0.6}, a, []string{"a", "b", "c"}, "sums to 1.1"},
		{"source of the wrong length", []float64{0.5, 0.5}, a, []string{"a", "b", "c"}, "source distribution has 2 states"},
	} {
		if _, err := NewLabeledSpace(tc.src, tc.aug, tc.labels); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, err, tc.want)
		}
	}
}

func TestOneStatePopulationLoss(t *testing.T) {
	// m = 1: c1 = c2 = q = 1, D = (1 + (N−1)) e^s, so L = log N and P = 1/N at any logit.
	one, _ := markov.Identity(1)
	s, err := NewSpace([]float64{1}, one)
	if err != nil {
		t.Fatal(err)
	}
	p := mat.NewDense(1, 1, nil)
	l := s.InfoNCEPopulationLoss(nil, p, mat.NewDense(1, 1, []float64{0.7}), 8)
	if !scalar.EqualWithinAbs(l, math.Log(8), 1e-15) || !scalar.EqualWithinAbs(p.At(0, 0), 1.0/8, 1e-16) {
		t.Errorf("L = %v, P = %v; want log 8, 1/8", l, p.At(0, 0))
	}
}
