package scenario

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/floats/scalar"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// rowsOf returns the TPM of a scenario's space as rows.
func rowsOf(t *testing.T, s *Scenario) [][]float64 {
	t.Helper()
	sp, err := s.Space()
	if err != nil {
		t.Fatalf("Space: %v", err)
	}
	return sp.Augmentation().Rows()
}

// Tolerance of computed TPM entries against hand-derived ones: one rounding of a
// quotient such as 0.8/3 plus one addition in markov's families; 1e-15 is ~10 ulp at 1.
const entryTol = 1e-15

// wantEntries checks every entry of rows against want(k, i).
func wantEntries(t *testing.T, rows [][]float64, want func(k, i int) float64) {
	t.Helper()
	for k, r := range rows {
		for i, v := range r {
			if w := want(k, i); !scalar.EqualWithinAbsOrRel(v, w, entryTol, entryTol) {
				t.Errorf("A[%d][%d] = %v, want %v", k, i, v, w)
			}
		}
	}
}

// TestDefaultIsToyConfig: Default, parsed from default.json, is simulate.ToyConfig
// (docs/theory.md §7), field by field.
func TestDefaultIsToyConfig(t *testing.T) {
	got, err := Default().Config(0)
	if err != nil {
		t.Fatal(err)
	}
	want := simulate.ToyConfig()
	// ToyConfig leaves EvalBatches at 0, which simulate reads as 10; the scenario
	// writes the 10 out.
	want.EvalBatches = 10
	// The floats are parsed from the shortest decimal form of the same float64
	// values (strconv round-trips exactly), so equality is exact, not approximate.
	if !cmp.Equal(got.Space.Source(), want.Space.Source()) {
		t.Errorf("source = %v, want %v", got.Space.Source(), want.Space.Source())
	}
	if !cmp.Equal(got.Space.Augmentation().Rows(), want.Space.Augmentation().Rows()) {
		t.Errorf("TPM = %v, want %v", got.Space.Augmentation().Rows(), want.Space.Augmentation().Rows())
	}
	got.Space, want.Space = nil, nil
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Default().Config(0) differs from simulate.ToyConfig() (-want +got):\n%s", d)
	}
	// docs/theory.md §7 golden value: q = πA = (0.3, 0.366667, 0.333333).
	sp, _ := Default().Space()
	for i, w := range []float64{0.3, 0.366667, 0.333333} {
		// the golden values are printed to 6 significant digits: 5e-7 absolute.
		if q := sp.ViewMarginal()[i]; !scalar.EqualWithinAbs(q, w, 5e-7) {
			t.Errorf("q_%d = %v, want %v (docs/theory.md §7)", i, q, w)
		}
	}
}

// TestConfigCoversEveryField fails when simulate.Config grows a field the scenario
// format does not set, so the format cannot silently fall behind.
func TestConfigCoversEveryField(t *testing.T) {
	mapped := []string{"Space", "N", "Loss", "Params", "Model", "Opt", "Steps", "RecordEvery", "Seed",
		"Replicate", "EvalBatches", "AverageFrom", "ReferenceMetrics",
		"Workers"} // Workers: an execution detail that cannot change results, set by the caller
	var fields []string
	for f := range reflect.TypeFor[simulate.Config]().Fields() {
		fields = append(fields, f.Name)
	}
	sort.Strings(fields)
	sort.Strings(mapped)
	if d := cmp.Diff(mapped, fields); d != "" {
		t.Errorf("simulate.Config fields changed; map them in Scenario.config and the format (-mapped +actual):\n%s", d)
	}
}

// TestDefaultFileIsCanonical: the embedded default.json is its own resolved form,
// byte for byte, so the file users copy is exactly what a default run records.
func TestDefaultFileIsCanonical(t *testing.T) {
	got, err := Default().Resolved()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, defaultJSON) {
		t.Errorf("Default().Resolved() differs from default.json:\n%s", cmp.Diff(string(defaultJSON), string(got)))
	}
}

