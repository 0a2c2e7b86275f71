package runio

import (
	"fmt"
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

// PlanOf chains the three: a refusal of the flag, a refusal of the scenario, and a plan
// whose resolved scenario is the scenario's own.
func TestPlanOf(t *testing.T) {
	s, err := scenario.Parse([]byte(`{"batch_size": 100000, "model": {"kind": "embedding", "dim": 2}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PlanOf(s, -1, 1); err == nil || !strings.Contains(err.Error(), "-max-mem") {
		t.Errorf("-max-mem −1: error %v, want one naming the flag", err)
	}
	if _, err := PlanOf(s, 1, 1); err == nil || !strings.Contains(err.Error(), "batch_size") {
		t.Errorf("74.5 GiB at -max-mem 1: error %v, want one naming batch_size", err)
	}
	p, err := PlanOf(s, 1024, 1)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Resolved()
	if p.Config.N != 100000 || p.Limits.MaxMemory != 1024<<30 || string(p.Resolved) != string(want) {
		t.Errorf("plan N = %d, memory limit %d, resolved %q; want 100000, 2⁴⁰, %q", p.Config.N, p.Limits.MaxMemory, p.Resolved, want)
	}
}

// The scenario's limits field raises the limit as the flag does, and neither lowers the
// other: the 74.5 GiB batch above passes with limits.max_memory_gib = 1024 and no flag,
// and with the flag at 1024 and the field at 1; with both at 1 it is refused.
func TestConfigOfScenarioLimits(t *testing.T) {
	for _, c := range []struct {
		field, flag float64
		ok          bool
	}{{1024, 0, true}, {1, 1024, true}, {1024, 1, true}, {1, 1, false}} {
		s, err := scenario.Parse([]byte(fmt.Sprintf(`{"batch_size": 100000, "model": {"kind": "embedding", "dim": 2}, "limits": {"max_memory_gib": %v}}`, c.field)))
		if err != nil {
			t.Fatal(err)
		}
		lim, err := Limits(c.flag)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ConfigOf(s, lim, 1)
		if c.ok != (err == nil) {
			t.Errorf("limits.max_memory_gib %v, -max-mem %v: error %v, want accepted = %v", c.field, c.flag, err, c.ok)
		}
		if !c.ok && (err == nil || !strings.Contains(err.Error(), "scenario field batch_size")) {
			t.Errorf("limits.max_memory_gib %v, -max-mem %v: error %v, want one naming batch_size", c.field, c.flag, err)
		}
	}
}

// A scenario that fits the scenario's own limits is trained as it is whatever the flag
// raises: with -max-mem 1024 a batch of 8 (8·8·8 B of cosines) gives its configuration,
// N = 8, without the retry at the wider limits that only a refusal needs.
func TestConfigOfFittingScenarioWiderFlag(t *testing.T) {
	s, err := scenario.Parse([]byte(`{"batch_size": 8, "model": {"kind": "embedding", "dim": 2}}`))
	if err != nil {
		t.Fatal(err)
	}
	lim, err := Limits(1024)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigOf(s, lim, 1)
	if err != nil || cfg.N != 8 {
		t.Errorf("ConfigOf(batch 8, -max-mem 1024) = N %d, %v; want N 8, no error", cfg.N, err)
	}
}
