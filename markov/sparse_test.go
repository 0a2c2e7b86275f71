package markov

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestNewSparseSumsDuplicatesAndMatchesDense(t *testing.T) {
	// Row 0: 0.25 + 0.25 at column 1 (a duplicate) and 0.5 at column 2; row 1 stays; row 2
	// has an explicit zero that is dropped.
	s, err := NewSparse(3, []Triplet{{0, 2, 0.5}, {0, 1, 0.25}, {1, 1, 1}, {0, 1, 0.25}, {2, 0, 1}, {2, 1, 0}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, 0.5, 0.5}, {0, 1, 0}, {1, 0, 0}}
	for k, row := range want {
		for i, v := range row {
			// Exact: sums of dyadic numbers are exact in float64.
			if got := s.At(k, i); got != v {
				t.Errorf("At(%d, %d) = %v, want %v", k, i, got, v)
			}
		}
	}
	if s.NNZ() != 4 {
		t.Errorf("NNZ = %d, want 4 (duplicates summed, zero dropped)", s.NNZ())
	}
	d, err := New(want)
	if err != nil {
		t.Fatal(err)
	}
	back := SparseFromDense(d)
	if back.NNZ() != 4 || back.At(0, 1) != 0.5 || back.At(2, 0) != 1 {
		t.Errorf("SparseFromDense lost entries: nnz %d", back.NNZ())
	}
	dd := s.Dense()
	for k := range 3 {
		for i := range 3 {
			if dd.At(k, i) != want[k][i] {
				t.Errorf("Dense()[%d][%d] = %v, want %v", k, i, dd.At(k, i), want[k][i])
			}
		}
	}
}

func TestNewSparseRejectsBadInput(t *testing.T) {
	tests := []struct {
		reason  string
		m       int
		entries []Triplet
		want    string
	}{
		{"no states", 0, nil, "m = 0"},
		{"column out of range", 2, []Triplet{{0, 0, 1}, {1, 2, 1}}, "entry 1 at (1, 2): index out of range [0, 2)"},
		{"negative row index", 2, []Triplet{{-1, 0, 1}, {1, 1, 1}}, "entry 0 at (-1, 0)"},
		{"negative value", 2, []Triplet{{0, 0, 1}, {0, 1, -0.5}, {0, 1, 0.5}, {1, 1, 1}}, "entry [0][1] = -0.5: negative"},
		{"NaN value", 2, []Triplet{{0, 0, math.NaN()}, {1, 1, 1}}, "entry [0][0] = NaN"},
		{"row missing entirely", 2, []Triplet{{0, 0, 1}, {0, 0, 0}}, "row 1 sums to 0"},
		{"fewer entries than rows", 3, []Triplet{{0, 0, 1}}, "m = 3 states and 1 entries"},
		{"duplicates sum above 1", 2, []Triplet{{0, 0, 0.75}, {0, 0, 0.75}, {1, 1, 1}}, "entry [0][0] = 1.5"},
		{"row sums to 0.999", 2, []Triplet{{0, 0, 0.999}, {1, 1, 1}}, "row 0 sums to 0.999"},
	}
	for _, tc := range tests {
		_, err := NewSparse(tc.m, tc.entries)
		if err == nil {
			t.Errorf("%s: no error", tc.reason)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.reason, err, tc.want)
		}
	}
}

func TestMatrixMarketRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d, err := RandomDirichlet(7, 0.3, rng)
	if err != nil {
		t.Fatal(err)
	}
	s := SparseFromDense(d)
	var buf bytes.Buffer
	if err := s.WriteMatrixMarket(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadMatrixMarket(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 7 {
		for i := range 7 {
			// Exact: the writer uses the shortest representation that parses back exactly.
			if back.At(k, i) != d.At(k, i) {
				t.Errorf("[%d][%d] = %v after the round trip, want %v", k, i, back.At(k, i), d.At(k, i))
			}
		}
	}
}

func TestReadMatrixMarketAcceptsDuplicatesAndComments(t *testing.T) {
	in := "%%MatrixMarket matrix coordinate real general\n% a comment\n\n2 2 4\n1 1 0.25\n% mid-body comment\n1 1 0.25\n1 2 0.5\n2 1 1\n"
	s, err := ReadMatrixMarket(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	// Exact: 0.25 + 0.25 is exact in float64.
	if s.At(0, 0) != 0.5 || s.At(0, 1) != 0.5 || s.At(1, 0) != 1 || s.At(1, 1) != 0 {
		t.Errorf("read %v %v %v %v, want duplicates summed: 0.5 0.5 1 0", s.At(0, 0), s.At(0, 1), s.At(1, 0), s.At(1, 1))
	}
}

func TestReadMatrixMarketRejectsBadFiles(t *testing.T) {
	const banner = "%%MatrixMarket matrix coordinate real general\n"
	tests := []struct {
		reason string
		in     string
		want   string
	}{
		{"empty file", "", "empty file"},
		{"not Matrix Market", "hello\n", "line 1: banner \"hello\": not a Matrix Market file"},
		{"pattern field", "%%MatrixMarket matrix coordinate pattern general\n1 1 1\n1 1\n", "line 1: field \"pattern\""},
		{"complex field", "%%MatrixMarket matrix coordinate complex general\n", "line 1: field \"complex\""},
		{"array format", "%%MatrixMarket matrix array real general\n1 1\n1\n", "line 1: format \"array\""},
		{"symmetric", "%%MatrixMarket matrix coordinate real symmetric\n", "line 1: symmetry \"symmetric\""},
		{"no size line", banner + "% only comments\n", "file ends before the size line"},
		{"non-square", banner + "2 3 1\n1 1 1\n", "line 2: matrix is 2×3"},
		{"bad size line", banner + "2 2\n", "line 2: size line \"2 2\""},
		{"header count too large (truncated body)", banner + "2 2 3\n1 1 1\n2 2 1\n", "file ends after 2 of the 3 entries"},
		{"fewer entries than rows", banner + "2000000000 2000000000 1\n1 1 1\n", "line 2: size line declares 2000000000 rows but only 1 entries"},
		{"header count too small", banner + "2 2 2\n1 1 1\n2 2 1\n2 1 0\n", "line 5: entry beyond the 2"},
		{"row index out of range", banner + "2 2 2\n1 1 1\n3 2 1\n", "line 4: entry \"3 2 1\": index 3 out of range [1, 2]"},
		{"zero index", banner + "2 2 2\n0 1 1\n2 2 1\n", "line 3: entry \"0 1 1\": index 0 out of range"},
		{"NaN value", banner + "2 2 2\n1 1 NaN\n2 2 1\n", "line 3: entry \"1 1 NaN\": value NaN at (row 1, column 1): NaN is not a probability"},
		{"negative value", banner + "2 2 4\n1 1 1\n1 2 -0.5\n1 2 0.5\n2 2 1\n", "line 4: entry \"1 2 -0.5\": value -0.5 at (row 1, column 2): negative probability"},
		{"garbage value", banner + "1 1 1\n1 1 x\n", "line 3: entry \"1 1 x\": value \"x\" is not a number"},
		{"missing value", banner + "1 1 1\n1 1\n", "line 3: entry \"1 1\": want \"row column value\""},
		{"row not summing to 1", banner + "2 2 2\n1 1 0.5\n2 2 1\n", "row 0 sums to 0.5"},
	}
	for _, tc := range tests {
		_, err := ReadMatrixMarket(strings.NewReader(tc.in))
		if err == nil {
			t.Errorf("%s: no error", tc.reason)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.reason, err, tc.want)
		}
	}
	var me *MatrixMarketError
	if _, err := ReadMatrixMarket(strings.NewReader(banner + "1 1 1\n2 1 1\n")); !errors.As(err, &me) || me.Line != 3 {
		t.Errorf("out-of-range error = %v, want a *MatrixMarketError on line 3", err)
	}
}

func FuzzReadMatrixMarket(f *testing.F) {
	f.Add("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 0.5\n1 2 0.5\n2 2 1\n")
	f.Add("%%MatrixMarket matrix coordinate real general\n1 1 2\n1 1 0.5\n1 1 0.5\n")
	f.Add("%%MatrixMarket matrix coordinate real general\n3 3 99999999\n1 1 1\n")
	f.Add("%%MatrixMarket matrix coordinate pattern general\n1 1 1\n1 1\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ReadMatrixMarket(strings.NewReader(in))
		if err != nil {
			return
		}
		// Whatever parses is a valid TPM: rows sum to 1 within SumTol, entries in [0, 1+SumTol].
		rowPtr, cols, vals := s.RawCSR()
		for k := 0; k < s.Len(); k++ {
			sum := 0.0
			for p := rowPtr[k]; p < rowPtr[k+1]; p++ {
				if int(cols[p]) >= s.Len() || !(vals[p] > 0) {
					t.Fatalf("row %d: bad stored entry (%d, %v)", k, cols[p], vals[p])
				}
				sum += vals[p]
			}
			// Same tolerance as the constructor (SumTol), up to reordered rounding of duplicates.
			if !scalar.EqualWithinAbs(sum, 1, 2*SumTol) {
				t.Fatalf("row %d sums to %v", k, sum)
			}
		}
		var buf bytes.Buffer
		if err := s.WriteMatrixMarket(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadMatrixMarket(&buf)
		if err != nil {
			t.Fatalf("written file does not read back: %v", err)
		}
		if back.NNZ() != s.NNZ() {
			t.Fatalf("round trip nnz %d, want %d", back.NNZ(), s.NNZ())
		}
	})
}

func TestHashGraphRows(t *testing.T) {
	const m = 1009 * 2 // coprime to every multiplier
	h, err := HashGraph(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 17, m - 1} {
		want := map[int]float64{i: 0.5}
		for r, a := range []int{3, 7, 11, 13, 17, 19, 23, 29} {
			want[(a*i+[]int{1, 5, 101, 1009, 10007, 7, 77, 777}[r])%m] += 1.0 / 16
		}
		cols, vals := h.Row(nil, nil, i)
		if len(cols) != len(want) {
			t.Errorf("row %d has %d entries, want %d", i, len(cols), len(want))
		}
		for p, c := range cols {
			// Exact: dyadic sums.
			if vals[p] != want[c] {
				t.Errorf("A[%d][%d] = %v, want %v", i, c, vals[p], want[c])
			}
		}
	}
	// Each move is a permutation, so every column sums to 1 (the uniform law is stationary).
	col := make([]float64, m)
	rowPtr, cols, vals := h.RawCSR()
	for k := 0; k < m; k++ {
		for p := rowPtr[k]; p < rowPtr[k+1]; p++ {
			col[cols[p]] += vals[p]
		}
	}
	for i, c := range col {
		// Exact: sums of multiples of 1/16.
		if c != 1 {
			t.Fatalf("column %d sums to %v, want 1", i, c)
		}
	}
	if _, err := HashGraph(21); err == nil || !strings.Contains(err.Error(), "multiplier 3") {
		t.Errorf("HashGraph(21) error = %v, want one naming multiplier 3", err)
	}
}

func TestLazyWalkOnACycle(t *testing.T) {
	const m = 5
	var edges []Edge
	for i := 0; i < m; i++ {
		edges = append(edges, Edge{i, (i + 1) % m})
	}
	a, err := LazyWalk(m+1, edges, 0.5) // state 5 is isolated
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < m; k++ {
		// Exact: 0.5 and 0.25 are dyadic.
		if a.At(k, k) != 0.5 || a.At(k, (k+1)%m) != 0.25 || a.At(k, (k+m-1)%m) != 0.25 {
			t.Errorf("row %d is not (1/4, 1/2, 1/4) around the diagonal", k)
		}
	}
	if a.At(m, m) != 1 {
		t.Errorf("isolated state stays with probability %v, want 1", a.At(m, m))
	}
	if _, err := LazyWalk(3, []Edge{{0, 1}, {2, 2}}, 0.5); err == nil || !strings.Contains(err.Error(), "edge 1 = {2, 2}: self-loop") {
		t.Errorf("self-loop error = %v", err)
	}
	if _, err := LazyWalk(3, []Edge{{0, 3}}, 0.5); err == nil || !strings.Contains(err.Error(), "edge 0 = {0, 3}: vertex out of range") {
		t.Errorf("range error = %v", err)
	}
}

func TestSparseBlock(t *testing.T) {
	a, err := SparseBlock([]int{2, 3}, 0.75)
	if err != nil {
		t.Fatal(err)
	}
	// State 0 (block 0, size 2): 0.75/2 to states 0, 1; 0.25/3 to states 2, 3, 4.
	// State 2 (block 1, size 3): 0.75/3 to states 2, 3, 4; 0.25/2 to states 0, 1.
	want := [][]float64{
		{0.375, 0.375, 0.25 / 3, 0.25 / 3, 0.25 / 3},
		{0.375, 0.375, 0.25 / 3, 0.25 / 3, 0.25 / 3},
		{0.125, 0.125, 0.25, 0.25, 0.25},
	}
	for k, row := range want {
		for i, v := range row {
			// One division each side, so within an ulp.
			if !scalar.EqualWithinAbsOrRel(a.At(k, i), v, 1e-16, 1e-15) {
				t.Errorf("A[%d][%d] = %v, want %v", k, i, a.At(k, i), v)
			}
		}
	}
	if _, err := SparseBlock([]int{3}, 0.5); err == nil {
		t.Error("one block with within < 1: no error")
	}
}

func TestKNNGraph(t *testing.T) {
	// Points on a line at 0, 1, 3, 7: with k = 1 the nearest neighbours are 0→1, 1→0,
	// 3→1 (distance 2 vs 4), 7→3; symmetrised edges {0,1}, {1,2}, {2,3}.
	pts := [][]float64{{0}, {1}, {3}, {7}}
	a, err := KNNGraph(pts, 1, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0.5, 0.5, 0, 0}, {0.25, 0.5, 0.25, 0}, {0, 0.25, 0.5, 0.25}, {0, 0, 0.5, 0.5}}
	for k, row := range want {
		for i, v := range row {
			// Exact: dyadic values.
			if a.At(k, i) != v {
				t.Errorf("A[%d][%d] = %v, want %v", k, i, a.At(k, i), v)
			}
		}
	}
	for _, tc := range []struct {
		reason string
		pts    [][]float64
		k      int
		want   string
	}{
		{"k = m", pts, 4, "k = 4"},
		{"ragged points", [][]float64{{0}, {1, 2}}, 1, "point 1 has dimension 2"},
		{"NaN coordinate", [][]float64{{0}, {math.NaN()}}, 1, "point 1 coordinate 0 = NaN"},
	} {
		if _, err := KNNGraph(tc.pts, tc.k, 0.5); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.reason, err, tc.want)
		}
	}
}
