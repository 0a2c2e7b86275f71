package markov

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// rowStochastic checks a family's output the way New does, independently of its code.
func rowStochastic(t *testing.T, name string, a *TPM) {
	t.Helper()
	if _, err := New(a.Rows()); err != nil {
		t.Errorf("%s is not a valid TPM: %v", name, err)
	}
}

func TestFamilies(t *testing.T) {
	id, _ := Identity(4)
	lazy, _ := Lazy(4, 0.2)
	blk, _ := Block([]int{2, 3}, 0.9)
	perm, _ := Permutation([]int{2, 0, 1})
	p, _ := NewDist([]float64{0.1, 0.2, 0.7})
	un := Uninformative(p)
	rng := rand.New(rand.NewPCG(1, 2))
	dir, _ := RandomDirichlet(6, 0.5, rng)
	tests := []struct {
		reason string
		a      *TPM
		i, j   int
		want   float64 // closed form of the family
	}{
		{"identity diagonal", id, 2, 2, 1},
		{"identity off-diagonal", id, 2, 1, 0},
		{"lazy diagonal: 1−ε+ε/m", lazy, 1, 1, 0.8 + 0.05},
		{"lazy off-diagonal: ε/m", lazy, 1, 3, 0.05},
		{"block, within: 0.9 over a block of 2", blk, 0, 1, 0.45},
		{"block, across: 0.1 over the 3 other states", blk, 0, 4, 0.1 / 3},
		{"block, within: 0.9 over a block of 3", blk, 3, 2, 0.3},
		{"permutation k→perm[k]", perm, 0, 2, 1},
		{"permutation elsewhere 0", perm, 0, 0, 0},
		{"uninformative: every row is p", un, 2, 1, 0.2},
	}
	for _, tc := range tests {
		// Each entry is one or two float64 operations on numbers ≤ 1: a few ulps, < 1e-15.
		if got := tc.a.At(tc.i, tc.j); !(math.Abs(got-tc.want) <= 1e-15) {
			t.Errorf("%s: At(%d,%d) = %v, want %v", tc.reason, tc.i, tc.j, got, tc.want)
		}
	}
	for name, a := range map[string]*TPM{"identity": id, "lazy": lazy, "block": blk, "perm": perm, "uninformative": un, "dirichlet": dir} {
		rowStochastic(t, name, a)
	}
}

func TestRandomDirichletDeterministic(t *testing.T) {
	a, _ := RandomDirichlet(5, 0.3, rand.New(rand.NewPCG(7, 7)))
	b, _ := RandomDirichlet(5, 0.3, rand.New(rand.NewPCG(7, 7)))
	for k := 0; k < 5; k++ {
		for i := 0; i < 5; i++ {
			if a.At(k, i) != b.At(k, i) {
				t.Fatalf("same seed, different TPM at (%d,%d)", k, i)
			}
		}
	}
	// Tiny κ: rows are nearly one-hot but still valid (about half of the Gamma(1e-3)
	// variates underflow; the all-underflow fallback is TestDirichletUnderflowFallback's).
	c, err := RandomDirichlet(8, 1e-3, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	rowStochastic(t, "dirichlet κ=1e-3", c)
}

func TestFamiliesRejectBadParameters(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		reason string
		err    error
		want   string
	}{
		{"identity m=0", second(Identity(0)), "m = 0"},
		{"lazy ε>1", second(Lazy(3, 1.5)), "ε = 1.5"},
		{"lazy ε NaN", second(Lazy(3, math.NaN())), "ε = NaN"},
		{"block size 0", second(Block([]int{2, 0}, 0.5)), "block 1 has size 0"},
		{"block one block, mass to leak", second(Block([]int{3}, 0.5)), "one block"},
		{"block within<0", second(Block([]int{1, 1}, -0.1)), "-0.1"},
		{"permutation repeat", second(Permutation([]int{0, 0})), "entry [1] = 0: repeated"},
		{"permutation range", second(Permutation([]int{0, 5})), "entry [1] = 5"},
		{"dirichlet κ=0", second(RandomDirichlet(3, 0, rng)), "κ = 0"},
		{"dirichlet κ=Inf", second(RandomDirichlet(3, math.Inf(1), rng)), "κ = +Inf"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestCompose(t *testing.T) {
	// Composition with the identity is the identity map; composing two permutations
	// composes them; a lazy chain: (1−a)I+aU then (1−b)I+bU is (1−a)(1−b)I + (1−(1−a)(1−b))U.
	lazyA, _ := Lazy(3, 0.2)
	lazyB, _ := Lazy(3, 0.5)
	ab, err := Compose(lazyA, lazyB)
	if err != nil {
		t.Fatal(err)
	}
	keep := 0.8 * 0.5
	for k := 0; k < 3; k++ {
		for i := 0; i < 3; i++ {
			want := (1 - keep) / 3
			if i == k {
				want += keep
			}
			// Three-term sums of products ≤ 1: rounding below 1e-15.
			if !(math.Abs(ab.At(k, i)-want) <= 1e-15) {
				t.Errorf("lazy∘lazy (%d,%d) = %v, want %v", k, i, ab.At(k, i), want)
			}
		}
	}
	p1, _ := Permutation([]int{1, 2, 0})
	p2, _ := Permutation([]int{2, 1, 0})
	pp, _ := Compose(p1, p2) // k → p2[p1[k]]
	for k, want := range []int{1, 0, 2} {
		if pp.At(k, want) != 1 {
			t.Errorf("permutation composition sends %d to the wrong state: row %v", k, pp.Row(nil, k))
		}
	}
	id4, _ := Identity(4)
	if _, err := Compose(lazyA, id4); err == nil || !strings.Contains(err.Error(), "3-state TPM with a 4-state") {
		t.Errorf("size mismatch error = %v", err)
	}
}

func TestAggregate(t *testing.T) {
	// Block TPM aggregated by its blocks: a source in block K views its own block with
	// probability `within` and the other block with 1 − within, whatever π inside K.
	blk, _ := Block([]int{2, 3}, 0.9)
	p, _ := NewDist([]float64{0.1, 0.3, 0.2, 0.2, 0.2})
	agg, err := Aggregate(blk, p, []int{0, 0, 1, 1, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0.9, 0.1}, {0.1, 0.9}}
	for K := range want {
		for J := range want[K] {
			// Sums of ≤ 5 products ≤ 1 divided by a mass ≥ 0.3: rounding below 1e-15.
			if !(math.Abs(agg.At(K, J)-want[K][J]) <= 1e-15) {
				t.Errorf("aggregate (%d,%d) = %v, want %v", K, J, agg.At(K, J), want[K][J])
			}
		}
	}
	// The toy by hand is TestAggregateToyByHand.
	toy, _ := New([][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.2, 0.3, 0.5}})
	u, _ := Uniform(3)
	zero, _ := NewDist([]float64{1, 0, 0})
	if _, err := Aggregate(toy, zero, []int{0, 1, 1}, 2); err == nil || !strings.Contains(err.Error(), "class 1 has source mass 0") {
		t.Errorf("class with no source mass: error = %v", err)
	}
	if _, err := Aggregate(toy, u, []int{0, 2, 1}, 2); err == nil || !strings.Contains(err.Error(), "state 1 has class 2") {
		t.Errorf("class out of range: error = %v", err)
	}
}
