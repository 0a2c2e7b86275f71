package runio

import (
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// -max-mem sets the memory limit: a batch of 10⁵ with an embedding model needs the
// N×N cosines, 8·10¹⁰ B = 74.5 GiB, so it is refused at 1 GiB (naming batch_size) and
// accepted at 1024 GiB, whatever the machine.
func TestConfigOfMaxMem(t *testing.T) {
	s, err := scenario.Parse([]byte(`{"batch_size": 100000, "model": {"kind": "embedding", "dim": 2}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		gib float64
		ok  bool
	}{{1, false}, {1024, true}} {
		lim, err := Limits(c.gib)
		if err != nil || lim.MaxMemory != int64(c.gib)<<30 {
			t.Fatalf("Limits(%v) = %+v, %v", c.gib, lim, err)
		}
		_, err = ConfigOf(s, lim, 1)
		if c.ok && err != nil {
			t.Errorf("-max-mem %v: %v", c.gib, err)
		}
		if !c.ok && (err == nil || !strings.Contains(err.Error(), "scenario field batch_size")) {
			t.Errorf("-max-mem %v: error %v, want a refusal naming batch_size", c.gib, err)
		}
	}
	for _, bad := range []float64{-1, 1e300} {
		if _, err := Limits(bad); err == nil || !strings.Contains(err.Error(), "-max-mem") {
			t.Errorf("-max-mem %v: error %v, want one naming the flag", bad, err)
		}
	}
}
