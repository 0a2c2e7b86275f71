package markov

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

func TestNewDense(t *testing.T) {
	// A non-symmetric TPM: a transposed copy would be caught, and every entry is a
	// float64 literal copied unchanged, so exact equality.
	rows := [][]float64{{0.5, 0.3, 0.2}, {0.1, 0.6, 0.3}, {0, 0.25, 0.75}}
	d := mat.NewDense(3, 3, []float64{0.5, 0.3, 0.2, 0.1, 0.6, 0.3, 0, 0.25, 0.75})
	a, err := NewDense(d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 3 {
		t.Fatalf("Len = %d, want 3", a.Len())
	}
	for k := range rows {
		for i := range rows[k] {
			if got := a.At(k, i); got != rows[k][i] {
				t.Errorf("At(%d,%d) = %v, want %v", k, i, got, rows[k][i])
			}
		}
	}
	d.Set(0, 0, 0.9) // the TPM holds a copy
	if a.At(0, 0) != 0.5 {
		t.Errorf("NewDense shares its input: At(0,0) = %v after the caller changed it", a.At(0, 0))
	}

	if _, err := NewDense(&mat.Dense{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("0×0 matrix: error = %v, want ErrEmpty", err)
	}
	if _, err := NewDense(noColumns{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("2×0 matrix: error = %v, want ErrEmpty", err)
	}
	if one, err := NewDense(mat.NewDense(1, 1, []float64{1})); err != nil || one.Len() != 1 || one.At(0, 0) != 1 {
		t.Errorf("1×1 [1]: %v, %v; want the one-state TPM", one, err)
	}
	var se *ShapeError
	if _, err := NewDense(mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})); !errors.As(err, &se) || se.Len != 3 || se.Want != 2 {
		t.Errorf("2×3 matrix: error = %v, want a *ShapeError with 3 entries for 2", err)
	}
	var rs *RowSumError
	if _, err := NewDense(mat.NewDense(2, 2, []float64{1, 0, 0.5, 0.25})); !errors.As(err, &rs) || rs.Row != 1 || rs.Sum != 0.75 {
		t.Errorf("row 1 summing to 0.75: error = %v, want a *RowSumError for row 1", err)
	}
	var ee *EntryError
	if _, err := NewDense(mat.NewDense(2, 2, []float64{1, 0, 1.5, -0.5})); !errors.As(err, &ee) || ee.Row != 1 || ee.Col != 0 || !strings.Contains(err.Error(), "above 1") {
		t.Errorf("entry 1.5: error = %v, want an *EntryError at [1][0] for a probability above 1", err)
	}
}

// noColumns is a 2×0 matrix, which mat.Dense cannot represent.
type noColumns struct{}

func (noColumns) Dims() (r, c int)    { return 2, 0 }
func (noColumns) At(i, j int) float64 { panic("noColumns has no entries") }
func (noColumns) T() mat.Matrix       { return mat.Transpose{Matrix: noColumns{}} }

func TestEntryChecks(t *testing.T) {
	tests := []struct {
		reason string
		rows   [][]float64
		want   string
	}{
		// Entries are checked left to right before the row sum: the first bad one is named.
		{"−Inf is infinite, not merely negative", [][]float64{{math.Inf(-1), 1}, {0, 1}}, "entry [0][0] = -Inf: infinite"},
		{"1.5 is above 1 (the row sums to 1 through −0.5)", [][]float64{{1.5, -0.5}, {0, 1}}, "entry [0][0] = 1.5: probability above 1"},
		// ±1e308 are finite: the negative one is a negative entry, the positive one above 1.
		{"−1e308 is finite and negative", [][]float64{{-1e308, 1}, {0, 1}}, "entry [0][0] = -1e+308: negative"},
		{"1e308 is finite and above 1", [][]float64{{1e308, 1}, {0, 1}}, "entry [0][0] = 1e+308: probability above 1"},
		// 1 + SumTol itself is allowed (the check is v > 1 + SumTol): the next entry is named.
		{"1 + SumTol is admitted", [][]float64{{1 + SumTol, -SumTol}, {0, 1}}, "entry [0][1] = -1e-09: negative"},
	}
	for _, tc := range tests {
		_, err := New(tc.rows)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New error = %v, want one naming %q", tc.reason, err, tc.want)
		}
	}
	// A row sum off by half of SumTol is rounding, admitted; 2·SumTol is not.
	if _, err := New([][]float64{{0.5, 0.5 + SumTol/2}, {0.5, 0.5}}); err != nil {
		t.Errorf("row off by SumTol/2: %v", err)
	}
	if _, err := New([][]float64{{0.5, 0.5 + 2*SumTol}, {0.5, 0.5}}); err == nil {
		t.Error("row off by 2·SumTol accepted")
	}
	if _, err := NewDist([]float64{0.5, 0.5 + SumTol/2}); err != nil {
		t.Errorf("vector off by SumTol/2: %v", err)
	}
	if _, err := NewDist([]float64{0.5, 0.5 - 2*SumTol}); err == nil {
		t.Error("vector off by 2·SumTol accepted")
	}
}

// mustPanic is testutil.MustPanic (the shared panic-message check).
var mustPanic = testutil.MustPanic

