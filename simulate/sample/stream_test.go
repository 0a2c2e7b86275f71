package sample

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestMix checks Mix against SplitMix64's published output: the first number of a
// SplitMix64 generator seeded with 0 is 0xe220a8397b1dcdaf (Vigna's splitmix64.c),
// which is Mix(0); the second, from state 2γ, is 0x6e789e6aa1b965f4 = Mix(γ).
func TestMix(t *testing.T) {
	tests := []struct {
		x, want uint64
		reason  string
	}{
		{0, 0xe220a8397b1dcdaf, "first output of splitmix64 seeded with 0"},
		{0x9e3779b97f4a7c15, 0x6e789e6aa1b965f4, "second output of splitmix64 seeded with 0"},
	}
	for _, tc := range tests {
		if got := Mix(tc.x); got != tc.want {
			t.Errorf("Mix(%#x) = %#x, want %#x (%s)", tc.x, got, tc.want, tc.reason)
		}
	}
	seen := make(map[uint64]int)
	for r := range 100000 {
		h := Mix(uint64(r))
		if prev, ok := seen[h]; ok {
			t.Fatalf("Mix(%d) = Mix(%d) = %#x: Mix must be a bijection", r, prev, h)
		}
		seen[h] = r
	}
}

func TestStream(t *testing.T) {
	draw := func(r *rand.Rand) [4]uint64 { return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()} }
	if a, b := draw(Stream(9, 3)), draw(Stream(9, 3)); a != b {
		t.Errorf("Stream(9, 3) gives %x then %x", a, b)
	}
	want := draw(rand.New(rand.NewPCG(9, Mix(3))))
	if got := draw(Stream(9, 3)); got != want {
		t.Errorf("Stream(9, 3) = %x, want the documented PCG(9, Mix(3)) = %x", got, want)
	}
	// Distinct (seed, replicate) give distinct streams; four equal 64-bit numbers by
	// chance would have probability 2⁻²⁵⁶.
	for _, other := range [][2]uint64{{9, 4}, {10, 3}, {3, 9}} {
		if got := draw(Stream(other[0], int(other[1]))); got == want {
			t.Errorf("Stream(%d, %d) equals Stream(9, 3)", other[0], other[1])
		}
	}
}

// replicateResult is what one test replicate computes: its index, a Monte Carlo
// estimate and the next number of its stream.
type replicateResult struct {
	Rep  int
	Q    []float64
	Next uint64
}

func TestReplicatesWorkerIndependent(t *testing.T) {
	sp := NewSampler(feature.Toy())
	f := func(rep int, rng *rand.Rand) replicateResult {
		e := EstimatePairs(sp, 50+rep, rng) // replicates of unequal length, so workers finish out of order
		return replicateResult{Rep: rep, Q: e.Q, Next: rng.Uint64()}
	}
	const n = 37
	want := Replicates(11, n, 1, f)
	for r, got := range want {
		if got.Rep != r {
			t.Fatalf("result %d is replicate %d: results out of replicate order", r, got.Rep)
		}
	}
	// Each replicate equals f on its own stream, run alone.
	if got := f(5, Stream(11, 5)); !cmp.Equal(got, want[5]) {
		t.Errorf("replicate 5 differs from f(5, Stream(11, 5)): %s", cmp.Diff(want[5], got))
	}
	for _, workers := range []int{2, 8, 0} {
		if got := Replicates(11, n, workers, f); !cmp.Equal(got, want) {
			t.Errorf("%d workers differ from 1 worker: %s", workers, cmp.Diff(want, got))
		}
	}
	if got := Replicates(11, 0, 4, f); len(got) != 0 {
		t.Errorf("0 replicates gave %d results", len(got))
	}
}

func TestReplicatesPanic(t *testing.T) {
	defer func() {
		if r := recover(); r != "replicate 3 failed" {
			t.Errorf("recovered %v, want the panic of replicate 3", r)
		}
	}()
	Replicates(1, 10, 2, func(rep int, _ *rand.Rand) int {
		if rep == 3 {
			panic("replicate 3 failed")
		}
		return rep
	})
	t.Errorf("Replicates returned although a replicate panicked")
}
