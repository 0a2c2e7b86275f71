package grid

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
)

// This file holds what the kinds other than the scenario kind share in reading their
// grid settings: a grid file (or the "grid" of their sweep.json) is one JSON object
// with "kind", two axes and scalar settings, read by internal/strictjson.

// decodeSettings reads the settings object data of kind name into v strictly and checks
// its "kind".
func decodeSettings(data []byte, name string, v any, kind *string) (*strictjson.Document, error) {
	doc, err := strictjson.Decode(data, v)
	if err != nil {
		return nil, err
	}
	if *kind != name {
		return nil, doc.At("kind", "= %s: want %q", doc.Value("kind"), name)
	}
	return doc, nil
}

// sortedAxis returns the sorted copy of the axis vals named name, or an error at the
// member naming it when it is missing or empty (hint says what to list), or when a
// value is listed twice.
func sortedAxis[T int | uint64 | string](doc *strictjson.Document, name string, vals []T, hint string) ([]T, error) {
	if len(vals) == 0 {
		if doc.Has(name) {
			return nil, doc.At(name, "= []: need at least one value (%s)", hint)
		}
		return nil, doc.At(name, "missing: need at least one value (%s)", hint)
	}
	out := slices.Clone(vals)
	slices.Sort(out)
	if i := dupIndex(out); i >= 0 {
		return nil, doc.At(name, "= %s: %v listed twice", doc.Value(name), out[i])
	}
	return out, nil
}

// fill sets *p to def when the document left it out.
func fill[T any](p **T, def T) {
	if *p == nil {
		*p = &def
	}
}

// namedError places err at the member that its message names first: names pairs a
// phrase of the message (such as "BatchSize =") with the JSON member. An error that
// names none is returned as is.
func namedError(doc *strictjson.Document, err error, names [][2]string) error {
	msg := err.Error()
	best, member := len(msg), ""
	for _, n := range names {
		if i := strings.Index(msg, n[0]); i >= 0 && i < best {
			best, member = i, n[1]
		}
	}
	if member == "" {
		return err
	}
	return doc.At(member, ": %v", err)
}

// compactJSON returns v's JSON; the settings are plain values, so it cannot fail.
func compactJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("grid: encode settings: %v", err))
	}
	return b
}

// settingsKind is what a kind of settings (reference, mnist) has from its name and
// canonical settings: Name, Identity (the settings' JSON, which names the kind) and its
// part of sweep.json; and a Cost of 1, for kinds whose cells all train alike.
type settingsKind struct {
	name     string
	settings []byte // canonical settings JSON
}

// Name returns the kind's name.
func (k settingsKind) Name() string { return k.name }

// Identity is the canonical settings' JSON.
func (k settingsKind) Identity() []byte { return k.settings }

func (k settingsKind) spec() spec { return spec{Kind: k.name, Grid: k.settings} }

// Cost is 1: every cell trains the same epochs or steps of the same batches.
func (k settingsKind) Cost(Cell) float64 { return 1 }

// checkCells returns an error when a grid of a × b cells (two axes) has more than
// MaxCells cells; it is checked before the cells are expanded.
func checkCells(a, b int) error {
	if b > 0 && a > MaxCells/b {
		return fmt.Errorf("grid: the grid has %d × %d cells, more than %d (MaxCells); split it into several sweeps", a, b, MaxCells)
	}
	return nil
}
