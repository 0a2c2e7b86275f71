package grid

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// tinyJSON is a free-logit scenario on the toy that trains in well under a millisecond
// per cell (O(m³) per step, loss.CountLoss).
const tinyJSON = `{"model": {"kind": "logits"}, "optimizer": {"name": "sgd", "lr": 0.5},
 "schedule": {"kind": "constant"}, "steps": 60, "record_every": 20, "eval_batches": 4, "average_from": 20}`

func tinyBase(t testing.TB) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse([]byte(tinyJSON))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tinyGrid has 2 losses × 2 N × (1 + 2·2 α, β) × 2 seeds = 20 cells.
func tinyGrid() Grid {
	return Grid{N: []int{64, 16}, Loss: []string{"scinfonce", "infonce"}, Alpha: []float64{1.5, 1}, Beta: []float64{0, 0.5}, Seeds: 2}
}

func mustNew(t testing.TB, base *scenario.Scenario, g Grid) *Sweep {
	t.Helper()
	s, err := New(base, g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewCells(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	cells := s.Cells()
	// infonce: 2 N × 2 seeds; scinfonce: 2 N × 2 α × 2 β × 2 seeds.
	if got, want := len(cells), 2*2+2*2*2*2; got != want {
		t.Fatalf("%d cells, want %d", got, want)
	}
	want := []string{
		"loss=infonce N=16 tau=1 seed=0",
		"loss=infonce N=16 tau=1 seed=1",
		"loss=infonce N=64 tau=1 seed=0",
		"loss=infonce N=64 tau=1 seed=1",
		"loss=scinfonce N=16 tau=1 alpha=1 beta=0 seed=0",
		"loss=scinfonce N=16 tau=1 alpha=1 beta=0 seed=1",
		"loss=scinfonce N=16 tau=1 alpha=1 beta=0.5 seed=0",
	}
	for k, w := range want {
		if got := cells[k].Key(); got != w {
			t.Errorf("cell %d = %q, want %q (canonical order: loss, N, τ, α, β, seed ascending)", k, got, w)
		}
	}
	g := s.Kind().(*ScenarioKind).Grid()
	if !slices.Equal(g.Tau, []float64{1}) || g.Seeds != 2 {
		t.Errorf("grid tau = %v, seeds = %d: want the base's τ = 1 and the 2 seeds asked for", g.Tau, g.Seeds)
	}
}

// TestSweepIDCanonical: the id depends on the set of cells and the configuration they
// run, not on how the grid was written.
func TestSweepIDCanonical(t *testing.T) {
	base := tinyBase(t)
	ref := mustNew(t, base, tinyGrid()).ID()
	same := func(reason string, b *scenario.Scenario, g Grid) {
		t.Helper()
		if id := mustNew(t, b, g).ID(); id != ref {
			t.Errorf("%s: id %s, want %s", reason, id, ref)
		}
	}
	differ := func(reason string, b *scenario.Scenario, g Grid) {
		t.Helper()
		if id := mustNew(t, b, g).ID(); id == ref {
			t.Errorf("%s: id unchanged", reason)
		}
	}
	g := tinyGrid()
	g.N, g.Alpha = []int{16, 64}, []float64{1, 1.5}
	same("axis values in another order", base, g)
	g = tinyGrid()
	g.Beta = []float64{0.5, math.Copysign(0, -1)}
	same("β = −0 for 0", base, g)
	b := *base
	b.Description, b.BatchSize, b.Tau, b.Replicates = "another text", 7, 1, 9
	b.Output.Formats = []string{"png"}
	same("description, batch size, replicates and output of the base (the grid sets or ignores them)", &b, tinyGrid())
	g = tinyGrid()
	g.Tau = []float64{1}
	same("τ axis given as the base's value", base, g)

	b = *base
	b.Steps = 61
	differ("another number of steps", &b, tinyGrid())
	b = *base
	b.Seed = 2
	differ("another base seed", &b, tinyGrid())
	g = tinyGrid()
	g.Seeds = 3
	differ("more seeds", base, g)
	g = tinyGrid()
	g.Tau = []float64{0.5}
	differ("another τ", base, g)
}

func TestNewErrors(t *testing.T) {
	base := tinyBase(t)
	for _, tc := range []struct {
		base   *scenario.Scenario
		grid   Grid
		want   string
		reason string
	}{
		{base, Grid{N: []int{16, 1}}, "N = 1: need ≥ 2", "a batch needs a negative"},
		{base, Grid{N: []int{16, 16}}, "N = 16: listed twice", "duplicates would run one cell twice"},
		{base, Grid{Tau: []float64{1, 0}}, "tau = 0: need a finite temperature > 0", "τ must be positive"},
		{base, Grid{Tau: []float64{math.Inf(1)}}, "tau = +Inf", "τ must be finite"},
		{base, Grid{Tau: []float64{0.5, 0.5}}, "tau = 0.5: listed twice", "duplicate τ"},
		{base, Grid{Loss: []string{"infonce", "nope"}}, `loss = "nope": unknown loss`, "loss names are checked"},
		{base, Grid{Loss: []string{"scinfonce"}, Alpha: []float64{math.NaN()}}, "alpha = NaN: need a finite number", "α must be finite"},
		{base, Grid{Loss: []string{"scinfonce"}, Beta: []float64{1, math.Copysign(0, -1), 0}}, "beta = 0: listed twice", "−0 and 0 are one value"},
		{base, Grid{Alpha: []float64{2}}, "alpha = 2, beta = 0: no loss of the grid (infonce) uses α and β", "α without an SC loss would be ignored"},
		{base, Grid{Seeds: -1}, "seeds = -1: need ≥ 1", "seeds count"},
		{base, Grid{Loss: []string{"infonce", "dhel"}}, `cell loss=dhel N=1000 tau=1 seed=0: scenario: model.kind = "logits"`, "dhel has no free-logit form"},
		{base, Grid{N: []int{2}, Seeds: MaxCells + 1}, "more than 1048576 cells", "a grid too large to expand"},
	} {
		_, err := New(tc.base, tc.grid)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New error %v, want one containing %q", tc.reason, err, tc.want)
		}
	}
}

// TestSpecRoundTrip: sweep.json rebuilds the same sweep, and an edited one is refused.
func TestSpecRoundTrip(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	back, err := ParseSpec(s.Spec())
	if err != nil {
		t.Fatal(err)
	}
	if back.ID() != s.ID() || !slices.Equal(back.Cells(), s.Cells()) {
		t.Errorf("ParseSpec(Spec()) gives sweep %s with %d cells, want %s with %d", back.ID(), len(back.Cells()), s.ID(), len(s.Cells()))
	}
	if string(back.Spec()) != string(s.Spec()) {
		t.Errorf("Spec() not stable under ParseSpec:\n%s\nvs\n%s", back.Spec(), s.Spec())
	}
	for _, c := range s.Cells() {
		if back.Seed(c) != s.Seed(c) {
			t.Fatalf("cell %s: seed %d after round trip, want %d", c.Key(), back.Seed(c), s.Seed(c))
		}
	}
	edited := strings.Replace(string(s.Spec()), `"steps": 60`, `"steps": 61`, 1)
	if _, err := ParseSpec([]byte(edited)); err == nil || !strings.Contains(err.Error(), "id = "+s.ID()) {
		t.Errorf("edited sweep.json: error %v, want one naming the recorded id %s", err, s.ID())
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		text   string
		want   Shard
		errSub string
		reason string
	}{
		{"0/1", Shard{0, 1}, "", "the whole sweep"},
		{"3/4", Shard{3, 4}, "", "last of four"},
		{" 1 / 2 ", Shard{1, 2}, "", "spaces are trimmed"},
		{"4/4", Shard{}, "index 4: need 0 ≤ index < 4", "indices start at 0"},
		{"-1/4", Shard{}, "index -1", "negative index"},
		{"0/0", Shard{}, "count 0: need ≥ 1", "no shards"},
		{"a/2", Shard{}, `index "a" is not an integer`, "not a number"},
		{"2", Shard{}, `shard "2": want i/n`, "no slash"},
	} {
		got, err := ParseShard(tc.text)
		switch {
		case tc.errSub == "" && (err != nil || got != tc.want):
			t.Errorf("%s: ParseShard(%q) = %v, %v; want %v", tc.reason, tc.text, got, err, tc.want)
		case tc.errSub != "" && (err == nil || !strings.Contains(err.Error(), tc.errSub)):
			t.Errorf("%s: ParseShard(%q) error %v, want one containing %q", tc.reason, tc.text, err, tc.errSub)
		}
	}
}

// TestShardsPartition: for every shard count, each cell belongs to exactly one shard.
func TestShardsPartition(t *testing.T) {
	s := mustNew(t, tinyBase(t), tinyGrid())
	for n := 1; n <= 7; n++ {
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			for _, c := range s.ShardCells(Shard{i, n}) {
				seen[c.ID()]++
			}
		}
		if len(seen) != len(s.Cells()) {
			t.Errorf("%d shards cover %d of %d cells", n, len(seen), len(s.Cells()))
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("%d shards: cell %s in %d shards", n, id, k)
			}
		}
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "base.json"), []byte(tinyJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile([]byte(`{"scenario": "base.json", "N": [16, 64], "loss": ["infonce"], "seeds": 3, "steps": 30}`), dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.Scenario == nil || f.Scenario.Model.Kind != "logits" || !slices.Equal(f.N, []int{16, 64}) || f.Seeds != 3 || f.Steps != 30 {
		t.Errorf("ParseFile = %+v, scenario %+v", f.Grid, f.Scenario)
	}
	f, err = ParseFile([]byte(`{"scenario": {"model": {"kind": "logits"}}, "tau": [0.5]}`), dir)
	if err != nil || f.Scenario == nil || f.Scenario.Model.Kind != "logits" {
		t.Errorf("inline scenario: %v, %+v", err, f)
	}
	// 1e3 was refused as a batch size: integers in float notation are integers.
	f, err = ParseFile([]byte(`{"N": [1e3, 2.56e2], "seeds": 1e0, "steps": 3e1}`), dir)
	if err != nil || !slices.Equal(f.N, []int{1000, 256}) || f.Seeds != 1 || f.Steps != 30 {
		t.Errorf("integers in float notation: %v, %+v", err, f)
	}
	// An error inside the inline scenario is still a scenario.Error.
	_, err = ParseFile([]byte(`{"scenario": {"tau": -1}}`), dir)
	if e := (*scenario.Error)(nil); !errors.As(err, &e) || e.Field != "tau" {
		t.Errorf("inline scenario error %v does not wrap a *scenario.Error for tau", err)
	}
	for _, tc := range []struct {
		json, want, reason string
	}{
		{`{"Nn": [16]}`, `line 1, column 2: Nn = […] (1 elements): unknown field, want one of [kind scenario N tau loss alpha beta seeds steps]`, "unknown keys are refused"},
		{`{"N": [16.5]}`, "line 1, column 8: N[0] = 16.5: want an integer", "N must be integers"},
		// issue 15, "Grid files are lax": each defect with its row.
		{`{"N": [16], "N": [32]}`, "line 1, column 13: N is given twice", "duplicate keys were accepted (the last won)"},
		{`{"n": [16]}`, `n = […] (1 elements): unknown field, want one of [kind scenario N tau loss alpha beta seeds steps] (names are case-sensitive: "N", not "n")`, `"n" was taken for "N" (encoding/json matches case-insensitively)`},
		{`{"Seeds": 2}`, `(names are case-sensitive: "seeds", not "Seeds")`, "any wrongly cased key"},
		{``, "grid file: empty input: want an object {…}", `an empty file said "grid file: EOF"`},
		{"\n \n", "grid file: empty input", "white space only is empty too"},
		{`{"N": "16"}`, `line 1, column 7: N = "16": want an array of integers, got a string`, "Go type names ([]int) were in messages"},
		{`{"seeds": 2.5}`, "seeds = 2.5: want an integer", "no Go type names for a fraction either"},
		{`{"tau": [0.5, NaN]}`, "line 1, column 15: tau[1] = NaN: JSON has no NaN or infinity", "a bare NaN is named with its place"},
		{"\xEF\xBB\xBF{}", "line 1, column 1: the file starts with a UTF-8 byte-order mark (BOM)", "a BOM"},
		{`{"seeds": -2e0}`, "line 1, column 11: seeds = -2e0: need ≥ 1", "values are quoted as written"},
		{`{"scenario": {"tau": 0.9, "Tau": 1}}`, "grid file: scenario: line 1, column 27: Tau = 1: unknown field", "the inline scenario is strict, placed in the grid file"},
		{"{\n \"N\": [16],\n \"scenario\": {\"batch_size\": 1}}", "grid file: scenario: line 3, column 29: batch_size = 1: need ≥ 2", "an inline scenario's value error placed in the grid file"},
		{`{"N": []}`, "N = []: need at least one value", "an empty axis runs nothing"},
		{`{"seeds": -2}`, "seeds = -2", "negative seeds"},
		{`{"steps": -1}`, "steps = -1", "negative steps"},
		{`{"scenario": "missing.json"}`, "missing.json", "the scenario file must exist"},
		{`{"scenario": {"tau": -1}}`, "tau = -1", "the inline scenario is validated"},
		{`{"scenario": 3}`, "scenario = 3: want a path", "scenario of the wrong type"},
		{`{} {}`, "line 1, column 4: data after the first JSON value", "one object per file"},
	} {
		_, err := ParseFile([]byte(tc.json), dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ParseFile(%s) error %v, want one containing %q", tc.reason, tc.json, err, tc.want)
		}
	}
}

func TestRelGap(t *testing.T) {
	// |0.11 − 0.1|/0.1 = 0.1, |0.18 − 0.2|/0.2 = 0.1, |0.3 − 0.3| = 0, NaN skipped:
	// max 0.1, mean 0.2/3.
	p := matrix(2, 2, 0.11, 0.18, 0.3, math.NaN())
	tg := matrix(2, 2, 0.1, 0.2, 0.3, 0.4)
	mx, mean := RelGap(p, tg)
	// tolerance: a few float64 roundings of the quotients (≤ 1e-15 relative).
	if math.Abs(mx-0.1) > 1e-14 || math.Abs(mean-0.2/3) > 1e-14 || math.IsNaN(mx) || math.IsNaN(mean) {
		t.Errorf("RelGap = %v, %v; want 0.1, %v", mx, mean, 0.2/3)
	}
	mx, mean = RelGap(matrix(1, 1, math.NaN()), matrix(1, 1, 1))
	if !math.IsNaN(mx) || !math.IsNaN(mean) {
		t.Errorf("RelGap with no measured pair = %v, %v; want NaN, NaN", mx, mean)
	}
}

func matrix(r, c int, v ...float64) *mat.Dense { return mat.NewDense(r, c, v) }

func TestFloatJSON(t *testing.T) {
	for _, v := range []float64{0, -1.5, 1e-300, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), math.Nextafter(0.3, 1)} {
		b, err := Float(v).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Float
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatalf("%v: %s does not read back: %v", v, b, err)
		}
		// exact round trip: the encoding is lossless by construction.
		if !(float64(back) == v || math.IsNaN(v) && math.IsNaN(float64(back))) {
			t.Errorf("%v → %s → %v", v, b, float64(back))
		}
	}
	var f Float
	if err := f.UnmarshalJSON([]byte(`"x"`)); err == nil {
		t.Errorf(`UnmarshalJSON("x") accepted`)
	}
}

// TestShardOfOneOwnsAll: a count of at most 1 (the zero value included) is the whole
// sweep, whatever the index says.
func TestShardOfOneOwnsAll(t *testing.T) {
	for _, sh := range []Shard{{}, {0, 1}, {2, 1}} {
		for k := range 5 {
			if !sh.Owns(k) {
				t.Errorf("shard %+v does not own cell %d", sh, k)
			}
		}
	}
}

// TestShardString: a shard prints as i/n, the zero value as the whole sweep 0/1.
func TestShardString(t *testing.T) {
	if got := (Shard{}).String(); got != "0/1" {
		t.Errorf("Shard{}.String() = %q, want 0/1", got)
	}
	if got := (Shard{2, 4}).String(); got != "2/4" {
		t.Errorf("Shard{2, 4}.String() = %q, want 2/4", got)
	}
}
