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
	if _, err := ConfigOf(s, 1, 1); err == nil || !strings.Contains(err.Error(), "scenario field batch_size") {
		t.Errorf("-max-mem 1: error %v, want a refusal naming batch_size", err)
	}
	cfg, err := ConfigOf(s, 1024, 1)
	if err != nil {
		t.Fatalf("-max-mem 1024: %v", err)
	}
	if cfg.MaxMemory != 1024<<30 {
		t.Errorf("MaxMemory = %d, want 1024 GiB", cfg.MaxMemory)
	}
	for _, bad := range []float64{-1, 1e300} {
		if _, err := ConfigOf(s, bad, 1); err == nil || !strings.Contains(err.Error(), "-max-mem") {
			t.Errorf("-max-mem %v: error %v, want one naming the flag", bad, err)
		}
	}
}