// withoutDescription returns the resolved form of s with the description removed.
func withoutDescription(t *testing.T, s *Scenario) string {
	t.Helper()
	c := *s
	c.Description = ""
	b, err := c.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOmittedFieldsAreTheToy: "{}" and testdata/toy.json (written differently) mean
// the embedded default, up to the free-text description.
func TestOmittedFieldsAreTheToy(t *testing.T) {
	want := withoutDescription(t, Default())
	for _, src := range []string{"{}", "  {\n}\n", "testdata/toy.json"} {
		data := []byte(src)
		if strings.HasSuffix(src, ".json") {
			var err error
			if data, err = os.ReadFile(src); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Parse(data)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if d := cmp.Diff(want, withoutDescription(t, s)); d != "" {
			t.Errorf("%q differs from the default (-default +got):\n%s", src, d)
		}
	}
}

// TestValidTestdata checks each valid example against values derived by hand from
// its file and the documented defaults.
func TestValidTestdata(t *testing.T) {
	for _, tc := range []struct {
		file   string
		reason string
		check  func(t *testing.T, s *Scenario, c simulate.Config)
	}{
		{"toy.json", "the toy, spelled out (compared in TestOmittedFieldsAreTheToy)", func(t *testing.T, s *Scenario, c simulate.Config) {
			if c.N != 1000 || c.Loss != "infonce" || c.Steps != 600 {
				t.Errorf("N, loss, steps = %d, %q, %d; want 1000, infonce, 600", c.N, c.Loss, c.Steps)
			}
		}},
		{"lazy.json", "lazy family: A = 0.7 I + 0.3/5; uniform source by default", func(t *testing.T, s *Scenario, c simulate.Config) {
			wantEntries(t, rowsOf(t, s), func(k, i int) float64 {
				v := 0.3 / 5
				if k == i {
					v += 0.7
				}
				return v
			})
			for i, p := range c.Space.Source() {
				if p != 0.2 { // 1/5 is computed as 1/float64(5), the float64 nearest 0.2
					t.Errorf("source[%d] = %v, want 0.2", i, p)
				}
			}
			want := simulate.ModelConfig{Kind: simulate.ModelEmbedding, Dim: 8}
			if !cmp.Equal(c.Model, want) || c.Params.Tau != 0.5 || c.N != 256 || c.RecordEvery != 25 {
				t.Errorf("model %+v τ %v N %d record_every %d; want %+v, 0.5, 256, 25", c.Model, c.Params.Tau, c.N, c.RecordEvery, want)
			}
			// omitted: the toy's optimiser and schedule, warm-up 10 ≤ steps
			wantOpt := simulate.OptimizerConfig{Name: "adam", LR: 1e-3, Schedule: "warmup-cosine", Warmup: 10}
			if !cmp.Equal(c.Opt, wantOpt) {
				t.Errorf("optimizer %+v, want %+v", c.Opt, wantOpt)
			}
		}},
		{"block-labels.json", "block family with sizes 2, 3 and within 0.8; labels", func(t *testing.T, s *Scenario, c simulate.Config) {
			block := []int{0, 0, 1, 1, 1}
			size := []float64{2, 3}
			wantEntries(t, rowsOf(t, s), func(k, i int) float64 {
				if block[k] == block[i] {
					return 0.8 / size[block[k]]
				}
				return 0.2 / size[1-block[k]]
			})
			for i, l := range []string{"cat", "dog", "sparrow", "crow", "owl"} {
				if got := c.Space.Label(i); got != l {
					t.Errorf("label %d = %q, want %q", i, got, l)
				}
			}
			if c.Loss != "ntxent" || !slices.Equal(c.Model.Widths, []int{8, 32, 16}) || c.Model.Noise != 0.05 {
				t.Errorf("loss %q model %+v", c.Loss, c.Model)
			}
		}},
		{"sc.json", "SC-InfoNCE with α, β on free logits, SGD, constant schedule", func(t *testing.T, s *Scenario, c simulate.Config) {
			want := simulate.LossParams{Tau: 1, Alpha: 1.2, Beta: 0.2}
			if c.Params != want || c.Loss != "scinfonce" || c.Model.Kind != simulate.ModelLogits {
				t.Errorf("loss %q params %+v model %q; want scinfonce %+v logits", c.Loss, c.Params, c.Model.Kind, want)
			}
			wantOpt := simulate.OptimizerConfig{Name: "sgd", LR: 0.5, Momentum: 0.9, Schedule: "constant"}
			if !cmp.Equal(c.Opt, wantOpt) {
				t.Errorf("optimizer %+v, want %+v", c.Opt, wantOpt)
			}
			if !cmp.Equal(rowsOf(t, s), rowsOf(t, Default())) {
				t.Error("TPM omitted but not the toy's")
			}
			// R1: α − β = 1 makes T2 attainable (feature.Attainable would say so too).
			if !scalar.EqualWithinAbs(c.Params.Alpha-c.Params.Beta, 1, 1e-15) { // one subtraction's rounding
				t.Errorf("α − β = %v, want 1", c.Params.Alpha-c.Params.Beta)
			}
		}},
		{"dirichlet.json", "Dirichlet family drawn from the documented stream; replicates", func(t *testing.T, s *Scenario, c simulate.Config) {
			// The matrix is the documented draw: markov.RandomDirichlet(m, κ,
			// rand.New(rand.NewPCG(tpm.seed, 0x74706d))).
			want, err := markov.RandomDirichlet(6, 0.5, rand.New(rand.NewPCG(7, 0x74706d)))
			if err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(rowsOf(t, s), want.Rows()) {
				t.Errorf("Dirichlet TPM is not the documented draw")
			}
			if c.Seed != 42 || s.Replicates != 4 || !c.ReferenceMetrics || !slices.Equal(s.Output.Formats, []string{"png"}) {
				t.Errorf("seed %d replicates %d reference %v formats %v", c.Seed, s.Replicates, c.ReferenceMetrics, s.Output.Formats)
			}
			for r := range 4 {
				if c, err := s.Config(r); err != nil || c.Replicate != r {
					t.Errorf("Config(%d): replicate %d, %v", r, c.Replicate, err)
				}
			}
			for _, r := range []int{-1, 4} {
				if _, err := s.Config(r); err == nil || !strings.Contains(err.Error(), "replicates = 4") {
					t.Errorf("Config(%d) error = %v, want one naming replicates = 4", r, err)
				}
			}
		}},
		{"permutation.json", "permutation family; m implied by perm; no figures", func(t *testing.T, s *Scenario, c simulate.Config) {
			perm := []int{1, 2, 3, 0}
			wantEntries(t, rowsOf(t, s), func(k, i int) float64 {
				if perm[k] == i {
					return 1
				}
				return 0
			})
			b, _ := s.Resolved()
			if len(s.Output.Formats) != 0 || !bytes.Contains(b, []byte(`"formats": []`)) {
				t.Errorf("formats %v; resolved:\n%s", s.Output.Formats, b)
			}
		}},
		{"uninformative.json", "uninformative family: every row is row; ρ ≡ 1", func(t *testing.T, s *Scenario, c simulate.Config) {
			row := []float64{0.4, 0.4, 0.2}
			wantEntries(t, rowsOf(t, s), func(k, i int) float64 { return row[i] })
			rho := c.Space.DensityRatio()
			for i := range 3 {
				for j := range 3 {
					// c1 = c2 = qqᵀ up to rounding of two products: 1e-14 relative.
					if v := rho.At(i, j); !scalar.EqualWithinAbsOrRel(v, 1, 1e-14, 1e-14) {
						t.Errorf("ρ[%d][%d] = %v, want 1", i, j, v)
					}
				}
			}
			if c.Model.Dim != 16 { // omitted dim: the toy MLP's output width
				t.Errorf("dim = %d, want 16", c.Model.Dim)
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s, err := Load(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			if s.Description == "" {
				t.Error("testdata files document themselves: want a description")
			}
			c, err := s.Config(0)
			if err != nil {
				t.Fatalf("Config(0): %v", err)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("simulate rejects the config: %v", err)
			}
			tc.check(t, s, c)
			if again, _ := reparse(t, s); again.Hash() != s.Hash() {
				t.Errorf("hash changed on round trip")
			}
		})
	}
}

// TestEveryValidFileIsTested keeps the table above complete.
func TestEveryValidFileIsTested(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) != 7 {
		t.Errorf("testdata has %d valid scenarios %v; TestValidTestdata checks 7", len(files), files)
	}
}

// TestInvalidTestdata: each testdata/invalid/NAME.json gives an error containing the
// text of NAME.err, as an *Error; Load adds the file name.
func TestInvalidTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid testdata: %v", err)
	}
	errFiles, _ := filepath.Glob("testdata/invalid/*.err")
	if len(errFiles) != len(files) {
		t.Errorf("%d .json files but %d .err files: every invalid file needs its error", len(files), len(errFiles))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			wantb, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".err")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(string(wantb), "\n")
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(data)
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", s)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
			_, err = Load(f)
			if err == nil || !strings.Contains(err.Error(), "scenario: "+f+": ") {
				t.Errorf("Load error %v does not name the file %s", err, f)
			}
		})
	}
}

