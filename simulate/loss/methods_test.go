package loss

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestTargetClosedForms: each loss's Target against the closed forms of
// docs/theory.md §4, written here from the positive joint c1 and the view marginal q of
// the toy space: T1(n) = c1/(c1 + (n−1) q_i q_j) for infonce and, at 2n−1 candidates,
// for ntxent; T2(α, β) = (α c1/(q_i q_j) − β)/(n−1) for scinfonce and T2(1, 0) for dcl.
// Tolerance 1e-14 relative: a few roundings of the same formula in another order.
func TestTargetClosedForms(t *testing.T) {
	s := feature.Toy()
	c1, q := s.PositiveJoint(), s.ViewMarginal()
	const n, alpha, beta = 50, 0.7, 0.2
	t1 := func(k float64) func(i, j int) float64 {
		return func(i, j int) float64 { c := c1.At(i, j); return c / (c + (k-1)*q[i]*q[j]) }
	}
	t2 := func(a, b float64) func(i, j int) float64 {
		return func(i, j int) float64 { return (a*c1.At(i, j)/(q[i]*q[j]) - b) / (n - 1) }
	}
	for _, c := range []struct {
		name string
		want func(i, j int) float64
	}{
		{InfoNCE, t1(n)}, {NTXent, t1(2*n - 1)}, {SCInfoNCE, t2(alpha, beta)}, {DCL, t2(1, 0)},
	} {
		l := mustNew(t, c.name, Params{Tau: 0.5, Alpha: alpha, Beta: beta})
		got, err := l.Target(s, n)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i := range q {
			for j := range q {
				if w := c.want(i, j); !scalar.EqualWithinRel(got.At(i, j), w, 1e-14) {
					t.Errorf("%s target[%d][%d] = %v, closed form %v", c.name, i, j, got.At(i, j), w)
				}
			}
		}
	}
	// scinfonce-decoupled: the fixed point of feature (its equation is tested there).
	want, err := s.DecoupledSCFixedPoint(n, alpha, beta)
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustNew(t, SCInfoNCEDecoupled, Params{Tau: 1, Alpha: alpha, Beta: beta}).Target(s, n)
	if err != nil || !mat.Equal(got, want) {
		t.Errorf("scinfonce-decoupled target %v (%v), want feature's fixed point %v", got, err, want)
	}
}

// TestTargetErrors: dhel and spectral have no target and say so by name; n < 2 and a
// non-finite α are refused naming the value.
func TestTargetErrors(t *testing.T) {
	s := feature.Toy()
	for _, name := range []string{DHEL, Spectral} {
		_, err := mustNew(t, name, Params{Tau: 1}).Target(s, 10)
		if err == nil || !strings.Contains(err.Error(), name+" has no mean-field target") {
			t.Errorf("%s Target: error %v, want one naming the loss", name, err)
		}
	}
	for _, name := range theoryNames() {
		if _, err := mustNew(t, name, Params{Tau: 1}).Target(s, 1); err == nil {
			t.Errorf("%s Target at n = 1: no error", name)
		} else if name != DHEL && name != Spectral && !strings.Contains(err.Error(), "N = 1") {
			t.Errorf("%s Target at n = 1: error %q does not name N = 1", name, err)
		}
	}
	nan := math.NaN()
	for _, l := range []Loss{&SCInfoNCELoss{Tau: 1, Alpha: nan}, &SCInfoNCEDecoupledLoss{Tau: 1, Alpha: nan}} {
		if _, err := l.Target(s, 10); err == nil || !strings.Contains(err.Error(), "NaN") {
			t.Errorf("%s Target with α = NaN: error %v, want one naming NaN", l.Name(), err)
		}
	}
}

