package enumerate

import (
	"errors"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestMinimiseNewtonPolish stops L-BFGS after two iterations, so the Newton steps must
// take the gradient the rest of the way, to the same minimiser log ρ (up to row
// constants).
func TestMinimiseNewtonPolish(t *testing.T) {
	s := sharp(t)
	m := s.Len()
	res, err := MinimiseExactInfoNCE(s, 10, nil, MinimiseOptions{MaxIter: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewtonSteps == 0 || res.Iterations > 2 {
		t.Errorf("%d L-BFGS iterations, %d Newton steps: expected the polish to run", res.Iterations, res.NewtonSteps)
	}
	t.Logf("%d L-BFGS iterations (%v), %d Newton steps, max|∇| = %.2g", res.Iterations, res.Status, res.NewtonSteps, res.GradMax)
	lr := logDensityRatio(s)
	tol, _ := minimiserTolerance(t, mustExact(t, s, 10), res)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if !scalar.EqualWithinAbs(res.Logits.At(i, j), lr.At(i, j)-lr.At(i, 0), tol) {
				t.Errorf("s[%d][%d] = %.15g, want %.15g", i, j, res.Logits.At(i, j), lr.At(i, j)-lr.At(i, 0))
			}
		}
	}
}

func TestMinimiseErrors(t *testing.T) {
	toy := feature.Toy()
	identity := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1, 0}, {0, 1}})
	nan := mat.NewDense(3, 3, nil)
	nan.Set(2, 1, 1.0/zero())
	for _, tc := range []struct {
		s      *feature.Space
		n      int
		init   mat.Matrix
		opt    MinimiseOptions
		want   string
		reason string
	}{
		{toy, 1, nil, MinimiseOptions{}, "N = 1", "batch too small"},
		{toy, 4, nil, MinimiseOptions{GradTol: -1}, "GradTol = -1", "negative tolerance"},
		{toy, 4, nil, MinimiseOptions{MaxIter: -3}, "MaxIter = -3", "negative iterations"},
		{toy, 4, nil, MinimiseOptions{NewtonSteps: -1}, "NewtonSteps = -1", "negative Newton steps"},
		{identity, 4, nil, MinimiseOptions{}, "c1[0][1] = 0", "A = I: off-diagonal optimum at −∞"},
		{toy, 4, nan, MinimiseOptions{}, "init[2][1] = +Inf", "non-finite start"},
	} {
		_, err := MinimiseExactInfoNCE(tc.s, tc.n, tc.init, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v, want one containing %q (%s)", err, tc.want, tc.reason)
		}
	}
	// A tolerance below the rounding floor cannot be met: the result comes back with an
	// error wrapping ErrNotConverged.
	res, err := MinimiseExactInfoNCE(toy, 4, nil, MinimiseOptions{GradTol: 1e-30, MaxIter: 5})
	if !errors.Is(err, ErrNotConverged) || res == nil || res.Logits == nil {
		t.Errorf("GradTol = 1e-30: result %v, error %v; want a result and ErrNotConverged", res, err)
	}
}

func zero() float64 { return 0 }

func TestPanicsOnShapeMismatch(t *testing.T) {
	e := mustExact(t, feature.Toy(), 4)
	bad := mat.NewDense(2, 2, nil)
	ok := mat.NewDense(3, 3, nil)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"InfoNCE logits", func() { e.InfoNCE(nil, bad) }},
		{"InfoNCE grad", func() { e.InfoNCE(bad, ok) }},
		{"PositiveProbTo dst", func() { e.PositiveProbTo(bad, ok) }},
		{"SCFieldTo logits", func() { e.SCFieldTo(nil, bad, 1, 0) }},
		{"SCFieldTo NaN α", func() { e.SCFieldTo(nil, ok, zero()/zero(), 0) }},
		{"DecoupledSCFieldTo dst", func() { e.DecoupledSCFieldTo(bad, ok, 1, 0) }},
		{"ExactInfoNCE N = 1", func() { ExactInfoNCE(feature.Toy(), 1, ok, nil) }},
		{"GapTable N = 0", func() { GapTable(feature.Toy(), []int{0}) }},
		{"Compositions negative total", func() { Compositions(-1, 2) }},
		{"LogMultinomial lengths", func() { LogMultinomial([]int{1}, []float64{0.5, 0.5}) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
}