// TestErrorsWrapUnderlying: errors of markov and feature stay reachable with errors.As.
func TestErrorsWrapUnderlying(t *testing.T) {
	_, err := Parse([]byte(`{"tpm": {"rows": [[0.5, 0.5], [0.5, 0.4]]}}`))
	var sum *markov.RowSumError
	if !errors.As(err, &sum) || sum.Row != 1 {
		t.Errorf("error %v does not wrap markov.RowSumError for row 1", err)
	}
	_, err = Parse([]byte(`{"source": [1, 0], "tpm": {"family": "identity"}}`))
	var un *feature.UnreachableError
	if !errors.As(err, &un) || un.State != 1 {
		t.Errorf("error %v does not wrap feature.UnreachableError for state 1", err)
	}
	_, err = Parse([]byte(`{"batch_size": 0}`))
	if e := (*Error)(nil); !errors.As(err, &e) || e.Field != "batch_size" || e.Err == nil {
		t.Errorf("error %v: want Field batch_size wrapping feature.CheckBatchSize", err)
	}
}

// TestLineColumn checks the conversion of syntax-error offsets, columns in characters.
func TestLineColumn(t *testing.T) {
	for _, tc := range []struct {
		in        string
		reason    string
		line, col int
	}{
		{`{"a" 1}`, "the 6th character of line 1", 1, 6},
		{"{\n  \"τ\": x}", "τ is one character of two bytes", 2, 8},
		{"{\r\n\"a\": }", "CRLF: the \\r ends line 1", 2, 6},
		{`{"a": 1`, "unexpected end: one past the last character", 1, 8},
	} {
		_, err := Parse([]byte(tc.in))
		var e *Error
		if !errors.As(err, &e) || e.Line != tc.line || e.Column != tc.col {
			t.Errorf("%q (%s): error %v, want line %d, column %d", tc.in, tc.reason, err, tc.line, tc.col)
		}
	}
}

