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

// TestCaptionSettings checks that each caption states the settings of the run: the
// numbers of defaultSettings(1000) (settings.go) and, where the quick ones change the
// wording, of quickSettings.
func TestCaptionSettings(t *testing.T) {
	set := defaultSettings(1000)
	for _, tc := range []struct {
		name, caption string
		want          []string
	}{
		{"infonce-convergence", infonceCaption(set), []string{
			"free logits (SGD lr 0.5, constant, 600 steps;", "d = 8 (Adam lr 0.02, 10 warm-up steps then cosine, 500 steps)",
			"warm-up then cosine, 600 steps). N = 1000, τ = 1, 5 seeds (replicate streams 0–4 of seed 1)"}},
		{"sc-convergence", scCaption(set), []string{"SGD lr 0.5, constant, 2500 steps, Polyak–Ruppert averaging of the iterates from step 500; N = 1000, τ = 1, 5 seeds"}},
		{"sc-off-line", offLineCaption(set), []string{"(d = 8, Adam lr 0.02, constant, 400 steps, N = 1000, τ = 1, 3 seeds)"}},
		{"batch-size", batchCaption(set), []string{"N = 16, 32, 64, 128, 256, 512, 1000:", "SGD lr 0.5, constant, max(2500, 2000000/N) steps", "τ = 1, 5 seeds (mean, bars min–max)"}},
		{"temperature", temperatureCaption(set), []string{"(optimum.InfoNCE, N = 1000), against τ from 0.05 to 20 (61 points, log axis)"}},
		{"clustering", clusteringCaption(set), []string{"(d = 8, Adam lr 0.02, 10 warm-up steps then cosine, 400 steps, N = 1000, τ = 1, mean over 2 seeds)"}},
		{"monte-carlo", monteCarloCaption(set), []string{"at 21 counts n from 100 to 1000000 (log axes), 20 replicate streams of seed 1"}},
		{"reference-experiment", referenceCaption(set), []string{"the reference's recipe (20-node graphs, GIN, N = 1000, 300+1 epochs, its schedule quirk), 2 seeds per loss"}},
		{"infonce-convergence -quick", infonceCaption(quickSettings()), []string{"N = 64, τ = 1, 2 seeds (replicate streams 0–1 of seed 1)"}},
		{"reference-experiment -quick", referenceCaption(quickSettings()), []string{"a -quick smoke test (tiny world, 2+1 epochs): not a result"}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.caption, w) {
				t.Errorf("%s caption lacks %q:\n%s", tc.name, w, tc.caption)
			}
		}
	}
	if strings.Contains(referenceCaption(quickSettings()), "300+1") {
		t.Error("the -quick reference caption states the default recipe")
	}
}
