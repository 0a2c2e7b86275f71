package markov

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestNewRejectsBadInput(t *testing.T) {
	tests := []struct {
		reason string
		rows   [][]float64
		want   string // a substring the error must contain: the offending value or place
	}{
		{"empty matrix", nil, "empty"},
		{"ragged: row 1 too short", [][]float64{{0.5, 0.5}, {1}}, "row 1 has 1 entries, want 2"},
		{"non-square: rows longer than the row count", [][]float64{{0.5, 0.25, 0.25}}, "row 0 has 3 entries, want 1"},
		{"negative entry", [][]float64{{0.6, -0.1, 0.5}, {0.5, 0.5, 0}, {0, 0, 1}}, "entry [0][1] = -0.1: negative"},
		{"NaN entry", [][]float64{{0.5, 0.5}, {math.NaN(), 0.5}}, "entry [1][0] = NaN"},
		{"+Inf entry", [][]float64{{0.5, 0.5}, {0.5, math.Inf(1)}}, "entry [1][1] = +Inf"},
		{"row does not sum to 1", [][]float64{{0.5, 0.5}, {0.3, 0.3}}, "row 1 sums to 0.6"},
		{"hand-typed thirds", [][]float64{{0.333, 0.333, 0.334}, {0.333, 0.333, 0.333}, {1, 0, 0}}, "row 1 sums to 0.999"},
	}
	for _, tc := range tests {
		_, err := New(tc.rows)
		if err == nil {
			t.Errorf("%s: New(%v) returned no error", tc.reason, tc.rows)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not name %q", tc.reason, err, tc.want)
		}
	}
	var rs *RowSumError
	if _, err := New([][]float64{{0.2, 0.2}, {0.5, 0.5}}); !errors.As(err, &rs) || rs.Row != 0 {
		t.Errorf("row-sum error = %v, want a *RowSumError for row 0", err)
	}
}

func TestNewCopiesAndIsImmutable(t *testing.T) {
	rows := [][]float64{{0.5, 0.5}, {0.25, 0.75}}
	a, err := New(rows)
	if err != nil {
		t.Fatal(err)
	}
	rows[0][0] = 0.9 // the caller's slice changes; the TPM must not
	if a.At(0, 0) != 0.5 {
		t.Errorf("New did not copy its input: At(0,0) = %v after the caller changed the slice", a.At(0, 0))
	}
	r := a.Row(nil, 1)
	r[0] = 7
	d := a.Dense()
	d.Set(1, 1, 7)
	if a.At(1, 0) != 0.25 || a.At(1, 1) != 0.75 {
		t.Errorf("Row or Dense returned shared storage: row 1 is now (%v, %v)", a.At(1, 0), a.At(1, 1))
	}
}

func TestNewDistRejectsBadInput(t *testing.T) {
	tests := []struct {
		reason string
		p      []float64
		want   string
	}{
		{"empty", nil, "empty"},
		{"negative", []float64{0.7, -0.2, 0.5}, "entry [1] = -0.2"},
		{"NaN", []float64{math.NaN(), 1}, "entry [0] = NaN"},
		{"wrong mass", []float64{0.5, 0.4}, "sums to 0.9"},
	}
	for _, tc := range tests {
		_, err := NewDist(tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewDist(%v) error = %v, want one naming %q", tc.reason, tc.p, err, tc.want)
		}
	}
}

func TestApply(t *testing.T) {
	// Toy of docs/theory.md §7: q = πA = (0.3, 0.366667, 0.333333) with π uniform; exact
	// values 0.9/3, 1.1/3, 1/3 up to float64 rounding of three-term sums.
	a, _ := New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	u, _ := Uniform(3)
	q := a.Apply(u)
	want := []float64{0.9 / 3, 1.1 / 3, 1.0 / 3}
	for i, w := range want {
		if !(math.Abs(q.At(i)-w) <= 1e-15) {
			t.Errorf("q[%d] = %.17g, want %.17g", i, q.At(i), w)
		}
	}
}
