package loss

import (
	"slices"
	"testing"
)

// The losses whose definition in docs/theory.md §3 (and graph_toy.py's loss 1) has α
// and β are exactly the three SC-InfoNCE forms; each returns the α and β it was built
// with.
func TestAlphaBetaLosses(t *testing.T) {
	want := []string{SCInfoNCE, SCInfoNCEDecoupled, RefSCInfoNCEName}
	if got := AlphaBetaLosses(); !slices.Equal(got, want) {
		t.Errorf("AlphaBetaLosses() = %v, want %v", got, want)
	}
	for _, name := range Names() {
		if got := TakesAlphaBeta(name); got != slices.Contains(want, name) {
			t.Errorf("TakesAlphaBeta(%q) = %v", name, got)
		}
	}
	if TakesAlphaBeta("nce") {
		t.Error(`TakesAlphaBeta("nce") = true for an unknown name`)
	}
	for _, name := range want {
		l, err := New(name, Params{Tau: 0.5, Alpha: 0.7, Beta: -0.2})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := l.(AlphaBeta).AlphaBeta(); a != 0.7 || b != -0.2 {
			t.Errorf("%s: AlphaBeta() = %v, %v, want 0.7, -0.2", name, a, b)
		}
	}
}
