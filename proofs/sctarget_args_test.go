package proofs

import (
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestC25RefusesBadArguments: CheckC25SCTargetMonotone refuses a step δ ≤ 0, NaN or +Inf
// and a batch size below 2 with an error naming the value, and accepts the toy at valid
// arguments.
func TestC25RefusesBadArguments(t *testing.T) {
	s := feature.Toy()
	if err := CheckC25SCTargetMonotone(s, 1000, 1, 0, 0.1); err != nil {
		t.Fatalf("valid arguments refused: %v", err)
	}
	for _, tc := range []struct {
		n     int
		delta float64
		want  string
	}{{1000, -1, "δ = -1"}, {1000, 0, "δ = 0"}, {1, 0.1, "1"}} {
		err := CheckC25SCTargetMonotone(s, tc.n, 1, 0, tc.delta)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("N = %d, δ = %v: error %v, want one naming %q", tc.n, tc.delta, err, tc.want)
		}
	}
}
