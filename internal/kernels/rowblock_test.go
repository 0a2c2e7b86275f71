package kernels

import (
	"fmt"
	"math"
	"strings"
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
		name    string
		dp, nb  int
		ldb, ld int // leading dimensions: of bt (gbt), and of s (e)
	}{
		{"dp not a multiple of 4", 6, 16, 64, 64}, {"dp below 4", 2, 16, 64, 64},
		{"nb not a multiple of 16", 8, 20, 64, 64}, {"nb below 16", 8, 8, 64, 64},
		{"ldb below nb", 8, 32, 31, 64}, {"ld below nb", 8, 32, 64, 31},
	} {
		for kernel, call := range map[string]func(){
			"MulRows4":  func() { MulRows4(big, c.ld, big, c.dp, big, c.ldb, c.nb) },
			"MulRowsT4": func() { MulRowsT4(big, big, c.ld, big, c.ldb, c.dp, c.nb) },
			"AddOuter4": func() { AddOuter4(big, c.ldb, big, c.ld, big, c.dp, c.nb) },
		} {
			testutil.MustPanic(t, kernel+" with "+c.name, "kernels: "+kernel, call)
		}
	}
}

// TestRowBlockSliceLengths: at every level, each row-block kernel runs on slices of
// exactly the length its shape needs (dp = 4, nb = 16, the smallest shape, with
// leading dimensions above nb) and panics with an index or slice bounds error when any
// one of them is one element shorter: the vector kernels read and write through raw
// pointers, so the bounds checks before them are all that keeps them inside the slices.
func TestRowBlockSliceLengths(t *testing.T) {
	const dp, nb, lda, ldb = 4, 16, 20, 24
	// Needed lengths: a 4×dp row block (dp×… for w), bt dp×ldb, s and e 4 rows of lda.
	nA, nBt, nS := 4*dp, (dp-1)*ldb+nb, 3*lda+nb
	for level := Portable; level <= MaxLevel(); level++ {
		withKernels(level, func() {
			for arg := 0; arg <= 3; arg++ { // 0: all exact; k ≥ 1: argument k one short
				n := func(k, length int) []float64 {
					if k == arg {
						length--
					}
					return make([]float64, length)
				}
				for kernel, call := range map[string]func(){
					"MulRows4":  func() { MulRows4(n(1, nS), lda, n(2, nA), dp, n(3, nBt), ldb, nb) },
					"MulRowsT4": func() { MulRowsT4(n(1, nA), n(2, nS), lda, n(3, nBt), ldb, dp, nb) },
					"AddOuter4": func() { AddOuter4(n(1, nBt), ldb, n(2, nS), lda, n(3, nA), dp, nb) },
				} {
					v, panicked := testutil.Recovered(call)
					if arg == 0 {
						if panicked {
							t.Errorf("%s %s on exact lengths: panic %v", level, kernel, v)
						}
						continue
					}
					if !panicked || !strings.Contains(fmt.Sprint(v), "out of range") {
						t.Errorf("%s %s with argument %d one element short: panicked %v (%v), want an out-of-range panic", level, kernel, arg, panicked, v)
					}
				}
			}
		})
	}
}
