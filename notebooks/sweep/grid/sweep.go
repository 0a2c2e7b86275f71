package grid

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// Format names the version of the sweep files and of the sweep id (package doc).
const Format = "infonce-lab sweep v1"

// baseOmitted are the fields of the base scenario's resolved form that the grid sets
// or a sweep does not use; they are left out of the canonical base.
var baseOmitted = []string{"description", "batch_size", "loss", "tau", "alpha", "beta", "replicates", "output"}

// Sweep is a validated grid on a base scenario: its cells in canonical order, their
// configurations and the sweep id. It is immutable and safe for concurrent use.
type Sweep struct {
	grid  Grid   // canonical
	base  []byte // canonical base JSON
	id    string
	seed  uint64 // the base scenario's seed
	cells []Cell
	index map[string]int // cell id → position in cells
	sc    *scenario.Scenario
	space *feature.Space
}

// New returns the sweep of grid g on the base scenario. Axes that g leaves empty take
// the base's value (Seeds: its replicates; α and β: 1 and 0 when no loss of the grid
// takes them). It returns an error naming the value for a bad axis value, a grid of
// more than MaxCells cells, or a cell the base scenario cannot run (for example a loss
// without a logit form on the free-logit model). base is not modified.
func New(base *scenario.Scenario, g Grid) (*Sweep, error) {
	if base == nil {
		return nil, fmt.Errorf("grid: nil base scenario")
	}
	if err := base.Validate(); err != nil {
		return nil, fmt.Errorf("grid: base scenario: %w", err)
	}
	if g.N == nil {
		g.N = []int{base.BatchSize}
	}
	if g.Tau == nil {
		g.Tau = []float64{base.Tau}
	}
	if g.Loss == nil {
		g.Loss = []string{base.Loss}
	}
	defA, defB := 1.0, 0.0
	if slices.ContainsFunc(g.Loss, takesAlphaBeta) {
		defA, defB = base.Alpha, base.Beta
	}
	if g.Alpha == nil {
		g.Alpha = []float64{defA}
	}
	if g.Beta == nil {
		g.Beta = []float64{defB}
	}
	if g.Seeds == 0 {
		g.Seeds = base.Replicates
	}
	cg, err := g.canonical()
	if err != nil {
		return nil, err
	}
	if n := cg.count(); n > MaxCells {
		return nil, fmt.Errorf("grid: the grid has more than %d cells (MaxCells); split it into several sweeps", MaxCells)
	}
	canonBase, err := canonicalBase(base)
	if err != nil {
		return nil, err
	}
	// The scenario each cell starts from: the canonical base parsed back, so that a
	// sweep rebuilt from sweep.json runs exactly what the original ran.
	sc, err := scenario.Parse(canonBase)
	if err != nil {
		return nil, fmt.Errorf("grid: base scenario does not survive its canonical form: %w", err)
	}
	space, err := sc.Space()
	if err != nil {
		return nil, fmt.Errorf("grid: base scenario: %w", err)
	}
	s := &Sweep{grid: cg, base: canonBase, seed: sc.Seed, sc: sc, space: space}
	s.cells = cg.cells()
	s.index = make(map[string]int, len(s.cells))
	for k, c := range s.cells {
		s.index[c.ID()] = k
	}
	if len(s.index) != len(s.cells) {
		return nil, fmt.Errorf("grid: two cells share an id (a SHA-256 prefix collision); change an axis value")
	}
	// Validate every distinct configuration before anything runs; the seed index does
	// not change validity, so seed 0 stands for all.
	for _, c := range s.cells {
		if c.SeedIndex != 0 {
			continue
		}
		if _, err := s.scenarioOf(c).Config(0); err != nil {
			return nil, fmt.Errorf("grid: cell %s: %w", c.Key(), err)
		}
	}
	gj, err := json.Marshal(cg)
	if err != nil {
		return nil, fmt.Errorf("grid: encode grid: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(Format + "\n"))
	h.Write(gj)
	h.Write([]byte("\n"))
	h.Write(canonBase)
	s.id = hex.EncodeToString(h.Sum(nil))
	return s, nil
}

// canonicalBase returns the resolved form of base without the fields of baseOmitted,
// as compact JSON with sorted keys.
func canonicalBase(base *scenario.Scenario) ([]byte, error) {
	r, err := base.Resolved()
	if err != nil {
		return nil, fmt.Errorf("grid: base scenario: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(r, &fields); err != nil {
		return nil, fmt.Errorf("grid: base scenario's resolved form: %w", err)
	}
	for _, k := range baseOmitted {
		delete(fields, k)
	}
	var buf bytes.Buffer
	// map keys are written sorted; Compact removes the resolved form's indentation.
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("grid: base scenario: %w", err)
	}
	if err := json.Compact(&buf, b); err != nil {
		return nil, fmt.Errorf("grid: base scenario: %w", err)
	}
	return buf.Bytes(), nil
}

// ID returns the sweep id: the hex SHA-256 of the format, the canonical grid and the
// canonical base (package doc).
func (s *Sweep) ID() string { return s.id }

// Grid returns the canonical grid (axes sorted, defaults filled in).
func (s *Sweep) Grid() Grid {
	g := s.grid
	g.N, g.Tau, g.Loss = slices.Clone(g.N), slices.Clone(g.Tau), slices.Clone(g.Loss)
	g.Alpha, g.Beta = slices.Clone(g.Alpha), slices.Clone(g.Beta)
	return g
}

// Cells returns the cells in canonical order (a fresh slice).
func (s *Sweep) Cells() []Cell { return slices.Clone(s.cells) }

// Space returns the base scenario's feature space.
func (s *Sweep) Space() *feature.Space { return s.space }

// BaseSeed returns the base scenario's seed, from which every cell's seed derives.
func (s *Sweep) BaseSeed() uint64 { return s.seed }

// Seed returns the seed of cell c's training run (Cell.Seed of the base seed).
func (s *Sweep) Seed(c Cell) uint64 { return c.Seed(s.seed) }

// scenarioOf returns the base scenario with c's values and seed.
func (s *Sweep) scenarioOf(c Cell) *scenario.Scenario {
	sc := *s.sc
	sc.BatchSize, sc.Tau, sc.Loss, sc.Alpha, sc.Beta = c.N, c.Tau, c.Loss, c.Alpha, c.Beta
	sc.Seed = s.Seed(c)
	sc.Replicates = 1
	return &sc
}

// Config returns the training configuration of cell c: the base scenario with c's N,
// τ, loss, α and β, seeded with Seed(c), replicate 0, on the sweep's shared space.
func (s *Sweep) Config(c Cell) simulate.Config {
	sc := *s.sc
	m := sc.Model
	m.Widths = slices.Clone(m.Widths)
	return simulate.Config{
		Space:            s.space,
		N:                c.N,
		Loss:             c.Loss,
		Params:           simulate.LossParams{Tau: c.Tau, Alpha: c.Alpha, Beta: c.Beta},
		Model:            m,
		Opt:              sc.Optimizer,
		Steps:            sc.Steps,
		RecordEvery:      sc.RecordEvery,
		Seed:             s.Seed(c),
		EvalBatches:      sc.EvalBatches,
		AverageFrom:      sc.AverageFrom,
		ReferenceMetrics: sc.Output.ReferenceMetrics,
	}
}

// spec is the content of sweep.json.
type spec struct {
	Format string          `json:"format"`
	ID     string          `json:"id"`
	Grid   Grid            `json:"grid"`
	Cells  int             `json:"cells"`
	Base   json.RawMessage `json:"base"`
}

// Spec returns the content of sweep.json: the format, the id, the canonical grid, the
// number of cells and the canonical base scenario, indented.
func (s *Sweep) Spec() []byte {
	b, err := json.MarshalIndent(spec{Format: Format, ID: s.id, Grid: s.grid, Cells: len(s.cells), Base: s.base}, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("grid: encode sweep.json: %v", err)) // plain values; cannot fail
	}
	return append(b, '\n')
}

// ParseSpec rebuilds the sweep that wrote the sweep.json content data and checks that
// it has the id recorded there; errors name the id or the field at fault.
func ParseSpec(data []byte) (*Sweep, error) {
	var sp spec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sp); err != nil {
		return nil, fmt.Errorf("grid: sweep.json: %w", err)
	}
	if sp.Format != Format {
		return nil, fmt.Errorf("grid: sweep.json: format = %q, want %q", sp.Format, Format)
	}
	base, err := scenario.Parse(sp.Base)
	if err != nil {
		return nil, fmt.Errorf("grid: sweep.json: base: %w", err)
	}
	s, err := New(base, sp.Grid)
	if err != nil {
		return nil, fmt.Errorf("grid: sweep.json: %w", err)
	}
	if s.id != sp.ID {
		return nil, fmt.Errorf("grid: sweep.json: id = %s, but its grid and base give sweep %s (edited by hand, or written by another version)", sp.ID, s.id)
	}
	return s, nil
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
