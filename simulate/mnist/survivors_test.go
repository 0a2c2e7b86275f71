package mnist

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Tests for survivors of `go run ./internal/mutants -pkg ./simulate/mnist -n 80 -seed 1`
// (2026-12-06): each pins a behaviour, computed by hand, that no other test reached.

// TestWithinBetweenByHand: on a 3×3 class cosine matrix the within value is the mean of
// the 3 diagonal entries and the between value the mean of the 3·2 = 6 off-diagonal ones.
func TestWithinBetweenByHand(t *testing.T) {
	c := mat.NewDense(3, 3, []float64{
		0.9, 0.1, 0.2,
		0.3, 0.6, 0.4,
		0.5, 0.6, 0.3,
	})
	w, b := WithinBetween(c)
	// (0.9+0.6+0.3)/3 = 0.6 and (0.1+0.2+0.3+0.4+0.5+0.6)/6 = 0.35; 1e-15: a few
	// roundings of numbers below 1.
	if !(math.Abs(w-0.6) <= 1e-15) || !(math.Abs(b-0.35) <= 1e-15) {
		t.Errorf("WithinBetween = %v, %v, want 0.6, 0.35", w, b)
	}
}

// TestNearestNeighbourOneRow: a single row has no other row, so it has no neighbour of
// its class: accuracy 0, not 1.
func TestNearestNeighbourOneRow(t *testing.T) {
	if got := NearestNeighbourAccuracy(mat.NewDense(1, 2, []float64{1, 0}), []int{0}); got != 0 {
		t.Errorf("NearestNeighbourAccuracy of one row = %v, want 0", got)
	}
}

// TestProbeClassifiesTheOtherFold: rows alternate between folds within each class, so
// fold 0 holds class 0 at (1, 0) and class 1 at (0, 1), and fold 1 the reverse. A probe
// fitted on one fold classifies every row of the other fold wrongly (accuracy 0); one
// that scored the fold it was fitted on would score 1.
func TestProbeClassifiesTheOtherFold(t *testing.T) {
	z := mat.NewDense(4, 2, []float64{
		1, 0, // class 0, fold 0
		0, 1, // class 1, fold 0
		0, 1, // class 0, fold 1
		1, 0, // class 1, fold 1
	})
	acc, err := ProbeAccuracy(z, []int{0, 1, 0, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if acc != 0 {
		t.Errorf("ProbeAccuracy = %v, want 0 (each fold's probe contradicts the other fold)", acc)
	}
}

// TestSparseSpaceWithLabelsReachable: labels given for a space whose every state is
// reached are not consulted; the space is built without error.
func TestSparseSpaceWithLabelsReachable(t *testing.T) {
	est := &Estimate{R: 2, rows: [][]Count{{{State: 0, N: 1}, {State: 1, N: 1}}, {{State: 0, N: 1}, {State: 1, N: 1}}}}
	sp, err := est.SparseSpace([]string{"image 0 (digit 1)", "image 1 (digit 7)"})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Len() != 2 {
		t.Errorf("SparseSpace has %d states, want 2", sp.Len())
	}
}

// TestSnapRefusesAnInfiniteView: a view with a +∞ pixel against states of positive pixels
// has distance −∞ to every state (‖s‖² − 2·∞); Snap panics (a programmer error: views
// come from Augment, clamped to [0, 1]) instead of returning state 0.
func TestSnapRefusesAnInfiniteView(t *testing.T) {
	s := NewSnapper(mat.NewDense(2, 2, []float64{0.5, 0.5, 0.25, 0.75}))
	defer func() {
		r := recover()
		if msg, _ := r.(string); !strings.Contains(msg, "non-finite view") {
			t.Errorf("Snap of an infinite view: recovered %v, want the non-finite view panic", r)
		}
	}()
	s.Snap(nil, mat.NewDense(1, 2, []float64{math.Inf(1), 0.5}), nil)
}

// TestEstimatorRefusesZeroColumns: an image shape with 0 columns is refused even when
// Rows·Cols matches the states' pixel count (0, for an empty state matrix).
func TestEstimatorRefusesZeroColumns(t *testing.T) {
	e := &Estimator{Snapper: NewSnapper(&mat.Dense{}), Rows: 1, Cols: 0}
	if err := e.check(); err == nil || !strings.Contains(err.Error(), "image shape 1×0") {
		t.Errorf("check of a 1×0 image shape: %v, want the image shape error", err)
	}
}
