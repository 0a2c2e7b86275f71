package optim

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestScheduleErrors(t *testing.T) {
	tests := []struct {
		err    error
		want   string
		reason string
	}{
		{second(NewConstant(0)), "rate 0", "zero rate"},
		{second(NewConstant(math.NaN())), "rate NaN", "NaN rate"},
		{second(NewConstant(-1e-3)), "rate -0.001", "negative rate"},
		{second(NewWarmupCosine(0, 1, 10)), "Base = 0", "zero peak"},
		{second(NewWarmupCosine(math.Inf(1), 1, 10)), "Base = +Inf", "infinite peak"},
		{second(NewWarmupCosine(1e-3, -1, 10)), "Warmup = -1", "negative warm-up"},
		{second(NewWarmupCosine(1e-3, 1, 0)), "Total = 0", "no steps"},
		{second(NewWarmupCosine(1e-3, 11, 10)), "Warmup = 11 > Total = 10", "warm-up longer than the run"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("error = %v, want one naming %q (%s)", tt.err, tt.want, tt.reason)
		}
	}
	if _, err := NewWarmupCosine(1e-3, 10, 10); err != nil {
		t.Errorf("Warmup = Total is valid (all warm-up): %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

// TestWarmupCosineBoundaries checks the schedule at its boundaries against values
// computed by hand from the formula (Base = 1e-3, Warmup = 10, Total = 210, so the
// cosine spans 200 steps): step 0 → Base/10; step 9 → Base; step 10 → Base (cos 0);
// step 110 → Base/2 (cos π/2 = 0); step 209 → Base·½(1 + cos(199π/200)) =
// Base·sin²(π/400); step 210 → 0 and beyond stays 0.
func TestWarmupCosineBoundaries(t *testing.T) {
	w, err := NewWarmupCosine(1e-3, 10, 210)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step   int
		want   float64
		reason string
	}{
		{0, 1e-4, "first warm-up step: Base·1/Warmup"},
		{4, 5e-4, "mid warm-up: Base·5/10"},
		{9, 1e-3, "last warm-up step reaches Base"},
		{10, 1e-3, "cosine starts at Base"},
		{110, 5e-4, "cosine midpoint"},
		{209, 1e-3 * math.Pow(math.Sin(math.Pi/400), 2), "last step of the run: ½(1+cos(π−π/200)) = sin²(π/400)"},
		{210, 0, "the cosine ends at Total"},
		{500, 0, "no restart after the end (unlike the paper's scheduler)"},
	}
	for _, tt := range tests {
		// A few float64 operations on values ≤ 1e-3, and cos of an argument near π
		// (rounded to ε·π): ≤ 1e-18 absolute.
		if got := w.LR(tt.step); !scalar.EqualWithinAbsOrRel(got, tt.want, 1e-18, 1e-14) {
			t.Errorf("LR(%d) = %.17g, want %.17g (%s)", tt.step, got, tt.want, tt.reason)
		}
	}
	// No warm-up: the cosine starts at step 0 with Base.
	nw := WarmupCosine{Base: 2, Warmup: 0, Total: 4}
	for step, want := range []float64{2, 1 + math.Sqrt2/2, 1, 1 - math.Sqrt2/2, 0} {
		if got := nw.LR(step); !scalar.EqualWithinAbsOrRel(got, want, 1e-15, 1e-15) {
			t.Errorf("no warm-up: LR(%d) = %v, want %v", step, got, want)
		}
	}
	// Total = Warmup: warm-up only.
	wo := WarmupCosine{Base: 1, Warmup: 4, Total: 4}
	for step, want := range []float64{0.25, 0.5, 0.75, 1, 0} {
		if got := wo.LR(step); got != want {
			t.Errorf("all warm-up: LR(%d) = %v, want %v", step, got, want)
		}
	}
	if c := Constant(3e-4); c.LR(0) != 3e-4 || c.LR(1e6) != 3e-4 {
		t.Errorf("Constant(3e-4) = %v, %v", c.LR(0), c.LR(1e6))
	}
}

// TestWarmupCosineMonotone: increasing through the warm-up, non-increasing after it.
func TestWarmupCosineMonotone(t *testing.T) {
	w := WarmupCosine{Base: 1e-3, Warmup: 10, Total: 300}
	for s := 1; s <= 300; s++ {
		prev, cur := w.LR(s-1), w.LR(s)
		if s < 10 && !(cur > prev) {
			t.Errorf("warm-up not increasing at %d: %v → %v", s, prev, cur)
		}
		if s > 10 && !(cur <= prev) {
			t.Errorf("cosine increasing at %d: %v → %v", s, prev, cur)
		}
	}
}

func TestLRNegativeStepPanics(t *testing.T) {
	for _, s := range []Schedule{Constant(1), WarmupCosine{Base: 1, Warmup: 1, Total: 2}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%T.LR(-1) did not panic", s)
				}
			}()
			s.LR(-1)
		}()
	}
}

// The toy's schedule (docs/theory.md §7): 10 warm-up steps, cosine to the end of the run.
func ExampleWarmupCosine() {
	w, err := NewWarmupCosine(1e-3, 10, 210)
	if err != nil {
		panic(err)
	}
	for _, s := range []int{0, 9, 10, 110, 209} {
		fmt.Printf("step %3d: %.6g\n", s, w.LR(s))
	}
	// Output:
	// step   0: 0.0001
	// step   9: 0.001
	// step  10: 0.001
	// step 110: 0.0005
	// step 209: 6.16838e-08
}
