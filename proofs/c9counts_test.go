package proofs

import (
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// TestC9CountsAndSizes: CheckC9PairFrequencies refuses an estimate over another number of
// states with an error naming both sizes (no panic), accepts frequencies whose counts carry
// float rounding (a relative 1e-8, far inside its 1e-6·count slack) and refuses a frequency
// that is not a count over the draws (0.3 of a count off).
func TestC9CountsAndSizes(t *testing.T) {
	s := feature.Toy()
	const draws = 20000
	e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(11, 0))
	small := mustBuild(t, Spec{M: 2, Seed: 4, Kind: KindDirichlet, Source: SourceUniform})
	small2 := sample.EstimatePairs(sample.NewSampler(small), draws, sample.Stream(11, 0))
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("a 2-state estimate for a 3-state space panics: %v", r)
			}
		}()
		if err := CheckC9PairFrequencies(s, small2, FamilyAlpha, 1); err == nil || !strings.Contains(err.Error(), "2 states for a 3-state") {
			t.Errorf("a 2-state estimate for a 3-state space: error %v, want one naming both sizes", err)
		}
	}()
	rounded := *e
	rounded.Q = append([]float64(nil), e.Q...)
	rounded.Q[0] *= 1 + 1e-8 // q̂_0·n ≈ 6000: off by 6e-5, inside 1e-6·6000 = 6e-3
	if err := CheckC9PairFrequencies(s, &rounded, FamilyAlpha, 1); err != nil {
		t.Errorf("a count with float rounding is refused: %v", err)
	}
	rounded.Q[0] = e.Q[0] + 0.3/draws
	if err := CheckC9PairFrequencies(s, &rounded, FamilyAlpha, 1); err == nil || !strings.Contains(err.Error(), "is not a count") {
		t.Errorf("q̂_0 0.3 of a count off: error %v, want \"is not a count\"", err)
	}
}
