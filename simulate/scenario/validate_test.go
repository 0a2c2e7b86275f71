package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// TestValidationPathsFromJSON: every value check of decode.go and validate.go, reached
// from a file, names the field, the value and the expectation of README.md's table
// (the testdata/invalid files hold one example per kind of mistake; these are the
// remaining checks and both sides of their boundaries).
func TestValidationPathsFromJSON(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		// numbers and types
		{`{"tau": "-Infinity"}`, `tau = "-Infinity": want a number, got a string (JSON has no NaN or infinity`},
		{`{"tau": "inf"}`, `(JSON has no NaN or infinity`},
		{`{"tau": "one"}`, `tau = "one": want a number, got a string`},
		{`{"output": {"reference_metrics": 1}}`, "output.reference_metrics = 1: want true or false, got a number"},
		{`{"labels": "a"}`, `labels = "a": want an array of strings, got a string`},
		{`{"source": [0.5, "x"]}`, `source[1] = "x": want a number`},
		{`{"model": {"widths": [8, 1.5]}}`, "model.widths[1] = 1.5: want an integer"},
		{`]`, "line 1, column 1: invalid JSON"},
		// unknown fields, described by their value
		{`{"foo": [1]}`, "foo = […] (1 elements): unknown field"},
		{`{"foo": []}`, "foo = []: unknown field"},
		{`{"foo": {}}`, "foo = {}: unknown field"},
		{`{"foo": {"a": 1}}`, "foo = {…}: unknown field"},
		{`{"foo": true}`, "foo = true: unknown field"},
		{`{"foo": "a very long string that has more than forty characters in it"}`, `foo = "a very long string that has more than fo…": unknown field`},
		{`{"foo": "forty characters exactly, kept in full!!"}`, `foo = "forty characters exactly, kept in full!!": unknown field`},
		// tpm
		{`{"tpm": {}}`, "tpm = {}: want rows or family"},
		{`{"tpm": {"rows": [[1]], "eps": 0.1}}`, "tpm.eps = 0.1: a family parameter, but tpm gives rows"},
		{`{"tpm": {"family": "identity", "m": 3, "kappa": 1}}`, `tpm.kappa = 1: not used by family "identity"; its fields are [family m]`},
		{`{"tpm": {"family": "identity", "m": 0}}`, "tpm.m = 0: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "identity", "m": 2049}}`, "tpm.m = 2049: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "uninformative", "m": -1}}`, "tpm.m = -1: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "uninformative", "row": [0.5, -0.1, 0.6]}}`, "tpm.row[1] = -0.1: negative probability"},
		{`{"tpm": {"family": "uninformative", "row": [1.5, -0.5]}}`, "tpm.row[0] = 1.5: probability above 1"},
		{`{"tpm": {"family": "uninformative", "row": [0.5, 0.4]}}`, "tpm.row markov: probability vector sums to 0.9"},
		{`{"tpm": {"family": "lazy", "m": 3, "eps": -0.1}}`, "tpm.eps = -0.1: need 0 ≤ eps ≤ 1"},
		{`{"tpm": {"family": "lazy", "m": 0, "eps": 0.5}}`, "tpm.m = 0: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "uninformative", "m": 2049}}`, "tpm.m = 2049: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "block", "sizes": [], "within": 1}}`, "tpm.sizes = []: need at least one block"},
		{`{"tpm": {"family": "block", "sizes": [2048, 1], "within": 0.5}}`, "tpm.sizes[1] = 1: the blocks so far hold 2049 states, need at most 2048 in all"},
		{`{"tpm": {"family": "block", "sizes": [3], "within": 0.5}}`, "tpm.within = 0.5: with a single block the mass 1 − within has nowhere to go, want 1"},
		{`{"tpm": {"family": "block", "sizes": [2, 1], "within": 1.5}}`, "tpm.within = 1.5: need 0 ≤ within ≤ 1"},
		{`{"tpm": {"family": "block", "sizes": [2, 1], "within": -0.5}}`, "tpm.within = -0.5: need 0 ≤ within ≤ 1"},
		{`{"tpm": {"family": "permutation", "perm": []}}`, "tpm.perm has 0 entries: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "permutation", "perm": [0, 2]}}`, "tpm.perm[1] = 2: want a state in [0, 2)"},
		{`{"tpm": {"family": "permutation", "perm": [-1, 0]}}`, "tpm.perm[0] = -1: want a state in [0, 2)"},
		{`{"tpm": {"family": "dirichlet", "m": 0, "kappa": 1}}`, "tpm.m = 0: need 1 ≤ m ≤ 2048"},
		{`{"tpm": {"family": "dirichlet", "m": 3, "kappa": 0}}`, "tpm.kappa = 0: need 0 < kappa < ∞"},
		// source, labels, loss
		{`{"source": [0.5, 0.5, 0], "tpm": {"family": "identity"}, "labels": ["a", "b", "c"]}`, `source, tpm: state 2 ("c") is never reached by a view: q_2 = Σ_k source[k]·tpm[k][2] = 0`},
		{`{"labels": ["a", "b", "a"]}`, `labels[2] = "a": same as labels[0], want unique names`},
		{`{"loss": "dcl", "beta": 0.5}`, `beta = 0.5: not used by loss "dcl"; only scinfonce and scinfonce-decoupled and ref-scinfonce take α and β`},
		{`{"loss": "foo", "alpha": 2}`, `loss = "foo": unknown loss`}, // an unknown loss is named, not α
		// model
		{`{"model": {"kind": "rnn", "dim": 3}}`, `model.kind = "rnn": unknown model`},
		{`{"model": {"kind": "embedding", "dim": 0}}`, "model.dim = 0: need ≥ 1"},
		{`{"model": {"kind": "embedding", "widths": [1, 2]}}`, `model.widths = […] (2 elements): not used by kind "embedding"; its fields are [kind dim]`},
		{`{"model": {"kind": "logits", "noise": 0.1}}`, `model.noise = 0.1: not used by kind "logits"; its fields are [kind]`},
		{`{"model": {"widths": [8, 0]}}`, "model.widths[1] = 0: need ≥ 1"},
		{`{"model": {"noise": -0.1}}`, "model.noise = -0.1: need a finite σ ≥ 0"},
		// optimiser and schedule
		{`{"optimizer": {"name": "sgd", "momentum": 1}}`, "optimizer.momentum = 1: need 0 ≤ momentum < 1"},
		{`{"optimizer": {"name": "sgd", "momentum": -0.1}}`, "optimizer.momentum = -0.1: need 0 ≤ momentum < 1"},
		{`{"optimizer": {"name": "rmsprop", "momentum": 0.5}}`, `optimizer.name = "rmsprop": unknown optimiser, want one of [adam sgd]`},
		{`{"optimizer": {"lr": 0}}`, "optimizer.lr = 0: need a finite learning rate > 0"},
		{`{"schedule": {"kind": "constant", "warmup": 3}}`, `schedule.warmup = 3: not used by kind "constant"; its fields are [kind]`},
		{`{"schedule": {"warmup": -1}}`, "schedule.warmup = -1: need 0 ≤ warmup ≤ steps = 600"},
		{`{"schedule": {"kind": "step"}}`, `schedule.kind = "step": unknown schedule, want one of [constant warmup-cosine]`},
		// run length and output
		{`{"steps": 0}`, "steps = 0: need ≥ 1"}, // the omitted warm-up follows steps down to 0
		{`{"record_every": 0}`, "record_every = 0: need ≥ 1"},
		{`{"eval_batches": 0}`, "eval_batches = 0: need ≥ 1"},
		{`{"replicates": 0}`, "replicates = 0: need ≥ 1"},
		{`{"average_from": -1}`, "average_from = -1: need 0 (off) or a step in [1, steps = 600)"},
		{`{"average_from": 600}`, "average_from = 600: need 0 (off) or a step in [1, steps = 600)"},
		{`{"output": {"formats": ["gif"]}}`, `output.formats[0] = "gif": unknown format, want some of [png svg pdf]`},
		{`{"output": {"formats": ["png", "png"]}}`, `output.formats[1] = "png": listed twice`},
	} {
		parseCase(t, tc.json, tc.want)
	}
}

