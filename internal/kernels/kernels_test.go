package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// withKernels runs f with the kernels of the given level.
func withKernels(level Level, f func()) {
	defer SetLevel(SetLevel(level))
	f()
}

// withPortable runs f with the vector kernels switched off.
func withPortable(f func()) { withKernels(Portable, f) }

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

// The vector kernels perform the portable code's operations in the same order, so the
// results must be bitwise identical (no tolerance). Every level the CPU supports is checked.
func TestKernelsMatchPortable(t *testing.T) {
	top := maxKernelLevel()
	if top == Portable {
		t.Skip("no vector kernels on this machine")
	}
	for level := AVX2; level <= top; level++ {
		t.Run(level.String(), func(t *testing.T) { withKernels(level, func() { testKernelsMatch(t) }) })
	}
}

func testKernelsMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ dp, nb, ld int }{{4, 16, 16}, {16, 1008, 1008}, {8, 32, 40}, {20, 64, 72}} {
		a := randSlice(rng, 4*tc.dp)
		bt := randSlice(rng, tc.dp*tc.ld)
		e := randSlice(rng, 4*tc.ld)
		w := randSlice(rng, 4*tc.dp)
		g0 := randSlice(rng, tc.dp*tc.ld)

		s1, s2 := make([]float64, 4*tc.ld), make([]float64, 4*tc.ld)
		simBlock4(s1, tc.ld, a, tc.dp, bt, tc.ld, tc.nb)
		withPortable(func() { simBlock4(s2, tc.ld, a, tc.dp, bt, tc.ld, tc.nb) })
		if i := testutil.FirstBitDiff(s1, s2); i >= 0 {
			t.Errorf("simBlock4 %+v: element %d: vector %v, portable %v", tc, i, s1[i], s2[i])
		}
		o1, o2 := make([]float64, 4*tc.dp), make([]float64, 4*tc.dp)
		gradA4(o1, e, tc.ld, bt, tc.ld, tc.dp, tc.nb)
		withPortable(func() { gradA4(o2, e, tc.ld, bt, tc.ld, tc.dp, tc.nb) })
		if i := testutil.FirstBitDiff(o1, o2); i >= 0 {
			t.Errorf("gradA4 %+v: element %d: vector %v, portable %v", tc, i, o1[i], o2[i])
		}
		b1, b2 := append([]float64(nil), g0...), append([]float64(nil), g0...)
		gradB4(b1, tc.ld, e, tc.ld, w, tc.dp, tc.nb)
		withPortable(func() { gradB4(b2, tc.ld, e, tc.ld, w, tc.dp, tc.nb) })
		if i := testutil.FirstBitDiff(b1, b2); i >= 0 {
			t.Errorf("gradB4 %+v: element %d: vector %v, portable %v", tc, i, b1[i], b2[i])
		}
	}
	// ExpSum over arguments spanning the flush thresholds, NaN and ±Inf.
	src := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -708.5, -708, -707.9, 709, 709.1, 0, math.Copysign(0, -1), 1e-300, -745}
	for i := 0; i < 1000; i++ {
		src = append(src, 1400*rng.Float64()-705)
	}
	for _, shift := range []float64{0, 3.5, -2} {
		for _, n := range []int{4, 7, 8, 12, 16, 20, 31, len(src)} {
			d1, d2 := make([]float64, n), make([]float64, n)
			s1 := ExpSum(d1, src[:n], shift)
			var s2 float64
			withPortable(func() { s2 = ExpSum(d2, src[:n], shift) })
			if i := testutil.FirstBitDiff(d1, d2); i >= 0 {
				t.Errorf("ExpSum shift %v n %d: element %d (x=%v): vector %v, portable %v", shift, n, i, src[i]-shift, d1[i], d2[i])
			}
			if math.Float64bits(s1) != math.Float64bits(s2) && !(math.IsNaN(s1) && math.IsNaN(s2)) {
				t.Errorf("ExpSum shift %v n %d: sum vector %v, portable %v", shift, n, s1, s2)
			}
		}
	}
}

// Exp against math.Exp (which is within 1 ulp of e^x): the bound 4e-16 is the
// documented few-ulp error of Exp (≤ 2 ulp) plus math.Exp's own ulp, ulp = 2.2e-16.
func TestExpFastAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const bound = 4e-16
	worst := 0.0
	for i := 0; i < 200000; i++ {
		var x float64
		switch i % 3 {
		case 0:
			x = 1417*rng.Float64() - 708 // the whole normal range
		case 1:
			x = 20*rng.Float64() - 10
		default:
			x = -0.35 + 0.7*rng.Float64() // k = 0 region
		}
		got, want := Exp(x), math.Exp(x)
		rel := math.Abs(got-want) / want
		if !(rel <= bound) {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v, relative error %v > %v", x, got, want, rel, bound)
		}
		worst = math.Max(worst, rel)
	}
	t.Logf("max relative error %.3g (%.2f ulp)", worst, worst/0x1p-52)
	for _, tc := range []struct {
		x, want float64
		reason  string
	}{
		{0, 1, "e⁰ = 1 exactly: k = 0, r = 0, p = 1"},
		{-708.5, 0, "below −708 flushed to 0"},
		{-800, 0, "far below: 0"},
		{709.5, math.Inf(1), "above 709: +Inf"},
		{math.Inf(1), math.Inf(1), "+Inf"},
		{math.Inf(-1), 0, "−Inf"},
	} {
		if got := Exp(tc.x); got != tc.want {
			t.Errorf("Exp(%v) = %v, want %v (%s)", tc.x, got, tc.want, tc.reason)
		}
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v, want NaN", got)
	}
}

// TestLevelNames: the three levels print their names, any other value its number;
// SetLevel refuses a level below Portable or above MaxLevel (naming it) and otherwise
// returns the previous level.
func TestLevelNames(t *testing.T) {
	for l, want := range map[Level]string{Portable: "portable", AVX2: "AVX2", AVX512: "AVX-512", -1: "Level(-1)", 3: "Level(3)"} {
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String() = %q, want %q", int(l), got, want)
		}
	}
	for _, l := range []Level{-1, MaxLevel() + 1} {
		testutil.MustPanic(t, "SetLevel("+l.String()+")", "SetLevel("+l.String()+")", func() { SetLevel(l) })
	}
	top := MaxLevel()
	orig := SetLevel(Portable)
	defer SetLevel(orig)
	if got := SetLevel(top); got != Portable {
		t.Errorf("SetLevel(%s) returned %s, want the previous level portable", top, got)
	}
}
