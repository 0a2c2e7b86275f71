package grid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// File is a grid file (grid.json): the axes, the base scenario and an override of its
// steps. Its JSON form is an object with the keys of Grid ("N", "tau", "loss", "alpha",
// "beta", "seeds"), "scenario" (a path, relative to the grid file's folder, or an
// inline scenario object; omitted: the embedded toy) and "steps" (omitted or 0: the
// scenario's).
type File struct {
	Grid
	Scenario *scenario.Scenario // nil: scenario.Default()
	Steps    int
}

type fileForm struct {
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
// dir. Unknown keys, trailing data and a negative seeds or steps are errors. The axis
// values are checked by New.
func ParseFile(data []byte, dir string) (*File, error) {
	var ff fileForm
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ff); err != nil {
		return nil, fmt.Errorf("grid file: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("grid file: data after the JSON object")
	}
	if ff.Seeds < 0 {
		return nil, fmt.Errorf("grid file: seeds = %d: need ≥ 1 (or omit it for the scenario's replicates)", ff.Seeds)
	}
	if ff.Steps < 0 {
		return nil, fmt.Errorf("grid file: steps = %d: need ≥ 1 (or omit it for the scenario's steps)", ff.Steps)
	}
	f := &File{Grid: Grid{N: ff.N, Tau: ff.Tau, Loss: ff.Loss, Alpha: ff.Alpha, Beta: ff.Beta, Seeds: ff.Seeds}, Steps: ff.Steps}
	for _, ax := range []struct {
		name string
		n    int
		set  bool
	}{{"N", len(ff.N), ff.N != nil}, {"tau", len(ff.Tau), ff.Tau != nil}, {"loss", len(ff.Loss), ff.Loss != nil}, {"alpha", len(ff.Alpha), ff.Alpha != nil}, {"beta", len(ff.Beta), ff.Beta != nil}} {
		if ax.set && ax.n == 0 {
			return nil, fmt.Errorf("grid file: %s = []: need at least one value (or omit it for the scenario's)", ax.name)
		}
	}
	raw := bytes.TrimSpace(ff.Scenario)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '"':
		var p string
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("grid file: scenario: %w", err)
		}
		if p == "" {
			return nil, errors.New(`grid file: scenario = "": want a path or a scenario object`)
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
		sc, err := scenario.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("grid file: scenario: %w", err)
		}
		f.Scenario = sc
	default:
		return nil, fmt.Errorf("grid file: scenario = %s: want a path (a string) or a scenario object", raw)
	}
	return f, nil
}