// TestValidBoundaries: the accepted side of the boundaries above, with the value the
// scenario then holds.
func TestValidBoundaries(t *testing.T) {
	for _, tc := range []struct {
		json  string
		check func(s *Scenario) bool
		what  string
	}{
		{`{"average_from": 599}`, func(s *Scenario) bool { return s.AverageFrom == 599 }, "average_from = steps − 1"},
		{`{"average_from": 1}`, func(s *Scenario) bool { return s.AverageFrom == 1 }, "average_from = 1"},
		{`{"steps": 5}`, func(s *Scenario) bool { return s.Optimizer.Warmup == 5 }, "omitted warm-up capped at steps = 5"},
		{`{"steps": 5, "schedule": {"kind": "constant"}}`, func(s *Scenario) bool { return s.Optimizer.Warmup == 0 }, "constant schedule: no warm-up"},
		{`{"schedule": {"warmup": 0}}`, func(s *Scenario) bool { return s.Optimizer.Warmup == 0 }, "an explicit warm-up of 0 is kept"},
		{`{"schedule": {"warmup": 600}}`, func(s *Scenario) bool { return s.Optimizer.Warmup == 600 }, "warm-up = steps"},
		{`{"optimizer": {"name": "sgd", "momentum": 0}}`, func(s *Scenario) bool { return s.Optimizer.Momentum == 0 }, "momentum 0"},
		{`{"optimizer": {"name": "sgd"}}`, func(s *Scenario) bool { return s.Optimizer.Momentum == 0 && s.Optimizer.LR == 0.001 }, "sgd: momentum 0, the toy's lr"},
		{`{"tpm": {"family": "block", "sizes": [3], "within": 1}}`, func(s *Scenario) bool { return len(s.Source) == 3 }, "a single block with within = 1"},
		{`{"tpm": {"family": "block", "sizes": [2, 1], "within": 0}}`, func(s *Scenario) bool { return s.TPM.Within == 0 }, "within = 0"},
		{`{"tpm": {"family": "lazy", "m": 1, "eps": 1}}`, func(s *Scenario) bool { return s.TPM.M == 1 && s.TPM.Eps == 1 }, "m = 1, eps = 1"},
		{`{"tpm": {"family": "identity", "m": 2048}, "model": {"kind": "logits"}}`, func(s *Scenario) bool { return len(s.Source) == 2048 }, "m = MaxStates"},
		{`{"tpm": {"family": "block", "sizes": [2047, 1], "within": 0.5}, "model": {"kind": "logits"}}`, func(s *Scenario) bool { return len(s.Source) == 2048 }, "blocks of MaxStates states in all"},
		{`{"tpm": {"family": "permutation", "perm": [0]}}`, func(s *Scenario) bool { return len(s.Source) == 1 }, "a permutation of one state"},
		{`{"model": {"noise": 0}}`, func(s *Scenario) bool { return s.Model.Noise == 0 }, "noise 0"},
		{`{"model": {"widths": [1, 1]}}`, func(s *Scenario) bool { return len(s.Model.Widths) == 2 }, "the smallest MLP"},
		{`{"model": {"kind": "embedding", "dim": 1}}`, func(s *Scenario) bool { return s.Model.Dim == 1 }, "dim 1"},
		{`{"model": {"kind": "embedding"}}`, func(s *Scenario) bool { return s.Model.Dim == 16 && s.Model.Widths == nil && s.Model.Noise == 0 }, "embedding: the toy's output width, no MLP fields"},
		{`{"model": {"kind": "logits"}}`, func(s *Scenario) bool { return cmp.Equal(s.Model, simulate.ModelConfig{Kind: simulate.ModelLogits}) }, "logits: no other field"},
		{`{"model": {"noise": 0.5}}`, func(s *Scenario) bool { return s.Model.Noise == 0.5 && len(s.Model.Widths) == 4 }, "mlp: given noise, the toy's widths"},
		{`{"loss": "scinfonce", "alpha": 2, "beta": 1}`, func(s *Scenario) bool { return s.Alpha == 2 && s.Beta == 1 }, "α, β of an SC loss"},
		{`{"loss": "scinfonce-decoupled"}`, func(s *Scenario) bool { return s.Alpha == 1 && s.Beta == 0 }, "SC defaults α = 1, β = 0"},
		{`{"batch_size": 2, "replicates": 1, "record_every": 1, "eval_batches": 1, "steps": 1}`, func(s *Scenario) bool { return s.BatchSize == 2 && s.Steps == 1 && s.Optimizer.Warmup == 1 }, "the smallest run"},
		{`{"output": {"formats": []}}`, func(s *Scenario) bool { return s.Output.Formats != nil && len(s.Output.Formats) == 0 }, "no figures"},
		{`{"output": {"reference_metrics": true}}`, func(s *Scenario) bool { return s.Output.ReferenceMetrics && len(s.Output.Formats) == 3 }, "reference metrics, default formats"},
	} {
		s := parseCase(t, tc.json, "")
		if s != nil && !tc.check(s) {
			t.Errorf("%s: %s does not hold: %+v", tc.json, tc.what, s)
		}
	}
}

