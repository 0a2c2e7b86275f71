package optim

import (
	"math"
	"strings"
	"testing"
)

func TestTransformersCosineReferenceQuirk(t *testing.T) {
	// The reference: E = 300, 2 batches per epoch, steps 0…601; Total = 301, Warmup = 10.
	s, err := ReferenceSchedule(1e-3, 300)
	if err != nil {
		t.Fatal(err)
	}
	// Golden values from the closed form (hand-computed): warm-up t/10; peak at 10;
	// zero at Total = 301 (cos π = −1); back to the peak one period later, at
	// 10 + 2·291 = 592; the last step 601 has progress 591/291, cos(π·591/291) = cos(9π/291).
	for _, tc := range []struct {
		t    int
		want float64
	}{
		{0, 0}, {5, 5e-4}, {9, 9e-4}, {10, 1e-3}, {301, 0}, {592, 1e-3},
		{155 + 1, 1e-3 * 0.5 * (1 + math.Cos(math.Pi*146/291))},
		{601, 1e-3 * 0.5 * (1 + math.Cos(math.Pi*9/291))},
	} {
		// 1e-18: a few ulp of 1e-3 (cos π rounds to −1 exactly, cos 2π to 1).
		if got := s.LR(tc.t); !(math.Abs(got-tc.want) <= 1e-18) {
			t.Errorf("LR(%d) = %v, want %v", tc.t, got, tc.want)
		}
	}
	if s.LR(601) < 0.99e-3 {
		t.Errorf("the quirk: last step rate %v, want ≈ the peak 1e-3", s.LR(601))
	}
	// Period 2(Total − Warmup) after warm-up: LR(t) = LR(t + 582).
	for tt := 10; tt < 20; tt++ {
		if a, b := s.LR(tt), s.LR(tt+582); !(math.Abs(a-b) <= 1e-17) {
			t.Errorf("LR(%d) = %v ≠ LR(%d) = %v", tt, a, tt+582, b)
		}
	}
}

func TestTransformersCosineCorrected(t *testing.T) {
	s, err := CorrectedSchedule(2e-3, 300, 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 602 || s.LR(602) != 0 || s.LR(10) != 2e-3 {
		t.Errorf("corrected: Total %d, LR(602) = %v, LR(10) = %v", s.Total, s.LR(602), s.LR(10))
	}
	// Monotone decay after warm-up up to the last step 601.
	for tt := 11; tt <= 601; tt++ {
		if !(s.LR(tt) <= s.LR(tt-1)) {
			t.Fatalf("corrected schedule rises at step %d", tt)
		}
	}
	// Warmup 0: no division by zero; Total = Warmup: progress over max(1, 0).
	z := TransformersCosine{Base: 1, Warmup: 0, Total: 1}
	if z.LR(0) != 1 || z.LR(1) != 0 {
		t.Errorf("warm-up 0: LR(0) = %v, LR(1) = %v", z.LR(0), z.LR(1))
	}
}

func TestTransformersCosineValidate(t *testing.T) {
	for _, tc := range []struct {
		s    TransformersCosine
		want string
	}{
		{TransformersCosine{Base: 0, Total: 1}, "Base = 0"},
		{TransformersCosine{Base: math.Inf(1), Total: 1}, "Base = +Inf"},
		{TransformersCosine{Base: 1, Warmup: -1, Total: 1}, "Warmup = -1"},
		{TransformersCosine{Base: 1, Total: 0}, "Total = 0"},
	} {
		if err := tc.s.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one naming %q", tc.s, err, tc.want)
		}
	}
	if _, err := ReferenceSchedule(1e-3, -2); err == nil {
		t.Error("epochs −2 (Total −1) accepted")
	}
}
