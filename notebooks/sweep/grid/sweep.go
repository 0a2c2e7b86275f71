package grid

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// Format names the version of the sweep files and of the sweep id (package doc).
const Format = "infonce-lab sweep v1"

// Sweep is a kind's cells in canonical order and the sweep id. It is immutable and safe
// for concurrent use.
type Sweep struct {
	kind  Kind
	id    string
	cells []Cell
	index map[string]int // cell id → position in cells
}

// NewOf returns the sweep of the cells of kind k. Its id is the hex SHA-256 of
// Format, a newline and k.Identity() (package doc).
func NewOf(k Kind) (*Sweep, error) {
	s := &Sweep{kind: k, cells: k.Cells()} // each kind bounds its cells by MaxCells
	s.index = make(map[string]int, len(s.cells))
	for i, c := range s.cells {
		s.index[c.ID()] = i
	}
	if len(s.index) != len(s.cells) {
		return nil, fmt.Errorf("grid: two cells share an id (a SHA-256 prefix collision); change an axis value")
	}
	h := sha256.New()
	h.Write([]byte(Format + "\n"))
	h.Write(k.Identity())
	s.id = hex.EncodeToString(h.Sum(nil))
	return s, nil
}

// ID returns the sweep id: the hex SHA-256 of the format and the kind's identity
// (package doc).
func (s *Sweep) ID() string { return s.id }

// Kind returns the kind of the sweep's cells.
func (s *Sweep) Kind() Kind { return s.kind }

// Cells returns the cells in canonical order (a fresh slice).
func (s *Sweep) Cells() []Cell { return slices.Clone(s.cells) }

// BaseSeed returns the seed every cell's seed derives from (Kind.BaseSeed).
func (s *Sweep) BaseSeed() uint64 { return s.kind.BaseSeed() }

// Seed returns the seed of cell c's run (Kind.Seed).
func (s *Sweep) Seed(c Cell) uint64 { return s.kind.Seed(c) }

// spec is the content of sweep.json. Kind is empty for the scenario kind, whose
// sweep.json has no "kind" and a "base"; the other kinds have no "base".
type spec struct {
	Format string          `json:"format"`
	ID     string          `json:"id"`
	Kind   string          `json:"kind,omitempty"`
	Grid   json.RawMessage `json:"grid"`
	Cells  int             `json:"cells"`
	Base   json.RawMessage `json:"base,omitempty"`
}

// Spec returns the content of sweep.json: the format, the id, the kind (but for the
// scenario kind), the canonical grid, the number of cells and, for the scenario kind,
// the canonical base scenario, indented.
func (s *Sweep) Spec() []byte {
	sp := s.kind.spec()
	sp.Format, sp.ID, sp.Cells = Format, s.id, len(s.cells)
	b, err := json.MarshalIndent(sp, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("grid: encode sweep.json: %v", err)) // plain values; cannot fail
	}
	return append(b, '\n')
}

// ParseSpec rebuilds the sweep that wrote the sweep.json content data and checks that
// it has the id recorded there; errors name the id or the field at fault.
func ParseSpec(data []byte) (*Sweep, error) {
	var sp spec
	if err := decodeStrict(data, &sp); err != nil {
		return nil, fmt.Errorf("grid: sweep.json: %w", err)
	}
	if sp.Format != Format {
		return nil, fmt.Errorf("grid: sweep.json: format = %q, want %q", sp.Format, Format)
	}
	var k Kind
	switch parse, ok := kindParsers[sp.Kind]; {
	case sp.Kind == "":
		base, err := scenario.Parse(sp.Base)
		if err != nil {
			return nil, fmt.Errorf("grid: sweep.json: base: %w", err)
		}
		var g Grid
		if err := decodeStrict(sp.Grid, &g); err != nil {
			return nil, fmt.Errorf("grid: sweep.json: grid: %w", err)
		}
		if k, err = NewScenarioKind(base, g); err != nil {
			return nil, fmt.Errorf("grid: sweep.json: %w", err)
		}
	case !ok || sp.Base != nil:
		return nil, fmt.Errorf("grid: sweep.json: kind = %q with base = %t: want no kind (a scenario sweep, with a base) or one of %s (without)", sp.Kind, sp.Base != nil, kindNames())
	default:
		var err error
		if k, err = parse(sp.Grid); err != nil {
			return nil, fmt.Errorf("grid: sweep.json: grid: %w", err)
		}
	}
	s, err := NewOf(k)
	if err != nil {
		return nil, fmt.Errorf("grid: sweep.json: %w", err)
	}
	if s.id != sp.ID {
		return nil, fmt.Errorf("grid: sweep.json: id = %s, but its grid and base give sweep %s (edited by hand, or written by another version)", sp.ID, s.id)
	}
	return s, nil
}

// decodeStrict decodes the JSON data into v with unknown fields refused.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ShardCells returns the cells of shard sh, in canonical order.
func (s *Sweep) ShardCells(sh Shard) []Cell {
	var out []Cell
	for k, c := range s.cells {
		if sh.Owns(k) {
			out = append(out, c)
		}
	}
	return out
}