// TestValidateHandMadeScenarios: checks that Parse makes unreachable (JSON has no NaN
// or infinity; decode rejects foreign fields) still guard a Scenario built or changed
// in Go, since Space, Config and Resolved validate again.
func TestValidateHandMadeScenarios(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	toyRows := Default().TPM.Rows
	for _, tc := range []struct {
		reason string
		change func(s *Scenario)
		want   string
	}{
		{"infinite source entry", func(s *Scenario) { s.Source = []float64{inf, 0, 0} }, "source[0] = +Inf: want a finite probability ≥ 0"},
		{"NaN source entry", func(s *Scenario) { s.Source = []float64{0.5, nan, 0.5} }, "source[1] = NaN: want a finite probability ≥ 0"},
		{"infinite τ", func(s *Scenario) { s.Tau = inf }, "tau = +Inf: loss: temperature τ = +Inf: need a finite τ > 0"},
		{"NaN α of an SC loss", func(s *Scenario) { s.Loss, s.Alpha = "scinfonce", nan }, "alpha = NaN: loss: SC-InfoNCE scale α = NaN: need a finite number"},
		{"infinite β of an SC loss", func(s *Scenario) { s.Loss, s.Beta = "scinfonce-decoupled", math.Inf(-1) }, "beta = -Inf: loss: SC-InfoNCE bias β = -Inf: need a finite number"},
		{"β with infonce", func(s *Scenario) { s.Beta = 0.5 }, `alpha = 1, beta = 0.5: not used by loss "infonce"`},
		{"widths on an embedding", func(s *Scenario) {
			s.Model = simulate.ModelConfig{Kind: simulate.ModelEmbedding, Dim: 3, Widths: []int{1}}
		}, `model.widths = [1]: not used by kind "embedding"`},
		{"noise on logits", func(s *Scenario) { s.Model = simulate.ModelConfig{Kind: simulate.ModelLogits, Noise: 0.1} }, `model.noise = 0.1: not used by kind "logits"`},
		{"dim on logits", func(s *Scenario) { s.Model = simulate.ModelConfig{Kind: simulate.ModelLogits, Dim: 2} }, `model.dim = 2: not used by kind "logits"`},
		{"infinite noise", func(s *Scenario) { s.Model.Noise = inf }, "model.noise = +Inf: need a finite σ ≥ 0"},
		{"infinite learning rate", func(s *Scenario) { s.Optimizer.LR = inf }, "optimizer.lr = +Inf: need a finite learning rate > 0"},
		{"NaN momentum", func(s *Scenario) { s.Optimizer.Name, s.Optimizer.Momentum = "sgd", nan }, "optimizer.momentum = NaN: need 0 ≤ momentum < 1"},
		{"warm-up with a constant schedule", func(s *Scenario) { s.Optimizer.Schedule, s.Optimizer.Warmup = "constant", 5 }, `schedule.warmup = 5: not used by kind "constant"`},
		{"warm-up beyond steps", func(s *Scenario) { s.Optimizer.Warmup = 601 }, "schedule.warmup = 601: need 0 ≤ warmup ≤ steps = 600"},
		{"unknown family", func(s *Scenario) { s.TPM = TPM{Family: "ring", M: 3} }, `tpm.family = "ring": unknown family, want one of [identity uninformative lazy block permutation dirichlet]`},
		{"rows and family", func(s *Scenario) { s.TPM.Family, s.TPM.M = FamilyIdentity, 3 }, "tpm has both rows and family: give one of them"},
		{"foreign parameter of a family", func(s *Scenario) { s.TPM = TPM{Family: FamilyIdentity, M: 3, Kappa: 1} }, `tpm.kappa is set: not used by family "identity", which takes [m]`},
		{"seed on a lazy TPM", func(s *Scenario) { s.TPM = TPM{Family: FamilyLazy, M: 3, Eps: 0.1, Seed: 2} }, `tpm.seed is set: not used by family "lazy", which takes [m eps]`},
		{"NaN row entry", func(s *Scenario) { s.TPM = TPM{Family: FamilyUninformative, M: 3, Row: []float64{nan, 0.5, 0.5}} }, "tpm.row[0] = NaN: want a finite probability"},
		{"NaN eps", func(s *Scenario) { s.TPM = TPM{Family: FamilyLazy, M: 3, Eps: nan} }, "tpm.eps = NaN: need 0 ≤ eps ≤ 1"},
		{"NaN within", func(s *Scenario) { s.TPM = TPM{Family: FamilyBlock, Sizes: []int{1, 2}, Within: nan} }, "tpm.within = NaN: need 0 ≤ within ≤ 1"},
		{"infinite kappa", func(s *Scenario) { s.TPM = TPM{Family: FamilyDirichlet, M: 3, Kappa: inf} }, "tpm.kappa = +Inf: need 0 < kappa < ∞"},
		{"NaN kappa", func(s *Scenario) { s.TPM = TPM{Family: FamilyDirichlet, M: 3, Kappa: nan} }, "tpm.kappa = NaN: need 0 < kappa < ∞"},
		{"too many rows", func(s *Scenario) { s.TPM = TPM{Rows: make([][]float64, MaxStates+1)} }, "tpm.rows has 2049 rows: need at most 2048 states"},
		{"second unknown format", func(s *Scenario) { s.Output.Formats = []string{"png", "tiff"} }, `output.formats[1] = "tiff": unknown format`},
		{"duplicate label", func(s *Scenario) { s.Labels = []string{"a", "b", "b"} }, `labels[2] = "b": same as labels[1], want unique names`},
	} {
		s := Default()
		tc.change(s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Validate = %v, want %q", tc.reason, err, tc.want)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %T is not an *Error", tc.reason, err)
		}
		if _, err := s.Space(); err == nil {
			t.Errorf("%s: Space accepted it", tc.reason)
		}
	}
	// Each family parameter beside explicit rows is named, whichever it is.
	for _, tc := range []struct {
		field string
		set   func(t *TPM)
	}{
		{"m", func(t *TPM) { t.M = 3 }},
		{"eps", func(t *TPM) { t.Eps = 0.1 }},
		{"sizes", func(t *TPM) { t.Sizes = []int{3} }},
		{"within", func(t *TPM) { t.Within = 1 }},
		{"perm", func(t *TPM) { t.Perm = []int{0, 1, 2} }},
		{"row", func(t *TPM) { t.Row = []float64{1, 0, 0} }},
		{"kappa", func(t *TPM) { t.Kappa = 1 }},
		{"seed", func(t *TPM) { t.Seed = 1 }},
	} {
		s := Default()
		s.TPM = TPM{Rows: toyRows}
		tc.set(&s.TPM)
		want := "tpm." + tc.field + " is set: a family parameter, but tpm gives rows"
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("rows with %s: Validate = %v, want %q", tc.field, err, want)
		}
	}
}