func TestIndexPanics(t *testing.T) {
	a, _ := New([][]float64{{0.5, 0.5, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}})
	mustPanic(t, "At(0, 3)", "index (0, 3) out of range for a 3-state TPM", func() { a.At(0, 3) })
	mustPanic(t, "At(3, 0)", "index (3, 0) out of range", func() { a.At(3, 0) })
	mustPanic(t, "At(-1, 0)", "index (-1, 0) out of range", func() { a.At(-1, 0) })
	mustPanic(t, "Row(3)", "row 3 out of range for a 3-state TPM", func() { a.Row(nil, 3) })
	p, _ := NewDist([]float64{0.5, 0.5})
	mustPanic(t, "Apply of a 2-state law", "source law has 2 states, TPM has 3", func() { a.Apply(p) })
}

func TestRowAndValuesReuseDst(t *testing.T) {
	a, _ := New([][]float64{{0.5, 0.5, 0}, {0, 0.25, 0.75}, {0.5, 0, 0.5}})
	dst := make([]float64, 3)
	r := a.Row(dst, 1)
	if &r[0] != &dst[0] {
		t.Error("Row allocated although dst had room")
	}
	if r[0] != 0 || r[1] != 0.25 || r[2] != 0.75 {
		t.Errorf("Row(1) = %v, want [0 0.25 0.75]", r)
	}
	long := make([]float64, 5)
	if r := a.Row(long, 2); len(r) != 3 || &r[0] != &long[0] {
		t.Errorf("Row into a longer dst: len %d, shared %v; want 3, true", len(r), &r[0] == &long[0])
	}
	if r := a.Row(make([]float64, 2), 0); len(r) != 3 || r[1] != 0.5 {
		t.Errorf("Row into a short dst = %v, want a fresh [0.5 0.5 0]", r)
	}
	rows := a.Rows()
	if len(rows) != 3 || rows[2][0] != 0.5 || rows[1][2] != 0.75 {
		t.Errorf("Rows = %v", rows)
	}
	p, _ := NewDist([]float64{0.25, 0.75})
	v := make([]float64, 2)
	if w := p.Values(v); &w[0] != &v[0] || w[0] != 0.25 || w[1] != 0.75 {
		t.Errorf("Values into a dst with room = %v (shared %v)", w, &w[0] == &v[0])
	}
	if w := p.Values(nil); len(w) != 2 || w[1] != 0.75 {
		t.Errorf("Values(nil) = %v", w)
	}
}

func TestApplySkipsNothing(t *testing.T) {
	// q = pA by hand with a zero source mass in the middle: p = (0.25, 0, 0.75),
	// q_0 = 0.25·0.5 + 0.75·0.5 = 0.5, q_1 = 0.25·0.5 = 0.125, q_2 = 0.75·0.5 = 0.375.
	// Dyadic numbers: exact in float64.
	a, _ := New([][]float64{{0.5, 0.5, 0}, {0, 0.25, 0.75}, {0.5, 0, 0.5}})
	p, _ := NewDist([]float64{0.25, 0, 0.75})
	q := a.Apply(p)
	for i, want := range []float64{0.5, 0.125, 0.375} {
		if got := q.At(i); got != want {
			t.Errorf("q[%d] = %v, want %v", i, got, want)
		}
	}
	// A point mass on state 1 gives row 1.
	e1, _ := NewDist([]float64{0, 1, 0})
	q = a.Apply(e1)
	for i, want := range []float64{0, 0.25, 0.75} {
		if got := q.At(i); got != want {
			t.Errorf("point mass: q[%d] = %v, want %v", i, got, want)
		}
	}
}

func TestAggregateRejectsBadInput(t *testing.T) {
	toy, _ := New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	u, _ := Uniform(3)
	u2, _ := Uniform(2)
	tests := []struct {
		reason  string
		p       *Dist
		classOf []int
		classes int
		want    string
	}{
		{"source law of another size", u2, []int{0, 1, 1}, 2, "source law has 2 states, TPM has 3"},
		{"class map too short", u, []int{0, 1}, 2, "class map has 2 entries, TPM has 3 states"},
		{"no classes", u, []int{0, 0, 0}, 0, "0 classes, need ≥ 1"},
		{"negative class", u, []int{0, -1, 1}, 2, "state 1 has class -1"},
		{"class equal to the count", u, []int{0, 1, 2}, 2, "state 2 has class 2, out of range [0, 2)"},
		{"empty class", u, []int{0, 0, 2}, 3, "class 1 has source mass 0"},
	}
	for _, tc := range tests {
		if _, err := Aggregate(toy, tc.p, tc.classOf, tc.classes); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, err, tc.want)
		}
	}
	// One class: the 1×1 TPM [1].
	one, err := Aggregate(toy, u, []int{0, 0, 0}, 1)
	if err != nil || one.Len() != 1 || !(math.Abs(one.At(0, 0)-1) <= 1e-15) { // sum of 9 products: rounding
		t.Errorf("one class: %v, %v; want [[1]]", one, err)
	}
}

func TestAggregateToyByHand(t *testing.T) {
	// Toy with classes {0} and {1,2}, π uniform (by hand):
	// Â[0] = (A00, A01 + A02) = (0.5, 0.5),
	// Â[1][0] = (A10 + A20)/2 = 0.2, Â[1][1] = 0.8.
	toy, _ := New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	u, _ := Uniform(3)
	a, err := Aggregate(toy, u, []int{0, 1, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0.5, 0.5}, {0.2, 0.8}}
	for K := range want {
		for J := range want[K] {
			// A few products and sums of numbers ≤ 1 and one division: rounding below 1e-15.
			if got := a.At(K, J); !(math.Abs(got-want[K][J]) <= 1e-15) {
				t.Errorf("Â[%d][%d] = %v, want %v", K, J, got, want[K][J])
			}
		}
	}
}
