package markov

import (
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// TestSparseFamilyBoundaries pins the closed parameter ranges of the sparse families:
// stay = 1 and within = 1 are valid (the identity walk; blocks without cross moves) and
// give those TPMs exactly, m = 0 states and masses above 1 are refused with errors
// naming the value.
func TestSparseFamilyBoundaries(t *testing.T) {
	w, err := LazyWalk(3, []Edge{{0, 1}, {1, 2}}, 1)
	if err != nil {
		t.Fatalf("LazyWalk with stay = 1: %v", err)
	}
	for k := 0; k < 3; k++ {
		if w.At(k, k) != 1 {
			t.Errorf("LazyWalk stay = 1: A[%d][%d] = %v, want 1", k, k, w.At(k, k))
		}
	}
	b, err := SparseBlock([]int{2, 2}, 1)
	if err != nil {
		t.Fatalf("SparseBlock with within = 1: %v", err)
	}
	if b.At(0, 2) != 0 || b.At(0, 0)+b.At(0, 1) != 1 {
		t.Errorf("SparseBlock within = 1 moves across blocks: row 0 = %v %v %v %v", b.At(0, 0), b.At(0, 1), b.At(0, 2), b.At(0, 3))
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"LazyWalk stay 1.5", second(LazyWalk(3, nil, 1.5)), "stay probability 1.5"},
		{"SparseBlock within 1.5", second(SparseBlock([]int{2, 2}, 1.5)), "within-block mass 1.5"},
		{"HashGraph m = 0", second(HashGraph(0)), "m = 0 states: need m ≥ 1"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

// TestMatrixMarketSizeLine: each field of the size line must be a non-negative integer;
// the error names the field as written. A size line of zeros passes that check and is
// refused later as an empty matrix, with another message.
func TestMatrixMarketSizeLine(t *testing.T) {
	const banner = "%%MatrixMarket matrix coordinate real general\n"
	for _, c := range []struct{ size, bad string }{{"2 2 x", `"x"`}, {"2 2 -1", `"-1"`}, {"-1 2 2", `"-1"`}} {
		_, err := ReadMatrixMarket(strings.NewReader(banner + c.size + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.bad+" is not a non-negative integer") {
			t.Errorf("size line %q: error %v, want %s named as not a non-negative integer", c.size, err, c.bad)
		}
	}
	_, err := ReadMatrixMarket(strings.NewReader(banner + "0 0 0\n"))
	if err == nil || strings.Contains(err.Error(), "non-negative") {
		t.Errorf("size line \"0 0 0\": error %v, want a refusal of the empty matrix", err)
	}
}

// TestWriteMatrixMarketReportsWriteErrors: a failing writer's error is returned, both
// when it shows only at the final flush (31 states, a few KiB) and when the 64 KiB
// buffer fills in the middle of the entries (2003 states, about 18 000 lines).
func TestWriteMatrixMarketReportsWriteErrors(t *testing.T) {
	for _, m := range []int{31, 2003} {
		h, err := HashGraph(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.WriteMatrixMarket(testutil.FailingWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("m = %d: WriteMatrixMarket to a failing writer: %v, want the write error", m, err)
		}
	}
}

// TestSparseRowRange: Row accepts k in [0, m) and panics at k = m with its own message.
func TestSparseRowRange(t *testing.T) {
	h, err := HashGraph(31)
	if err != nil {
		t.Fatal(err)
	}
	if cols, _ := h.Row(nil, nil, 30); len(cols) == 0 {
		t.Error("Row(30) of a 31-state hash graph is empty")
	}
	// Row's own check, not a runtime index error from reading past rowPtr.
	mustPanic(t, "Row(m)", "row 31 out of range", func() { h.Row(nil, nil, 31) })
}