// TestRoundTripKeepsEveryField: parsing the resolved form gives back the same
// Scenario, field by field (not only the same hash, which a field left out of the
// resolved form would not change), for every valid example and a few scenarios that
// use the parameters of every kind.
func TestRoundTripKeepsEveryField(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	inputs = append(inputs,
		`{"description": "brackets [a, b], braces {c}, quotes \"q\", a backslash \\ and a comma, inside a string",
		  "tpm": {"family": "dirichlet", "m": 3, "kappa": 0.25, "seed": 12345678901234567890},
		  "loss": "scinfonce-decoupled", "alpha": 1.5, "beta": -0.125, "tau": 0.07,
		  "model": {"kind": "mlp", "widths": [5, 3], "noise": 0.25},
		  "optimizer": {"name": "sgd", "lr": 0.5, "momentum": 0.75},
		  "schedule": {"kind": "warmup-cosine", "warmup": 7}, "steps": 40, "average_from": 20,
		  "labels": ["x", "y", "z"], "seed": 18446744073709551615, "output": {"formats": ["pdf", "png"]}}`,
		`{"source": [0.1, 0.2, 0.3, 0.4], "tpm": {"family": "lazy", "eps": 0.3}, "model": {"kind": "embedding", "dim": 3},
		  "schedule": {"kind": "constant"}, "batch_size": 17, "eval_batches": 3, "record_every": 4, "replicates": 2}`,
		`{"tpm": {"family": "uninformative", "row": [0.125, 0.875]}, "loss": "dhel", "model": {"kind": "embedding"}}`,
		`{"tpm": {"family": "block", "sizes": [1, 2, 3], "within": 0.6}, "loss": "spectral"}`,
	)
	for _, in := range inputs {
		s, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("%v\n%s", err, in)
		}
		again, b := reparse(t, s)
		if d := cmp.Diff(s, again); d != "" {
			t.Errorf("round trip changed the scenario (-parsed +reparsed):\n%s\nresolved:\n%s", d, b)
		}
	}
}