// TestValidateHandMutated: a Scenario changed by hand is validated again by Space,
// Config and Resolved, and Hash is "" for an invalid one.
func TestValidateHandMutated(t *testing.T) {
	for _, tc := range []struct {
		reason string
		change func(s *Scenario)
		want   string
	}{
		{"dim on an MLP", func(s *Scenario) { s.Model.Dim = 3 }, `model.dim = 3: not used by kind "mlp"`},
		{"family parameter beside rows", func(s *Scenario) { s.TPM.Eps = 0.1 }, "tpm.eps is set: a family parameter, but tpm gives rows"},
		{"α with infonce", func(s *Scenario) { s.Alpha = 2 }, `alpha = 2, beta = 0: not used by loss "infonce"`},
		{"momentum with adam", func(s *Scenario) { s.Optimizer.Momentum = 0.5 }, `optimizer.momentum = 0.5: not used by name "adam"`},
		{"labels of the wrong length", func(s *Scenario) { s.Labels = []string{"a"} }, "labels has 1 entries, want 3"},
		{"empty label", func(s *Scenario) { s.Labels = []string{"a", "", "c"} }, `labels[1] = "": want a non-empty name`},
		{"source entry negative", func(s *Scenario) { s.Source = []float64{1.5, -0.5, 0} }, "source[1] = -0.5: want a finite probability ≥ 0"},
		{"uninformative row of the wrong length", func(s *Scenario) {
			s.TPM = TPM{Family: FamilyUninformative, M: 3, Row: []float64{1}}
		}, "tpm.row has 1 entries, want m = 3"},
		{"no TPM", func(s *Scenario) { s.TPM = TPM{} }, "tpm has neither rows nor family"},
		{"unknown format", func(s *Scenario) { s.Output.Formats = []string{"png", "png"} }, `output.formats[1] = "png": listed twice`},
	} {
		s := Default()
		tc.change(s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Validate = %v, want %q", tc.reason, err, tc.want)
		}
		if _, err := s.Resolved(); err == nil {
			t.Errorf("%s: Resolved accepted it", tc.reason)
		}
		if _, err := s.Config(0); err == nil {
			t.Errorf("%s: Config accepted it", tc.reason)
		}
		if h := s.Hash(); h != "" {
			t.Errorf("%s: Hash = %q, want \"\"", tc.reason, h)
		}
	}
}

