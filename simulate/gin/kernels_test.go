package gin

import (
	"math"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

func TestKernelsAgainstLoops(t *testing.T) {
	// Inputs with exact 0 and 1 entries (the kernels skip zero multipliers).
	x := []float64{1, 0, -2, 0.5}
	w := []float64{ // 4×3
		1, 2, 3,
		-1, 0.5, 4,
		2, -3, 1,
		0.25, 1, -1,
	}
	y := []float64{0.1, 0.2, 0.3}
	addVecMat(y, x, w, 3)
	for o := range 3 {
		want := []float64{0.1, 0.2, 0.3}[o]
		for r := range 4 {
			want += x[r] * w[r*3+o]
		}
		if !(math.Abs(y[o]-want) <= 1e-15) { // 4 products of small binary fractions
			t.Errorf("addVecMat[%d] = %v, want %v", o, y[o], want)
		}
	}
	g := []float64{1, -1, 2}
	gw := make([]float64, 12)
	outer(gw, x, g)
	for r := range 4 {
		for o := range 3 {
			if gw[r*3+o] != x[r]*g[o] {
				t.Errorf("outer[%d][%d] = %v, want %v", r, o, gw[r*3+o], x[r]*g[o])
			}
		}
	}
	out := make([]float64, 4)
	matVecT(out, w, g)
	for r := range 4 {
		want := w[r*3]*g[0] + w[r*3+1]*g[1] + w[r*3+2]*g[2]
		if out[r] != want {
			t.Errorf("matVecT[%d] = %v, want %v", r, out[r], want)
		}
	}
	h := []float64{-1, 0, 2, math.NaN()}
	relu(h)
	if h[0] != 0 || h[1] != 0 || h[2] != 2 || !math.IsNaN(h[3]) {
		t.Errorf("relu: %v", h)
	}
	d := []float64{5, 5, 5, 5}
	reluBack(d, []float64{-1, 0, 3, math.NaN()})
	if d[0] != 0 || d[1] != 0 || d[2] != 5 || d[3] != 0 {
		t.Errorf("reluBack: %v", d)
	}
	if !allZero([]float64{0, 0}) || allZero([]float64{0, 1e-300}) {
		t.Error("allZero")
	}
	testutil.MustPanic(t, "addTo", "short operand", func() { addTo(make([]float64, 3), make([]float64, 2, 8)) })
	testutil.MustPanic(t, "axpy", "short operand", func() { axpy(make([]float64, 3), 1, make([]float64, 2, 8)) })
}
