package feature

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/markov"
)

// TestSupport: a Space's Support lists exactly the non-zero entries of c1 row by row,
// columns increasing, with c1's own values (the stored upper-triangle entry for j < i);
// a SparseSpace's lists its stored pattern. On a banded 7-state TPM (row k on k, k+1)
// c1 is non-zero on |i − j| ≤ 1 cyclically, 3 pairs a row, and both supports have that
// pattern with the same values to rounding (SYRK against a sparse product: a few ulps
// of entries ≤ 1, so 1e-15).
func TestSupport(t *testing.T) {
	const m = 7
	rows := make([][]float64, m)
	var trip []markov.Triplet
	for k := range rows {
		rows[k] = make([]float64, m)
		rows[k][k], rows[k][(k+1)%m] = 0.25, 0.75
		trip = append(trip, markov.Triplet{Row: k, Col: k, Value: 0.25}, markov.Triplet{Row: k, Col: (k + 1) % m, Value: 0.75})
	}
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	pi := []float64{0.1, 0.2, 0.05, 0.15, 0.2, 0.1, 0.2}
	ds, err := NewSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	sa, err := markov.NewSparse(m, trip)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := NewSparseSpace(pi, sa)
	if err != nil {
		t.Fatal(err)
	}
	c1 := ds.PositiveJoint()
	for name, sup := range map[string]*Support{"dense": ds.Support(), "sparse": ss.Support()} {
		if sup.Len() != m || sup.NNZ() != 3*m {
			t.Fatalf("%s: %d states, %d pairs; want %d, %d", name, sup.Len(), sup.NNZ(), m, 3*m)
		}
		for i, qi := range sup.ViewMarginal() {
			if qi != ds.q[i] {
				t.Errorf("%s: q_%d = %v, want %v", name, i, qi, ds.q[i])
			}
		}
		next := 0
		for i := 0; i < m; i++ {
			cols, vals, off := sup.Row(i)
			if off != next {
				t.Errorf("%s: row %d starts at %d, want %d", name, i, off, next)
			}
			next += len(cols)
			for p, j := range cols {
				if p > 0 && cols[p-1] >= j {
					t.Errorf("%s: row %d columns not increasing: %v", name, i, cols)
				}
				if d := (int(j) - i + m) % m; d != 0 && d != 1 && d != m-1 {
					t.Errorf("%s: stored pair (%d, %d) off the band", name, i, j)
				}
				want := c1.At(i, int(j))
				if name == "dense" && vals[p] != want || !(vals[p]-want <= 1e-15 && want-vals[p] <= 1e-15) {
					t.Errorf("%s: c1(%d, %d) = %v, dense c1 %v", name, i, j, vals[p], want)
				}
			}
		}
	}
}