// TestHashIdentifiesTheRun: equal runs written differently share a hash; changing
// any value changes it.
func TestHashIdentifiesTheRun(t *testing.T) {
	a, _ := Parse([]byte(`{"tpm": {"family": "lazy", "m": 3, "eps": 0.5}, "tau": 0.5}`))
	b, _ := Parse([]byte(`{"tau": 5e-1, "tpm": {"eps": 0.50, "family": "lazy"}, "source": [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]}`))
	c, _ := Parse([]byte(`{"tpm": {"family": "lazy", "m": 3, "eps": 0.5}, "tau": 0.5, "seed": 2}`))
	if a == nil || b == nil || c == nil {
		t.Fatal("a test scenario does not parse")
	}
	if a.Hash() != b.Hash() {
		t.Errorf("same run, different hashes")
	}
	if a.Hash() == c.Hash() {
		t.Errorf("different seeds, same hash")
	}
	if len(a.Hash()) != 64 {
		t.Errorf("hash %q is not 64 hex digits of SHA-256", a.Hash())
	}
}

// TestTrainFromScenario runs a few steps of a tiny scenario through simulate.Train.
func TestTrainFromScenario(t *testing.T) {
	s, err := Parse([]byte(`{"tpm": {"family": "lazy", "m": 4, "eps": 0.4}, "batch_size": 16,
		"model": {"kind": "logits"}, "steps": 5, "record_every": 2, "eval_batches": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := s.Config(0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Train(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	// steps 0, 2, 4 (and the last, 4) are recorded
	if len(res.Records) != 3 || res.Seed != 1 {
		t.Errorf("%d records, seed %d; want 3 records, seed 1", len(res.Records), res.Seed)
	}
}

// TestResolvedFieldOrder: the resolved form writes its fields in the order of the
// format's field list (README.md's table), whichever order the file used.
func TestResolvedFieldOrder(t *testing.T) {
	s, err := Parse([]byte(`{"output": {"reference_metrics": true}, "seed": 3, "labels": ["x", "y", "z"],
		"loss": "scinfonce-decoupled", "limits": {"max_flops": 1e16}, "beta": 0.1, "alpha": 1.1, "description": "order"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	// Resolved indents by two spaces: the top-level keys are the lines "  \"key\":".
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  "([a-z_]+)":`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	if !cmp.Equal(names, topFields) {
		t.Errorf("resolved keys %v, want %v", names, topFields)
	}
}
