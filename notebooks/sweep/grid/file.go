package grid

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// File is a grid file (grid.json). A file without "kind" (or with "kind": "scenario")
// holds the axes, the base scenario and an override of its steps: an object with the
// keys of Grid ("N", "tau", "loss", "alpha", "beta", "seeds"), "scenario" (a path,
// relative to the grid file's folder, or an inline scenario object; omitted: the
// embedded toy) and "steps" (omitted or 0: the scenario's). A file of another kind
// ("reference", "mnist") holds that kind's axes and settings, and Kind is set.
type File struct {
	Grid
	Scenario *scenario.Scenario // nil: scenario.Default()
	Steps    int
	// Kind is the kind of a file of another kind than the scenario kind (the other
	// fields are then zero), nil for a scenario grid.
	Kind Kind
}

type fileForm struct {
	Kind     string          `json:"kind"`
	Scenario json.RawMessage `json:"scenario"`
	N        []int           `json:"N"`
	Tau      []float64       `json:"tau"`
	Loss     []string        `json:"loss"`
	Alpha    []float64       `json:"alpha"`
	Beta     []float64       `json:"beta"`
	Seeds    int             `json:"seeds"`
	Steps    int             `json:"steps"`
}

// LoadFile reads the grid file at path; errors name the file and the field or value.
func LoadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("grid: %w", err)
	}
	f, err := ParseFile(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("grid: %s: %w", path, err)
	}
	return f, nil
}

// ParseFile parses the grid file content data; a scenario path in it is relative to
// dir. It is read strictly (internal/strictjson: unknown or wrongly cased keys,
// duplicate keys, a BOM, bare NaN, fractions for integers such as N, trailing data
// and an empty file are errors with line and column); a negative seeds or steps and
// an empty axis are errors too. The axis values are checked by New.
//
// A file whose "kind" names another kind is read by that kind, as strictly.
func ParseFile(data []byte, dir string) (*File, error) {
	var peek struct {
		Kind string `json:"kind"`
	}
	if json.Unmarshal(data, &peek) == nil {
		if parse, ok := kindParsers[peek.Kind]; ok {
			k, err := parse(data)
			if err != nil {
				return nil, fmt.Errorf("grid file: %w", err)
			}
			return &File{Kind: k}, nil
		}
	}
	var ff fileForm
	doc, err := strictjson.Decode(data, &ff)
	if err != nil {
		return nil, fmt.Errorf("grid file: %w", err)
	}
	if ff.Kind != "" && ff.Kind != scenarioKindName {
		return nil, fmt.Errorf("grid file: %w", doc.At("kind", "= %s: unknown kind, want one of %s", doc.Value("kind"), kindNames()))
	}
	for _, c := range []struct {
		name, what string
		v          int
	}{{"seeds", "replicates", ff.Seeds}, {"steps", "steps", ff.Steps}} {
		if c.v < 0 {
			return nil, fmt.Errorf("grid file: %w", doc.At(c.name, "= %s: need ≥ 1 (or omit it for the scenario's %s)", doc.Value(c.name), c.what))
		}
	}
	f := &File{Grid: Grid{N: ff.N, Tau: ff.Tau, Loss: ff.Loss, Alpha: ff.Alpha, Beta: ff.Beta, Seeds: ff.Seeds}, Steps: ff.Steps}
	for _, ax := range []string{"N", "tau", "loss", "alpha", "beta"} {
		if doc.Value(ax) == "[]" {
			return nil, fmt.Errorf("grid file: %w", doc.At(ax, "= []: need at least one value (or omit it for the scenario's)"))
		}
	}
	raw := ff.Scenario
	switch {
	case raw == nil:
	case raw[0] == '"':
		var p string
		_ = json.Unmarshal(raw, &p) // a JSON string: strictjson checked it
		if p == "" {
			return nil, fmt.Errorf("grid file: %w", doc.At("scenario", `= "": want a path or a scenario object`))
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		sc, err := scenario.Load(p)
		if err != nil {
			return nil, fmt.Errorf("grid file: scenario: %w", err)
		}
		f.Scenario = sc
	case raw[0] == '{':
		// Parse the object where it stands, so that its errors give the line and
		// column in the grid file: everything before it blanked, one space a
		// character, newlines kept.
		off, _ := doc.Offset("scenario")
		before := []rune(string(data[:off]))
		for i, r := range before {
			if r != '\n' {
				before[i] = ' '
			}
		}
		sc, err := scenario.Parse(append([]byte(string(before)), raw...))
		if err != nil {
			return nil, fmt.Errorf("grid file: scenario: %w", unprefixed{err})
		}
		f.Scenario = sc
	default:
		return nil, fmt.Errorf("grid file: %w", doc.At("scenario", "= %s: want a path (a string) or a scenario object", doc.Value("scenario")))
	}
	return f, nil
}

// unprefixed is a scenario error without the "scenario: " it starts with, which the
// grid file's "scenario: " already says; errors.As still finds the scenario.Error.
type unprefixed struct{ error }

func (u unprefixed) Error() string { return strings.TrimPrefix(u.error.Error(), "scenario: ") }
func (u unprefixed) Unwrap() error { return u.error }
