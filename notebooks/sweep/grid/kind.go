package grid

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"slices"
	"strings"
)

// Kind is what the cells of a sweep are and do. A Kind value holds its canonical
// settings and carries the behaviour of its cells: their expansion in canonical order,
// the seed and the run of each, the decoding of a cell file, the columns of results.csv
// and the summary table. A Sweep handles every kind the same way (shards, resumption,
// merge); it never asks which kind it holds.
//
// Kinds: ScenarioKind (simulate.Train on a base scenario, the grid of N, τ, loss, α,
// β, seeds; New), ReferenceKind (the reference experiment's runs, as
// notebooks/reference -table trains them) and MNISTKind (encoders on MNIST states, as
// notebooks/mnist trains them). Grid files and sweep.json name the kind in "kind".
type Kind interface {
	// Name is the kind's name: the "kind" of grid files and sweep.json.
	Name() string
	// Cells returns the cells in canonical order (a fresh slice).
	Cells() []Cell
	// Identity returns the canonical bytes that, after the format line, the sweep id
	// hashes (package doc): two kinds with equal identities run the same cells the
	// same way.
	Identity() []byte
	// BaseSeed is the seed the cells' seeds derive from (the manifest's seed); 0 when
	// every cell names its own.
	BaseSeed() uint64
	// Seed returns the seed of cell c's run.
	Seed(c Cell) uint64
	// Cost is the relative cost of cell c: Run hands out costlier cells first, which
	// shortens the tail of a run. It changes no result.
	Cost(c Cell) float64
	// Run runs cell c, on one goroutine when serial, and returns its outcome (a run
	// that fails is an outcome carrying its error), or nil when ctx was cancelled
	// before it finished. Its header is filled in by the sweep.
	Run(ctx context.Context, c Cell, serial bool) Outcome
	// Decode parses a cell file of this kind strictly (unknown fields are errors).
	Decode(data []byte) (Outcome, error)
	// Header returns the columns of results.csv and Row an outcome's row.
	Header() []string
	Row(o Outcome) ([]string, error)
	// Summary writes a Markdown table of the finished outcomes, in canonical order.
	Summary(w io.Writer, done []Outcome) error
	// spec returns the kind's part of sweep.json: "kind", "grid" and "base".
	spec() spec
}

// Cell is one run of a sweep: a point of the kind's grid.
type Cell interface {
	// Key is the cell's canonical key, its identity within the sweep.
	Key() string
	// ID is the first 16 hex digits of SHA-256(Key()): the name of its cell file.
	ID() string
}

// cellID returns the first 16 hex digits of SHA-256(key).
func cellID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// Outcome is the result of one cell: the content of its cell file.
type Outcome interface {
	// Head returns the outcome's header (its own storage).
	Head() *CellHeader
	// Failed reports whether the cell's run failed (its error is in the outcome).
	Failed() bool
}

// CellHeader opens every cell file: the sweep id, the cell id and the cell's key, which
// Run and Merge check against the sweep and the file's name.
type CellHeader struct {
	Sweep string `json:"sweep"` // the sweep id
	Cell  string `json:"cell"`  // the cell id
	Key   string `json:"key"`   // the cell's canonical key
}

// Head returns h.
func (h *CellHeader) Head() *CellHeader { return h }

// kindParsers are the kinds other than the scenario kind, by name: each parses its
// grid settings (a grid file, or the "grid" of its sweep.json) strictly.
var kindParsers = map[string]func(data []byte) (Kind, error){
	referenceKindName: parseReference,
	mnistKindName:     parseMNIST,
}

// kindNames lists the kinds' names, sorted, for error messages.
func kindNames() string {
	names := []string{scenarioKindName}
	for n := range kindParsers {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// cellsOf returns the cells cs as a []Cell.
func cellsOf[C Cell](cs []C) []Cell {
	out := make([]Cell, len(cs))
	for i, c := range cs {
		out[i] = c
	}
	return out
}

// decodeAs parses a cell file into a new T strictly (unknown fields are errors).
func decodeAs[T any, P interface {
	*T
	Outcome
}](data []byte) (Outcome, error) {
	var r T
	if err := decodeStrict(data, &r); err != nil {
		return nil, err
	}
	return P(&r), nil
}

// cellWorkers is the number of goroutines of a cell's run: 1 when serial (several
// cells run at once), else all of them (runtime.GOMAXPROCS). The kinds' runs give the
// same results either way.
func cellWorkers(serial bool) int {
	if serial {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}
