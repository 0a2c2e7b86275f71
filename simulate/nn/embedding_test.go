package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNewEmbeddingErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		m, d   int
		want   string
		reason string
	}{
		{0, 3, "m = 0", "no states"},
		{3, 0, "d = 0", "zero dimension"},
		{-2, 3, "m = -2", "negative state count"},
		{3, -1, "d = -1", "negative dimension"},
	}
	for _, tt := range tests {
		_, err := NewEmbedding(tt.m, tt.d, rng)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewEmbedding(%d, %d) error = %v, want one naming %q (%s)", tt.m, tt.d, err, tt.want, tt.reason)
		}
	}
}

// TestEmbeddingInit checks the standard-normal init: the sample mean and variance of
// m·d = 4000 entries lie within 4 standard errors of 0 and 1 (SE of the mean 1/√n,
// of the variance √(2/n) for a normal law), and the same seed gives the same vectors.
func TestEmbeddingInit(t *testing.T) {
	const m, d = 100, 40
	e, err := NewEmbedding(m, d, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	n := float64(m * d)
	var sum, sq float64
	for _, v := range e.Params() {
		sum += v
		sq += v * v
	}
	mean := sum / n
	variance := sq/n - mean*mean
	if se := 1 / math.Sqrt(n); !(math.Abs(mean) < 4*se) {
		t.Errorf("init mean = %v, want 0 within 4 SE = %v", mean, 4*se)
	}
	if se := math.Sqrt(2 / n); !(math.Abs(variance-1) < 4*se) {
		t.Errorf("init variance = %v, want 1 within 4 SE = %v", variance, 4*se)
	}
	again, _ := NewEmbedding(m, d, rand.New(rand.NewPCG(7, 8)))
	if !bitsEqual(e.Params(), again.Params()) {
		t.Errorf("the same seed gave different embeddings")
	}
}

// TestC30_EmbeddingGradient checks Forward (rows are copies of the state vectors)
// and Backward against finite differences of L = Σ W∘z, with repeated states and a
// state that does not occur (its gradient must be 0).
func TestC30_EmbeddingGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const m, d = 5, 3
	e, _ := NewEmbedding(m, d, rng)
	states := []int{0, 2, 2, 4, 0, 1, 2}
	z := &mat.Dense{}
	e.Forward(z, states, nil)
	for a, s := range states {
		for j := 0; j < d; j++ {
			if z.At(a, j) != e.Params()[s*d+j] {
				t.Errorf("z[%d][%d] = %v, want u_%d[%d] = %v", a, j, z.At(a, j), s, j, e.Params()[s*d+j])
			}
		}
	}
	w := randDense(rng, len(states), d)
	e.ZeroGrad()
	e.Backward(w)
	grad := append([]float64(nil), e.Grad()...)
	for j := 0; j < d; j++ {
		if grad[3*d+j] != 0 {
			t.Errorf("gradient of the absent state 3 [%d] = %v, want 0", j, grad[3*d+j])
		}
	}
	checkGradient(t, "Embedding", e.Params(), grad, func() float64 {
		e.Forward(z, states, nil)
		return weightedSum(w, z)
	})
	// Forward copies states: changing the caller's slice after Forward does not
	// change what Backward scatters to.
	mutated := append([]int(nil), states...)
	e.Forward(z, mutated, nil)
	mutated[0] = 3
	e.ZeroGrad()
	e.Backward(w)
	if !bitsEqual(e.Grad(), grad) {
		t.Errorf("Backward depends on the caller's states slice after Forward")
	}
}

func TestEmbeddingPanics(t *testing.T) {
	e, _ := NewEmbedding(3, 2, rand.New(rand.NewPCG(1, 1)))
	fresh, _ := NewEmbedding(3, 2, rand.New(rand.NewPCG(1, 1)))
	tests := []struct {
		name string
		call func()
	}{
		{"state out of range", func() { e.Forward(&mat.Dense{}, []int{0, 3}, nil) }},
		{"negative state", func() { e.Forward(&mat.Dense{}, []int{-1}, nil) }},
		{"wrong dst shape", func() { e.Forward(mat.NewDense(2, 3, nil), []int{0, 1}, nil) }},
		{"nil dst", func() { e.Forward(nil, []int{0}, nil) }},
		{"Backward before Forward", func() { fresh.Backward(mat.NewDense(1, 2, nil)) }},
		{"Backward wrong shape", func() {
			e.Forward(&mat.Dense{}, []int{0, 1}, nil)
			e.Backward(mat.NewDense(3, 2, nil))
		}},
	}
	for _, tt := range tests {
		mustPanic(t, tt.name, tt.call)
	}
}
