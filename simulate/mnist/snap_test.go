package mnist

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// bruteNearest is the O(m·d) definition: the smallest Σ_p (y_p − s_jp)², ties to the
// smaller index.
func bruteNearest(states *mat.Dense, y []float64) int {
	m, d := states.Dims()
	arg, best := -1, math.Inf(1)
	for j := 0; j < m; j++ {
		var sum float64
		for p := 0; p < d; p++ {
			e := y[p] - states.At(j, p)
			sum += e * e
		}
		if sum < best {
			arg, best = j, sum
		}
	}
	return arg
}

func TestSnapMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	const m, d, n = 300, 49, 201 // n > snapRows: several GEMM blocks
	states := mat.NewDense(m, d, nil)
	for j := 0; j < m; j++ {
		for p := 0; p < d; p++ {
			// Byte-valued pixels like MNIST, many zeros.
			if rng.Float64() < 0.6 {
				states.Set(j, p, float64(rng.IntN(256))/255)
			}
		}
	}
	// Pixels 3, 10 and 48 are zero in every state (like MNIST's border): Snap skips them
	// in the products, while the views below are non-zero there.
	for j := 0; j < m; j++ {
		states.Set(j, 3, 0)
		states.Set(j, 10, 0)
		states.Set(j, 48, 0)
	}
	// Duplicate states: an exact tie that must go to the smaller index.
	states.SetRow(250, states.RawRowView(17))
	states.SetRow(251, states.RawRowView(17))
	s := NewSnapper(states)
	if len(s.active) != d-3 {
		t.Fatalf("%d active pixels, want %d", len(s.active), d-3)
	}
	views := mat.NewDense(n, d, nil)
	for r := 0; r < n; r++ {
		src := rng.IntN(m)
		for p := 0; p < d; p++ {
			switch r % 3 {
			case 0: // a noisy copy of a state
				views.Set(r, p, states.At(src, p)+0.3*rng.NormFloat64())
			case 1: // exactly a state (the duplicates included)
				views.Set(r, p, states.At(src, p))
			default: // the midpoint of two states: often equidistant
				views.Set(r, p, (states.At(src, p)+states.At((src+1)%m, p))/2)
			}
		}
	}
	views.SetRow(0, states.RawRowView(251)) // tie between 17, 250, 251 → 17
	got := s.Snap(nil, views, &Scratch{})
	for r := 0; r < n; r++ {
		if want := bruteNearest(states, views.RawRowView(r)); got[r] != want {
			t.Errorf("view %d: Snap = %d, brute force = %d", r, got[r], want)
		}
	}
	if got[0] != 17 {
		t.Errorf("tie between duplicate states 17, 250, 251 went to %d, want 17", got[0])
	}
	// A view that is exactly state j snaps to j unless j has an earlier duplicate.
	one := mat.NewDense(1, d, nil)
	one.SetRow(0, states.RawRowView(123))
	if g := s.Snap(nil, one, nil); g[0] != 123 {
		t.Errorf("state 123 snapped to %d", g[0])
	}
}
