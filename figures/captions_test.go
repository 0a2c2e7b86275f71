package main

import (
	"strings"
	"testing"
)

// TestBatchCaptionGaps checks the exact-enumeration numbers the batch-size caption
// computes against the toy's values stated in docs/theory.md §4 ("Exact at every N": the gap
// is 6.0e-3 at N = 2, 1.3e-3 at N = 16, 1.7e-4 at N = 128; N × gap → 0.022, whose
// fourth decimal, max_i χ²_i = 0.02209, is feature/enumerate's GapLimit).
func TestBatchCaptionGaps(t *testing.T) {
	c := batchCaption(defaultSettings(1000))
	for _, want := range []string{
		"6.0e-3 at N = 2", "1.3e-3 at N = 16", "1.7e-4 at N = 128", "N × gap → max_i χ²_i = 0.0221",
		"N = 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512",
	} {
		if !strings.Contains(c, want) {
			t.Errorf("batch-size caption lacks %q:\n%s", want, c)
		}
	}
	if strings.Contains(c, "not drawn") {
		t.Errorf("batch-size caption still says a panel is not drawn:\n%s", c)
	}
}

func TestSci(t *testing.T) {
	for _, tc := range []struct {
		x      float64
		want   string
		reason string
	}{
		{0.0060303, "6.0e-3", "negative exponent, zero padding removed"},
		{0.00017151, "1.7e-4", "rounds to two digits"},
		{0.0099996, "1.0e-2", "rounding carries into the exponent"},
		{12345, "1.2e4", "positive exponent, no sign"},
		{1.5e-12, "1.5e-12", "two-digit exponent kept"},
		{3, "3.0e0", "zero exponent"},
	} {
		if got := sci(tc.x); got != tc.want {
			t.Errorf("sci(%v) = %q, want %q (%s)", tc.x, got, tc.want, tc.reason)
		}
	}
}
