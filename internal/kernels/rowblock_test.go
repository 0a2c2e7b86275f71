package kernels

import (
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// TestRowBlockShapes: the exported row-block kernels accept dp a positive multiple of 4
// and nb a positive multiple of 16 (with ld ≥ nb) and panic otherwise; on valid shapes
// they compute the products their docs state, checked against plain loops on small
// integers (exact in float64).
func TestRowBlockShapes(t *testing.T) {
	const dp, nb = 8, 32
	a := make([]float64, 4*dp)
	bt := make([]float64, dp*nb)
	e := make([]float64, 4*nb)
	for i := range a {
		a[i] = float64(i%5 - 2)
	}
	for i := range bt {
		bt[i] = float64(i%7 - 3)
	}
	for i := range e {
		e[i] = float64(i%3 - 1)
	}
	s := make([]float64, 4*nb)
	MulRows4(s, nb, a, dp, bt, nb, nb)
	out := make([]float64, 4*dp)
	MulRowsT4(out, e, nb, bt, nb, dp, nb)
	g := make([]float64, dp*nb)
	AddOuter4(g, nb, e, nb, a, dp, nb)
	for r := 0; r < 4; r++ {
		for j := 0; j < nb; j++ {
			var want float64
			for k := 0; k < dp; k++ {
				want += a[r*dp+k] * bt[k*nb+j]
			}
			if s[r*nb+j] != want {
				t.Fatalf("MulRows4[%d][%d] = %v, want %v", r, j, s[r*nb+j], want)
			}
		}
		for k := 0; k < dp; k++ {
			var want float64
			for j := 0; j < nb; j++ {
				want += e[r*nb+j] * bt[k*nb+j]
			}
			if out[r*dp+k] != want {
				t.Fatalf("MulRowsT4[%d][%d] = %v, want %v", r, k, out[r*dp+k], want)
			}
		}
	}
	for k := 0; k < dp; k++ {
		for j := 0; j < nb; j++ {
			var want float64
			for r := 0; r < 4; r++ {
				want += e[r*nb+j] * a[r*dp+k]
			}
			if g[k*nb+j] != want || math.IsNaN(want) {
				t.Fatalf("AddOuter4[%d][%d] = %v, want %v", k, j, g[k*nb+j], want)
			}
		}
	}
	big := make([]float64, 64*64)
	for _, c := range []struct {
		name   string
		dp, nb int
	}{{"dp not a multiple of 4", 6, 16}, {"dp below 4", 2, 16}, {"nb not a multiple of 16", 8, 20}, {"nb below 16", 8, 8}} {
		for kernel, call := range map[string]func(){
			"MulRows4":  func() { MulRows4(big, 64, big, c.dp, big, 64, c.nb) },
			"MulRowsT4": func() { MulRowsT4(big, big, 64, big, 64, c.dp, c.nb) },
			"AddOuter4": func() { AddOuter4(big, 64, big, 64, big, c.dp, c.nb) },
		} {
			testutil.MustPanic(t, kernel+" with "+c.name, "kernels: "+kernel, call)
		}
	}
}
