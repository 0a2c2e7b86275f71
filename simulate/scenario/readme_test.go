package scenario

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeJSONBlocks returns the ```json code blocks of README.md.
func readmeJSONBlocks(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		tb.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// TestReadmeExamplesParse: every JSON example of README.md is a valid scenario, and
// the full example (the first block) is the embedded default, so the README cannot
// drift from the format or the defaults.
func TestReadmeExamplesParse(t *testing.T) {
	blocks := readmeJSONBlocks(t)
	if len(blocks) < 5 {
		t.Fatalf("README.md has %d json blocks, want the full example and the TPM forms", len(blocks))
	}
	for i, b := range blocks {
		if _, err := Parse([]byte(b)); err != nil {
			t.Errorf("README json block %d does not parse: %v\n%s", i, err, b)
		}
	}
	if blocks[0] != string(defaultJSON) {
		t.Errorf("README's full example is not default.json; paste default.json into it")
	}
}

// TestReadmeNamesEveryField: each field name of the format appears in README.md as
// `name`, and each TPM family and error-free default is documented there.
func TestReadmeNamesEveryField(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	// As the README writes them: nested fields with their parent.
	names := append([]string(nil), topFields...)
	for _, nested := range []struct {
		parent string
		fields []string
	}{{"model", modelFields}, {"optimizer", optimizerFields}, {"schedule", scheduleFields}, {"output", outputFields}} {
		for _, f := range nested.fields {
			names = append(names, nested.parent+"."+f)
		}
	}
	names = append(append(append(names, tpmFields...), Families()...), Formats()...)
	for _, n := range names {
		if !strings.Contains(readme, "`"+n+"`") && !strings.Contains(readme, "`"+n+".") {
			t.Errorf("README.md does not document `%s`", n)
		}
	}
}

// TestReadmeDefaultsTable: every row "| `path` | `json` | … |" of README.md's field
// table states the value the resolved default has at path. Parameters the toy does
// not use (alpha, model.dim, optimizer.momentum) are looked up in a scenario that
// selects them with every other field omitted.
func TestReadmeDefaultsTable(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var trees []map[string]any
	for _, s := range []*Scenario{Default(), mustParse(t, `{"loss": "scinfonce", "model": {"kind": "embedding"}, "optimizer": {"name": "sgd"}}`)} {
		b, err := s.Resolved()
		if err != nil {
			t.Fatal(err)
		}
		var tree map[string]any
		if err := json.Unmarshal(b, &tree); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree)
	}
	rows := regexp.MustCompile("(?m)^\\| `([a-z_.]+)` \\| `([^`]*)` \\|").FindAllStringSubmatch(string(data), -1)
	if len(rows) < 20 {
		t.Fatalf("found %d default rows in README.md's table, want ≥ 20", len(rows))
	}
	for _, r := range rows {
		path, lit := r[1], r[2]
		if slices.Contains(Families(), path) { // the family table: parameters, not defaults
			continue
		}
		var want any
		if err := json.Unmarshal([]byte(lit), &want); err != nil {
			t.Errorf("README default of %s, %s, is not JSON: %v", path, lit, err)
			continue
		}
		if path == "description" { // the toy has one; an omitted description is ""
			if s := mustParse(t, `{}`); s.Description != want {
				t.Errorf("omitted description = %q, README says %s", s.Description, lit)
			}
			continue
		}
		found := false
		for _, tree := range trees {
			if got, ok := lookup(tree, path); ok {
				found = true
				if !reflect.DeepEqual(got, want) {
					t.Errorf("default %s = %v, README says %s", path, got, lit)
				}
				break
			}
		}
		if !found {
			t.Errorf("README documents a default for %s, which no resolved form has", path)
		}
	}
}

func mustParse(t *testing.T, s string) *Scenario {
	t.Helper()
	sc, err := Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// lookup follows a dotted path through decoded JSON objects.
func lookup(tree map[string]any, path string) (any, bool) {
	var cur any = tree
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}