// TestNormalisationAndLayoutTable: the normalisation and layout of every loss, as
// docs/theory.md §3 and §6 state them: decoupled for dcl, scinfonce-decoupled and dhel;
// joint views for ntxent only; and DecoupledNormalisation agrees with the values.
func TestNormalisationAndLayoutTable(t *testing.T) {
	decoupled := []string{DCL, SCInfoNCEDecoupled, DHEL}
	for _, name := range theoryNames() {
		l := mustNew(t, name, Params{Tau: 1})
		if got, want := l.Decoupled(), slices.Contains(decoupled, name); got != want {
			t.Errorf("%s: Decoupled() = %v, want %v", name, got, want)
		}
		if d, err := DecoupledNormalisation(name); err != nil || d != l.Decoupled() {
			t.Errorf("DecoupledNormalisation(%q) = %v, %v; the value says %v", name, d, err, l.Decoupled())
		}
		want := CrossView
		if name == NTXent {
			want = JointViews
		}
		if l.Layout() != want {
			t.Errorf("%s: Layout() = %v, want %v", name, l.Layout(), want)
		}
		if ll, ok := l.(LogitLoss); ok && ll.LogitSize(7) != want.Side(7) {
			t.Errorf("%s: LogitSize(7) = %d, layout side %d", name, ll.LogitSize(7), want.Side(7))
		}
	}
	if _, err := DecoupledNormalisation("nce"); err == nil || !strings.Contains(err.Error(), `"nce"`) {
		t.Errorf("DecoupledNormalisation(nce): error %v, want one naming it", err)
	}
}

// TestLayoutGeometry: sides, positives and operands of the two layouts, by hand.
func TestLayoutGeometry(t *testing.T) {
	if CrossView.Side(5) != 5 || JointViews.Side(5) != 10 {
		t.Errorf("sides %d, %d, want 5, 10", CrossView.Side(5), JointViews.Side(5))
	}
	for x, want := range []int{3, 4, 5, 0, 1, 2} {
		if got := JointViews.Positive(x, 6); got != want {
			t.Errorf("JointViews.Positive(%d, 6) = %d, want %d", x, got, want)
		}
		if got := CrossView.Positive(x, 6); got != x {
			t.Errorf("CrossView.Positive(%d, 6) = %d, want %d", x, got, x)
		}
	}
	v1, v2, all := []int{1}, []int{2}, []int{1, 2}
	if r, c := Arrange(CrossView, v1, v2, all); !slices.Equal(r, v1) || !slices.Equal(c, v2) {
		t.Errorf("Arrange(CrossView) = %v, %v, want view 1, view 2", r, c)
	}
	if r, c := Arrange(JointViews, v1, v2, all); !slices.Equal(r, all) || !slices.Equal(c, all) {
		t.Errorf("Arrange(JointViews) = %v, %v, want all, all", r, c)
	}
	if CrossView.String() != "cross view" || JointViews.String() != "joint views" {
		t.Errorf("names %q, %q", CrossView, JointViews)
	}
	// PositiveProb by layout: zero logits give 1/(side − 1) in the joint layout (the
	// positive among the other 2n − 1 views) and 1/n in the cross layout.
	for _, c := range []struct {
		lay  Layout
		want float64
	}{{CrossView, 1.0 / 3}, {JointViews, 1.0 / 5}} {
		side := c.lay.Side(3)
		dst := make([]float64, side)
		c.lay.PositiveProb(dst, mat.NewDense(side, side, nil), false)
		for x, p := range dst {
			if !scalar.EqualWithinAbs(p, c.want, 1e-15) {
				t.Errorf("%v PositiveProb[%d] of zero logits = %v, want %v", c.lay, x, p, c.want)
			}
		}
	}
}

// TestLookupUnknownName: an unknown name is refused listing the valid ones; Lookup does
// not check the parameters (τ = 0 passes), New does.
func TestLookupUnknownName(t *testing.T) {
	_, err := Lookup("nce", Params{}, 0)
	if err == nil || !strings.Contains(err.Error(), `"nce"`) || !strings.Contains(err.Error(), strings.Join(Names(), ", ")) {
		t.Errorf("Lookup(nce): error %v, want one naming it and the valid names", err)
	}
	if _, err := Lookup(InfoNCE, Params{}, 0); err != nil {
		t.Errorf("Lookup(infonce, τ = 0): %v, want no check", err)
	}
	if _, err := New(InfoNCE, Params{}); err == nil {
		t.Error("New(infonce, τ = 0): no error")
	}
}
