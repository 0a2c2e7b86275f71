package simulate

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestMeasureGeometryClosedForms checks the geometry of hand-made embeddings whose
// measurements are known exactly. Tolerances: float64 rounding of sums of ≤ 8 terms
// of order 1 (1e-14).
func TestMeasureGeometryClosedForms(t *testing.T) {
	const tol = 1e-14
	// Three states on orthogonal axes, two views each (scaled differently: the
	// geometry uses unit embeddings): class cosines I, spread 0, effective rank 3.
	z := mat.NewDense(6, 3, []float64{
		2, 0, 0,
		0.5, 0, 0,
		0, 3, 0,
		0, 1, 0,
		0, 0, 7,
		0, 0, 1,
	})
	states := []int{0, 0, 1, 1, 2, 2}
	g := MeasureGeometry(z, states, 3, 0.5, true)
	if !mat.EqualApprox(g.ClassCosine, mat.NewDiagDense(3, []float64{1, 1, 1}), tol) {
		t.Errorf("orthogonal classes: class cosine\n%v", mat.Formatted(g.ClassCosine))
	}
	for i, s := range g.Spread {
		if !scalar.EqualWithinAbs(s, 0, tol) {
			t.Errorf("spread[%d] = %v, want 0", i, s)
		}
	}
	if !scalar.EqualWithinAbs(g.EffectiveRank, 3, 1e-12) {
		t.Errorf("effective rank = %v, want 3", g.EffectiveRank)
	}
	// metric_fn at τ = 0.5: a row has e^{2} for its own class (2 views, self
	// included) and e^{0} for the 4 others: P(same) = e²/(2e² + 4) per view.
	same := math.Exp(2) / (2*math.Exp(2) + 4)
	other := 1 / (2*math.Exp(2) + 4)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := other
			if i == j {
				want = same
			}
			if got := g.Metric.At(i, j); !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
				t.Errorf("metric_fn[%d][%d] = %v, want %v", i, j, got, want)
			}
		}
	}

	// Two views of state 0 at 90° from each other: class mean (1/2, 1/2), ‖μ‖² = 1/2,
	// spread 1/2; conver_target_00 = mean cosine over the 4 ordered pairs = 1/2.
	z2 := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	g2 := MeasureGeometry(z2, []int{0, 0, 1}, 2, 1, false)
	if !scalar.EqualWithinAbs(g2.Spread[0], 0.5, tol) || !scalar.EqualWithinAbs(g2.ConverTarget.At(0, 0), 0.5, tol) {
		t.Errorf("spread = %v, conver_target_00 = %v, want 0.5 and 0.5", g2.Spread[0], g2.ConverTarget.At(0, 0))
	}
	// The class mean of state 0 points along (1,1), state 1's too: class cosine 1.
	if !scalar.EqualWithinAbs(g2.ClassCosine.At(0, 1), 1, tol) {
		t.Errorf("class cosine (0,1) = %v, want 1", g2.ClassCosine.At(0, 1))
	}
	if g2.Metric != nil {
		t.Error("metric_fn computed without being asked")
	}
	// A state with no view is NaN, not 0.
	g3 := MeasureGeometry(z2, []int{0, 0, 0}, 2, 1, false)
	if !math.IsNaN(g3.ClassCosine.At(1, 1)) || !math.IsNaN(g3.Spread[1]) {
		t.Error("a state with no view must give NaN measurements")
	}
}

// TestMeasureGeometryUnequalNormsAndZeroRows: the class cosine divides by both class
// means' norms (here 1/√2 and 1/2, so the cosine is symmetric only if it does), a zero
// embedding stays zero (it is not normalised to NaN) and counts in its class mean, and
// collinear embeddings have effective rank 1. Tolerances as in
// TestMeasureGeometryClosedForms: rounding of a few order-1 terms (1e-14), and for
// the rank √(rounding of the zero eigenvalue) ≈ 1e-8, whose entropy term
// −p log p stays below 1e-6.
func TestMeasureGeometryUnequalNormsAndZeroRows(t *testing.T) {
	const tol = 1e-14
	// State 0: (1,0) and (0,1), mean (½,½), norm 1/√2. State 1: (1,1)/√2 and the zero
	// row, mean (1/(2√2), 1/(2√2)), norm ½. Both means point along (1,1): cosine 1.
	z := mat.NewDense(4, 2, []float64{1, 0, 0, 1, 3, 3, 0, 0})
	g := MeasureGeometry(z, []int{0, 0, 1, 1}, 2, 1, false)
	for _, ij := range [][2]int{{0, 1}, {1, 0}, {0, 0}, {1, 1}} {
		if c := g.ClassCosine.At(ij[0], ij[1]); !scalar.EqualWithinAbs(c, 1, tol) {
			t.Errorf("class cosine %v = %v, want 1", ij, c)
		}
	}
	// ⟨μ_0, μ_1⟩ = 2·½·1/(2√2) = 1/(2√2); spread of state 1: 1 − ¼ = ¾.
	if got, want := g.ConverTarget.At(1, 0), 1/(2*math.Sqrt2); !scalar.EqualWithinAbs(got, want, tol) {
		t.Errorf("conver_target(1,0) = %v, want %v", got, want)
	}
	if !scalar.EqualWithinAbs(g.Spread[1], 0.75, tol) || !scalar.EqualWithinAbs(g.Spread[0], 0.5, tol) {
		t.Errorf("spread = %v, want [0.5 0.75]", g.Spread)
	}
	// Five views on one axis: singular values (√5, 0), effective rank exp(0) = 1.
	line := mat.NewDense(5, 2, []float64{1, 0, 2, 0, 3, 0, 4, 0, 5, 0})
	if r := MeasureGeometry(line, []int{0, 1, 0, 1, 0}, 2, 1, false).EffectiveRank; !scalar.EqualWithinAbs(r, 1, 1e-6) {
		t.Errorf("effective rank of collinear embeddings = %v, want 1", r)
	}
}
