package sample

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

func TestNoisyToZeroNoiseIsBase(t *testing.T) {
	v, err := NewGaussianStateVectors(3, 8, Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	states := []int{2, 0, 0, 1, 2}
	dst := v.NoisyTo(nil, states, 0, Stream(2, 0))
	base := v.Base()
	for a, s := range states {
		// σ = 0: b + 0·ε is b exactly in float64.
		if !mat.Equal(dst.RowView(a), base.RowView(s)) {
			t.Errorf("row %d = %v, want base[%d] = %v", a, mat.Formatted(dst.RowView(a).T()), s, mat.Formatted(base.RowView(s).T()))
		}
	}
}

// TestNoisyToMoments: the residuals dst − base[state] are N(0, σ²) entries. Checked on
// n·dim = 160 000 residuals: their mean within 4 standard errors σ/√(n·dim), their
// mean square within 4 standard errors σ²·√(2/(n·dim)) of σ² (Var ε² = 2σ⁴ for a
// normal), and the mean product of neighbouring coordinates within 4·σ²/√(n(dim−1))
// of 0 (independence). Two-sided 4 SE: false-alarm rate ≤ 3·6.3e-5 with a fixed seed.
func TestNoisyToMoments(t *testing.T) {
	const (
		m, dim, n = 5, 8, 20000
		sigma     = 0.5
	)
	v, err := NewGaussianStateVectors(m, dim, Stream(3, 0))
	if err != nil {
		t.Fatal(err)
	}
	states := make([]int, n)
	for a := range states {
		states[a] = a % m
	}
	dst := v.NoisyTo(nil, states, sigma, Stream(4, 0))
	base := v.Base()
	var sum, sumSq, sumProd float64
	for a, s := range states {
		for k := range dim {
			r := dst.At(a, k) - base.At(s, k)
			sum += r
			sumSq += r * r
			if k > 0 {
				sumProd += r * (dst.At(a, k-1) - base.At(s, k-1))
			}
		}
	}
	total := float64(n * dim)
	s2 := sigma * sigma
	checks := []struct {
		name      string
		got, want float64
		se        float64
	}{
		{"mean", sum / total, 0, sigma / math.Sqrt(total)},
		{"mean square", sumSq / total, s2, s2 * math.Sqrt(2/total)},
		{"neighbour product", sumProd / float64(n*(dim-1)), 0, s2 / math.Sqrt(float64(n*(dim-1)))},
	}
	for _, c := range checks {
		if !scalar.EqualWithinAbs(c.got, c.want, 4*c.se) {
			t.Errorf("residual %s = %.5g, want %.5g ± 4·%.3g", c.name, c.got, c.want, c.se)
		}
	}
}

func TestNoisyToReuse(t *testing.T) {
	v, err := NewGaussianStateVectors(3, 8, Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	states := []int{0, 1, 2, 1}
	dst := mat.NewDense(4, 8, nil)
	rng := Stream(5, 0)
	if got := testing.AllocsPerRun(20, func() { v.NoisyTo(dst, states, 0.1, rng) }); got != 0 {
		t.Errorf("NoisyTo into a dst of the right shape: %v allocations, want 0", got)
	}
	var empty mat.Dense
	if got := v.NoisyTo(&empty, states, 0.1, rng); got != &empty {
		t.Errorf("NoisyTo into an empty dst returned a different matrix")
	}
	if r, c := empty.Dims(); r != 4 || c != 8 {
		t.Errorf("empty dst resized to %d×%d, want 4×8", r, c)
	}
	// Determinism: the same stream gives the same noise.
	a := v.NoisyTo(nil, states, 0.1, Stream(6, 0))
	b := v.NoisyTo(nil, states, 0.1, Stream(6, 0))
	if !mat.Equal(a, b) {
		t.Errorf("NoisyTo with the same stream differs")
	}
}

func TestStateVectorsErrors(t *testing.T) {
	bad := mat.NewDense(2, 2, []float64{1, 2, math.Inf(-1), 4})
	tests := []struct {
		name string
		f    func() error
		want string
	}{
		{"no states", func() error { _, err := NewGaussianStateVectors(0, 8, Stream(1, 0)); return err }, "0 states"},
		{"no dimension", func() error { _, err := NewGaussianStateVectors(3, 0, Stream(1, 0)); return err }, "dimension 0"},
		{"infinite entry", func() error { _, err := NewStateVectors(bad); return err }, "entry [1][0] = -Inf"},
		{"nil", func() error { _, err := NewStateVectors(nil); return err }, "nil"},
		{"empty", func() error { _, err := NewStateVectors(&mat.Dense{}); return err }, "0×0"},
		{"negative σ", func() error { return CheckNoise(-0.1) }, "σ = -0.1"},
		{"NaN σ", func() error { return CheckNoise(math.NaN()) }, "σ = NaN"},
		{"infinite σ", func() error { return CheckNoise(math.Inf(1)) }, "σ = +Inf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f()
			if err == nil {
				t.Fatalf("no error, want one naming %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", err, tc.want)
			}
		})
	}
	if err := CheckNoise(0); err != nil {
		t.Errorf("CheckNoise(0) = %v, want nil", err)
	}
}

func TestNewStateVectorsCopies(t *testing.T) {
	base := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	v, err := NewStateVectors(base)
	if err != nil {
		t.Fatal(err)
	}
	base.Set(0, 0, 100)
	if got := v.Base().At(0, 0); got != 1 {
		t.Errorf("after changing the input, base[0][0] = %v, want the copied 1", got)
	}
	if v.Len() != 2 || v.Dim() != 3 {
		t.Errorf("Len, Dim = %d, %d, want 2, 3", v.Len(), v.Dim())
	}
}

func TestNoisyToPanics(t *testing.T) {
	v, err := NewGaussianStateVectors(3, 4, Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    func()
	}{
		{"shape", func() { v.NoisyTo(mat.NewDense(2, 4, nil), []int{0, 1, 2}, 0.1, Stream(1, 0)) }},
		{"state out of range", func() { v.NoisyTo(nil, []int{0, 3}, 0.1, Stream(1, 0)) }},
		{"negative state", func() { v.NoisyTo(nil, []int{-1}, 0.1, Stream(1, 0)) }},
		{"no states", func() { v.NoisyTo(nil, nil, 0.1, Stream(1, 0)) }},
		{"bad σ", func() { v.NoisyTo(nil, []int{0}, math.NaN(), Stream(1, 0)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tc.f()
		})
	}
}

func BenchmarkNoisyTo(b *testing.B) {
	v, err := NewGaussianStateVectors(3, 8, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		b.Fatal(err)
	}
	states := make([]int, 1000)
	for a := range states {
		states[a] = a % 3
	}
	dst := mat.NewDense(1000, 8, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	for b.Loop() {
		v.NoisyTo(dst, states, 0.1, rng)
	}
}
