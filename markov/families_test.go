package markov

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// entriesEqual checks a TPM against rows given by hand, exactly or within tol.
func entriesEqual(t *testing.T, name string, a *TPM, want [][]float64, tol float64) {
	t.Helper()
	if a == nil || a.Len() != len(want) {
		t.Errorf("%s: got %v, want %d states", name, a, len(want))
		return
	}
	for k := range want {
		for i := range want[k] {
			if got := a.At(k, i); !(math.Abs(got-want[k][i]) <= tol) {
				t.Errorf("%s: [%d][%d] = %v, want %v", name, k, i, got, want[k][i])
			}
		}
	}
}

func TestFamilyEdgeValues(t *testing.T) {
	id1, err := Identity(1)
	if err != nil {
		t.Fatal(err)
	}
	entriesEqual(t, "Identity(1)", id1, [][]float64{{1}}, 0)
	// ε = 0 is the identity, ε = 1 the uniform redraw (1/3: one division, exact to rounding).
	lazy0, err := Lazy(3, 0)
	if err != nil {
		t.Fatal(err)
	}
	entriesEqual(t, "Lazy(3, 0)", lazy0, [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 0)
	lazy1, err := Lazy(3, 1)
	if err != nil {
		t.Fatal(err)
	}
	third := 1.0 / 3
	entriesEqual(t, "Lazy(3, 1)", lazy1, [][]float64{{third, third, third}, {third, third, third}, {third, third, third}}, 1e-16)
	lazy1s, err := Lazy(1, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	entriesEqual(t, "Lazy(1, 0.5)", lazy1s, [][]float64{{1}}, 1e-16)
	// within = 0: a state always moves to the other block; within = 1 with one block.
	b0, err := Block([]int{1, 2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	entriesEqual(t, "Block([1 2], 0)", b0, [][]float64{{0, 0.5, 0.5}, {1, 0, 0}, {1, 0, 0}}, 0)
	b1, err := Block([]int{2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	entriesEqual(t, "Block([2], 1)", b1, [][]float64{{0.5, 0.5}, {0.5, 0.5}}, 0)
	u1, err := Uniform(1)
	if err != nil || u1.Len() != 1 || u1.At(0) != 1 {
		t.Errorf("Uniform(1) = %v, %v; want [1]", u1, err)
	}
	u4, _ := Uniform(4)
	for i := range 4 {
		if u4.At(i) != 0.25 {
			t.Errorf("Uniform(4)[%d] = %v", i, u4.At(i))
		}
	}
	p, _ := NewDist([]float64{0.25, 0.75})
	un := Uninformative(p)
	entriesEqual(t, "Uninformative(0.25, 0.75)", un, [][]float64{{0.25, 0.75}, {0.25, 0.75}}, 0)
	if r, c := un.Dense().Dims(); r != 2 || c != 2 { // Dense panics if the storage is not m×m
		t.Errorf("Uninformative(0.25, 0.75).Dense() is %d×%d", r, c)
	}
	// A one-state Dirichlet draw is the point mass.
	rng := rand.New(rand.NewPCG(3, 3))
	d1, err := RandomDist(1, 0.7, rng)
	if err != nil || d1.At(0) != 1 {
		t.Errorf("RandomDist(1) = %v, %v; want [1]", d1, err)
	}
	a1, err := RandomDirichlet(1, 0.7, rng)
	if err != nil || a1.At(0, 0) != 1 {
		t.Errorf("RandomDirichlet(1) = %v, %v; want [[1]]", a1, err)
	}
}

func TestFamilyErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		reason string
		err    error
		want   string
	}{
		{"lazy m = 0", second(Lazy(0, 0.5)), "m = 0"},
		{"lazy ε < 0", second(Lazy(3, -0.1)), "ε = -0.1"},
		{"block, no sizes", second(Block(nil, 0.5)), "no blocks"},
		{"block within > 1", second(Block([]int{1, 1}, 1.5)), "within-block mass 1.5"},
		{"block within NaN", second(Block([]int{1, 1}, math.NaN())), "NaN"},
		{"block, one block, across mass named", second(Block([]int{2}, 0.25)), "across-block mass 0.75 has nowhere to go"},
		{"permutation, empty", second(Permutation(nil)), "empty"},
		{"permutation entry m", second(Permutation([]int{0, 2})), "entry [1] = 2: out of range [0, 2)"},
		{"permutation entry −1", second(Permutation([]int{-1, 0})), "entry [0] = -1: out of range"},
		{"uniform m = 0", second(Uniform(0)), "m = 0"},
		{"dirichlet m = 0", second(RandomDirichlet(0, 1, rng)), "m = 0"},
		{"dirichlet κ NaN", second(RandomDirichlet(3, math.NaN(), rng)), "κ = NaN"},
		{"dirichlet κ < 0", second(RandomDirichlet(3, -1, rng)), "κ = -1"},
		{"dirichlet law m = 0", second(RandomDist(0, 1, rng)), "m = 0"},
		{"dirichlet law κ = 0", second(RandomDist(3, 0, rng)), "κ = 0"},
		{"dirichlet law κ = +Inf", second(RandomDist(3, math.Inf(1), rng)), "κ = +Inf"},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want one naming %q", tc.reason, tc.err, tc.want)
		}
	}
}
