package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestC30_MLPGradientOddRows: Backward treats rows in pairs (backRows2) and a chunk's
// odd last row alone (backRow). With one or three rows and hidden widths ≥ 8 the lone
// row passes through backRow's second 4-unit block; its gradient is checked against
// finite differences (checkGradient's tolerance) like TestC30_MLPGradient's.
func TestC30_MLPGradientOddRows(t *testing.T) {
	for _, tc := range []struct {
		widths []int
		rows   int
	}{
		{[]int{3, 16, 2}, 1},
		{[]int{4, 12, 9, 3}, 3},
	} {
		t.Run(fmt.Sprint(tc.widths, tc.rows), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(17, uint64(tc.rows)))
			m, err := NewMLP(tc.widths, rng)
			if err != nil {
				t.Fatal(err)
			}
			x := randDense(rng, tc.rows, tc.widths[0])
			out := &mat.Dense{}
			m.Forward(out, nil, x)
			w := randDense(rng, tc.rows, tc.widths[len(tc.widths)-1])
			m.ZeroGrad()
			m.Backward(w)
			grad := append([]float64(nil), m.Grad()...)
			mask := reluPattern(m)
			switched := 0
			checkGradient(t, fmt.Sprint(tc.widths), m.Params(), grad, func() float64 {
				m.Forward(out, nil, x)
				if !equalBools(reluPattern(m), mask) {
					switched++
				}
				return weightedSum(w, out)
			})
			if switched > 0 {
				t.Fatalf("%d finite-difference evaluations crossed a ReLU kink: pick another seed", switched)
			}
		})
	}
}

func TestMLPForwardShapeMessage(t *testing.T) {
	m, err := NewMLP([]int{3, 4, 2}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r, _ := recover().(string); r != "nn: MLP.Forward: x is 5×2, want 5×3" {
			t.Errorf("x of width 2 for 3 inputs: panic %q", r)
		}
	}()
	m.Forward(&mat.Dense{}, nil, mat.NewDense(5, 2, nil))
}
