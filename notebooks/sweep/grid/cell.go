package grid

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"
)

// ScenarioCell is one training run of a scenario sweep (ScenarioKind): a point of the
// grid and a seed index.
type ScenarioCell struct {
	Loss      string
	N         int
	Tau       float64
	Alpha     float64 // 1 for losses that take no α
	Beta      float64 // 0 for losses that take no β
	SeedIndex int     // 0 … Seeds−1
}

// Key returns the cell's canonical key (package doc):
// "loss=<name> N=<n> tau=<τ> [alpha=<α> beta=<β>] seed=<s>".
func (c ScenarioCell) Key() string {
	var b strings.Builder
	b.WriteString("loss=")
	b.WriteString(c.Loss)
	b.WriteString(" N=")
	b.WriteString(strconv.Itoa(c.N))
	b.WriteString(" tau=")
	b.WriteString(formatFloat(c.Tau + 0))
	if takesAlphaBeta(c.Loss) {
		b.WriteString(" alpha=")
		b.WriteString(formatFloat(c.Alpha + 0))
		b.WriteString(" beta=")
		b.WriteString(formatFloat(c.Beta + 0))
	}
	b.WriteString(" seed=")
	b.WriteString(strconv.Itoa(c.SeedIndex))
	return b.String()
}

// ID returns the first 16 hex digits of SHA-256(Key()): the name of the cell's file.
func (c ScenarioCell) ID() string {
	return cellID(c.Key())
}

// cellSeedDomain separates cell seeds from every other use of SHA-256 in the lab.
const cellSeedDomain = "infonce-lab sweep cell\x00"

// Seed returns the seed of the cell's training run under a base scenario seeded with
// base: the first 8 bytes, little-endian, of
// SHA-256("infonce-lab sweep cell\x00" ‖ base in decimal ‖ "\x00" ‖ Key()).
func (c ScenarioCell) Seed(base uint64) uint64 {
	h := sha256.New()
	h.Write([]byte(cellSeedDomain))
	h.Write([]byte(strconv.FormatUint(base, 10)))
	h.Write([]byte{0})
	h.Write([]byte(c.Key()))
	return binary.LittleEndian.Uint64(h.Sum(nil)[:8])
}
