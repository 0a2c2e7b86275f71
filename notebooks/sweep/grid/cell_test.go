package grid

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"
)

func TestCellKey(t *testing.T) {
	for _, tc := range []struct {
		cell   Cell
		want   string
		reason string
	}{
		{ScenarioCell{Loss: "infonce", N: 16, Tau: 0.5, Alpha: 1, Beta: 0, SeedIndex: 3}, "loss=infonce N=16 tau=0.5 seed=3", "a loss without α, β leaves them out"},
		{ScenarioCell{Loss: "scinfonce", N: 1000, Tau: 1, Alpha: 1.5, Beta: 0.5}, "loss=scinfonce N=1000 tau=1 alpha=1.5 beta=0.5 seed=0", "SC losses name α and β"},
		{ScenarioCell{Loss: "scinfonce-decoupled", N: 2, Tau: 0.1, Alpha: 1, Beta: math.Copysign(0, -1)}, "loss=scinfonce-decoupled N=2 tau=0.1 alpha=1 beta=0 seed=0", "−0 is written 0, so it is the same cell as 0"},
		{ScenarioCell{Loss: "scinfonce", N: 8, Tau: 1e-3, Alpha: math.Nextafter(0.3, 1), Beta: -0.2}, "loss=scinfonce N=8 tau=0.001 alpha=0.30000000000000004 beta=-0.2 seed=0", "floats in their shortest exact form, not rounded"},
	} {
		if got := tc.cell.Key(); got != tc.want {
			t.Errorf("%s: Key() = %q, want %q", tc.reason, got, tc.want)
		}
	}
}

// TestCellIDAndSeed recomputes the id and seed from the formulas of the package doc.
func TestCellIDAndSeed(t *testing.T) {
	c := ScenarioCell{Loss: "scinfonce", N: 64, Tau: 0.5, Alpha: 2, Beta: 1, SeedIndex: 4}
	key := "loss=scinfonce N=64 tau=0.5 alpha=2 beta=1 seed=4"
	sum := sha256.Sum256([]byte(key))
	if got, want := c.ID(), hex.EncodeToString(sum[:])[:16]; got != want {
		t.Errorf("ID() = %s, want the first 16 hex digits of SHA-256(key) = %s", got, want)
	}
	seedSum := sha256.Sum256([]byte("infonce-lab sweep cell\x00" + "7" + "\x00" + key))
	if got, want := c.Seed(7), binary.LittleEndian.Uint64(seedSum[:8]); got != want {
		t.Errorf("Seed(7) = %d, want %d", got, want)
	}
	if c.Seed(7) == c.Seed(8) {
		t.Errorf("Seed does not depend on the base seed")
	}
	d := c
	d.SeedIndex = 5
	if c.Seed(7) == d.Seed(7) || c.ID() == d.ID() {
		t.Errorf("seed index 4 and 5 give the same seed or id")
	}
}