// reparse returns Parse(s.Resolved()) and the resolved form, failing the test if
// either step fails.
func reparse(t *testing.T, s *Scenario) (*Scenario, []byte) {
	t.Helper()
	b, err := s.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(b)
	if err != nil {
		t.Fatalf("resolved form does not parse: %v\n%s", err, b)
	}
	return again, b
}

// TestResolvedArraysInline: arrays of numbers or strings are written on one line,
// elements separated by ", ", while arrays of arrays (rows) keep one row a line; text
// inside strings is copied verbatim.
func TestResolvedArraysInline(t *testing.T) {
	s, err := Parse([]byte(`{"description": "[1,\n2] \"[x]\"", "tpm": {"rows": [[0.5, 0.5], [0.25, 0.75]]}, "labels": ["a", "b"]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"description": "[1,\n2] \"[x]\""`,
		`"source": [0.5, 0.5],`,
		"\"rows\": [\n      [0.5, 0.5],\n      [0.25, 0.75]\n    ]",
		`"labels": ["a", "b"],`,
		`"widths": [8, 16, 16, 16],`,
		`"formats": ["png", "svg", "pdf"],`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("resolved form lacks %q:\n%s", want, b)
		}
	}
}

// TestErrorText: the parts of an Error in order, and wrapErr's message (the format,
// then ": " and the wrapped text; the wrapped text alone for an empty format).
func TestErrorText(t *testing.T) {
	under := errors.New("inner")
	for _, tc := range []struct {
		e    *Error
		want string
	}{
		{&Error{File: "f.json", Line: 2, Column: 5, Msg: "bad"}, "scenario: f.json: line 2, column 5: bad"},
		{&Error{Field: "a.b", Msg: "= 1: need ≥ 2"}, "scenario: a.b = 1: need ≥ 2"},
		{&Error{Field: "source, tpm", Msg: ": state 1"}, "scenario: source, tpm: state 1"},
		{&Error{Msg: "empty input"}, "scenario: empty input"},
		{wrapErr("tpm.row", under, ""), "scenario: tpm.row inner"},
		{wrapErr("loss", under, "= %q", "x"), `scenario: loss = "x": inner`},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	if e := wrapErr("p", under, ""); !errors.Is(e, under) || e.Msg != "inner" {
		t.Errorf("wrapErr: Msg %q, unwraps to the inner error: %v", e.Msg, errors.Is(e, under))
	}
}

// TestLoadMissingFile: a file that cannot be read is an error naming it.
func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.json")
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "absent.json") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(%s) = %v, want an error naming the file and wrapping os.ErrNotExist", path, err)
	}
}
