package feature

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/infonce-lab/infonce-lab/markov"
)

// TestNormalizedOpWideBlock: the operator applied to a block of b = 20 vectors (more
// than the 16-wide accumulator, so the column loop takes two passes) equals the
// operator applied to each vector alone (b = 1, the plain mat-vec path), to float64
// rounding: each entry is the same two sparse sums, accumulated in the same order.
func TestNormalizedOpWideBlock(t *testing.T) {
	const m, b = 40, 20
	rng := rand.New(rand.NewPCG(3, 5))
	aug, err := markov.RandomDirichlet(m, 0.3, rng)
	if err != nil {
		t.Fatal(err)
	}
	src := make([]float64, m)
	for i := range src {
		src[i] = 1 / float64(m)
	}
	s, err := NewSparseSpace(src, markov.SparseFromDense(aug))
	if err != nil {
		t.Fatal(err)
	}
	x := make([][]float64, b)
	block := make([][]float64, b)
	for r := range x {
		x[r] = make([]float64, m)
		block[r] = make([]float64, m)
		for i := range x[r] {
			x[r][i] = rng.NormFloat64()
		}
	}
	s.normalizedOp(2).apply(block, x)
	one := s.normalizedOp(1)
	col := [][]float64{make([]float64, m)}
	for r := range x {
		one.apply(col, [][]float64{x[r]})
		for i := range col[0] {
			// 1e-13: both sides sum the same O(m) products; the block path may use a
			// different association only through the compiler, well within 4m·ε.
			if d := block[r][i] - col[0][i]; !(math.Abs(d) <= 1e-13*(1+math.Abs(col[0][i]))) {
				t.Fatalf("column %d entry %d: block %v, alone %v", r, i, block[r][i], col[0][i])
			}
		}
	}
}

// TestSparseCollapsesScalesByAlpha: R2 is αρ_ij ≥ 1 + β for every pair; on the toy
// (ρ from 0.8667 to 1.2222, docs/theory.md §7) with α = 2, β = 0.7 it holds (2·0.8667 =
// 1.733 ≥ 1.7), while ρ/α would fail it (2/1.2222 = 1.636 < 1.7), and at β = 0.75 it fails
// (1.733 < 1.75). The dense space agrees.
func TestSparseCollapsesScalesByAlpha(t *testing.T) {
	toy := Toy()
	s, err := NewSparseSpace([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, markov.SparseFromDense(toyTPM(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		beta float64
		want bool
	}{{0.7, true}, {0.75, false}} {
		if got, dense := s.Collapses(2, c.beta), toy.Collapses(2, c.beta); got != c.want || dense != c.want {
			t.Errorf("α = 2, β = %v: sparse Collapses %v, dense %v, want %v", c.beta, got, dense, c.want)
		}
	}
}

// TestSpectralResidualContract: every returned pair meets the documented criterion
// ‖Mx − θx‖ ≤ Tol·max(|θ|, ε^{2/3}), with the residual recomputed here by applying the
// operator to the returned vector, for blocks of 1, 2 and 3 and a loose Tol (1e-5), where
// a solver that misjudged its residuals would stop early. The slack 1e-12 covers the
// rounding of recomputing Mx (O(nnz·ε) for unit x).
func TestSpectralResidualContract(t *testing.T) {
	const m, k, tol = 300, 6, 1e-5
	rng := rand.New(rand.NewPCG(11, 2))
	var trip []markov.Triplet
	for i := 0; i < m; i++ {
		// Stay w.p. 0.4 (so every state is reached), move to three neighbours on a ring
		// and one random state (duplicates are summed).
		trip = append(trip, markov.Triplet{Row: i, Col: i, Value: 0.4},
			markov.Triplet{Row: i, Col: (i + 1) % m, Value: 0.2},
			markov.Triplet{Row: i, Col: (i + 7) % m, Value: 0.15},
			markov.Triplet{Row: i, Col: (i + 31) % m, Value: 0.15},
			markov.Triplet{Row: i, Col: rng.IntN(m), Value: 0.1})
	}
	aug, err := markov.NewSparse(m, trip)
	if err != nil {
		t.Fatal(err)
	}
	src := make([]float64, m)
	for i := range src {
		src[i] = (1 + float64(i%5)) / (3 * float64(m))
	}
	s, err := NewSparseSpace(src, aug)
	if err != nil {
		t.Fatal(err)
	}
	op := s.normalizedOp(1)
	for _, block := range []int{1, 2, 3} {
		vals, vecs, _, err := s.SpectralWith(k, SpectralOptions{Tol: tol, Block: block})
		if err != nil {
			t.Fatalf("block %d: %v", block, err)
		}
		x := make([]float64, m)
		mx := [][]float64{make([]float64, m)}
		for c, theta := range vals {
			for i := range x {
				x[i] = vecs.At(i, c)
			}
			op.apply(mx, [][]float64{x})
			var r2 float64
			for i := range x {
				d := mx[0][i] - theta*x[i]
				r2 += d * d
			}
			if res, bound := math.Sqrt(r2), tol*math.Max(math.Abs(theta), 0x1p-35)+1e-12; !(res <= bound) {
				t.Errorf("block %d, pair %d (θ = %.10g): residual %.3g > %.3g", block, c, theta, res, bound)
			}
		}
	}
}
