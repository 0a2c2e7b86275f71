package grid

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// scenarioKindName is the name of the scenario kind; sweep.json leaves it out (the
// sweep files of this kind predate kinds and keep their bytes and ids).
const scenarioKindName = "scenario"

// baseOmitted are the fields of the base scenario's resolved form that the grid sets
// or a sweep does not use; they are left out of the canonical base.
var baseOmitted = []string{"description", "batch_size", "loss", "tau", "alpha", "beta", "replicates", "output"}

// ScenarioKind is the kind of the cells (loss, N, τ, α, β, seed index) of a Grid on a
// base scenario, each trained by simulate.Train (package doc). It is immutable and
// safe for concurrent use.
type ScenarioKind struct {
	grid  Grid   // canonical
	base  []byte // canonical base JSON
	seed  uint64 // the base scenario's seed
	cells []ScenarioCell
	sc    *scenario.Scenario
	space *feature.Space
}

// New returns the sweep of grid g on the base scenario (a ScenarioKind). Axes that g
// leaves empty take the base's value (Seeds: its replicates; α and β: 1 and 0 when no
// loss of the grid takes them). It returns an error naming the value for a bad axis
// value, a grid of more than MaxCells cells, or a cell the base scenario cannot run
// (for example a loss without a logit form on the free-logit model). base is not
// modified.
func New(base *scenario.Scenario, g Grid) (*Sweep, error) {
	k, err := NewScenarioKind(base, g)
	if err != nil {
		return nil, err
	}
	return NewOf(k)
}

// NewScenarioKind returns the scenario kind of grid g on base (New).
func NewScenarioKind(base *scenario.Scenario, g Grid) (*ScenarioKind, error) {
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
	if _, err := cg.count(); err != nil {
		return nil, err
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
	k := &ScenarioKind{grid: cg, base: canonBase, seed: sc.Seed, sc: sc, space: space, cells: cg.cells()}
	// Validate every distinct configuration before anything runs; the seed index does
	// not change validity, so seed 0 stands for all.
	for _, c := range k.cells {
		if c.SeedIndex != 0 {
			continue
		}
		if _, err := k.scenarioOf(c).Config(0); err != nil {
			return nil, fmt.Errorf("grid: cell %s: %w", c.Key(), err)
		}
	}
	return k, nil
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

// Name returns "scenario".
func (k *ScenarioKind) Name() string { return scenarioKindName }

// Cells returns the cells (ScenarioCell values) in canonical order.
func (k *ScenarioKind) Cells() []Cell {
	return cellsOf(k.cells)
}

func (k *ScenarioKind) gridJSON() []byte {
	gj, err := json.Marshal(k.grid)
	if err != nil {
		panic(fmt.Sprintf("grid: encode grid: %v", err)) // plain values; cannot fail
	}
	return gj
}

// Identity is the canonical grid JSON, a newline and the canonical base JSON.
func (k *ScenarioKind) Identity() []byte {
	return slices.Concat(k.gridJSON(), []byte("\n"), k.base)
}

func (k *ScenarioKind) spec() spec { return spec{Grid: k.gridJSON(), Base: k.base} }

// Grid returns the canonical grid (axes sorted, defaults filled in).
func (k *ScenarioKind) Grid() Grid {
	g := k.grid
	g.N, g.Tau, g.Loss = slices.Clone(g.N), slices.Clone(g.Tau), slices.Clone(g.Loss)
	g.Alpha, g.Beta = slices.Clone(g.Alpha), slices.Clone(g.Beta)
	return g
}

// Space returns the base scenario's feature space.
func (k *ScenarioKind) Space() *feature.Space { return k.space }

// BaseSeed returns the base scenario's seed, from which every cell's seed derives.
func (k *ScenarioKind) BaseSeed() uint64 { return k.seed }

// Seed returns the seed of cell c's training run (ScenarioCell.Seed of the base seed).
func (k *ScenarioKind) Seed(c Cell) uint64 { return c.(ScenarioCell).Seed(k.seed) }

// Cost is the cell's N: the loss's work grows with it.
func (k *ScenarioKind) Cost(c Cell) float64 { return float64(c.(ScenarioCell).N) }

// scenarioOf returns the base scenario with c's values and seed.
func (k *ScenarioKind) scenarioOf(c ScenarioCell) *scenario.Scenario {
	sc := *k.sc
	sc.BatchSize, sc.Tau, sc.Loss, sc.Alpha, sc.Beta = c.N, c.Tau, c.Loss, c.Alpha, c.Beta
	sc.Seed = c.Seed(k.seed)
	sc.Replicates = 1
	return &sc
}

// Config returns the training configuration of cell c: the base scenario with c's N,
// τ, loss, α and β, seeded with its seed, replicate 0, on the kind's shared space.
func (k *ScenarioKind) Config(c ScenarioCell) simulate.Config {
	sc := *k.sc
	m := sc.Model
	m.Widths = slices.Clone(m.Widths)
	return simulate.Config{
		Space:            k.space,
		N:                c.N,
		Loss:             c.Loss,
		Params:           simulate.LossParams{Tau: c.Tau, Alpha: c.Alpha, Beta: c.Beta},
		Model:            m,
		Opt:              sc.Optimizer,
		Steps:            sc.Steps,
		RecordEvery:      sc.RecordEvery,
		Seed:             c.Seed(k.seed),
		EvalBatches:      sc.EvalBatches,
		AverageFrom:      sc.AverageFrom,
		ReferenceMetrics: sc.Output.ReferenceMetrics,
	}
}

// Run trains cell c (simulate.Train); when serial, its loss and MLP run on one
// goroutine (simulate.Config.Workers = 1), else on all (cellWorkers). Results are
// bitwise the same either way (loss and nn guarantee it).
func (k *ScenarioKind) Run(ctx context.Context, c Cell, serial bool) Outcome {
	sc := c.(ScenarioCell)
	cfg := k.Config(sc)
	cfg.Workers = cellWorkers(serial)
	res, trainErr := simulate.Train(ctx, cfg, nil)
	if ctx.Err() != nil {
		return nil // interrupted: the cell is not finished
	}
	return k.newResult(sc, res, trainErr)
}

// Decode parses a cell file of a scenario sweep.
func (k *ScenarioKind) Decode(data []byte) (Outcome, error) {
	return decodeAs[Result](data)
}

// Header returns CSVHeader of the space's number of states.
func (k *ScenarioKind) Header() []string { return CSVHeader(k.space.Len()) }

// Summary writes WriteSummaryTable of the outcomes' Summarize.
func (k *ScenarioKind) Summary(w io.Writer, done []Outcome) error {
	return WriteSummaryTable(w, Summarize(Results(done)))
}

// Results returns the scenario results among outcomes, in order.
func Results(outcomes []Outcome) []*Result {
	var out []*Result
	for _, o := range outcomes {
		if r, ok := o.(*Result); ok {
			out = append(out, r)
		}
	}
	return out
}
