package scenario

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/infonce-lab/infonce-lab/markov"
)

// TestWholeNumberFields pins how integer fields read JSON numbers (README.md: seed is
// "an integer in [0, 2⁶⁴)"; internal/strictjson: a number is an integer when its
// exact decimal value is, 1e3 included, whatever its size). Each text is read as
// steps (signed; values < 1 are then refused by validation, quoting the text) and as
// seed (unsigned); want is the value, or the text the error must contain. The
// boundaries are exact powers of two written in float notation:
// 9.223372036854775808e18 = 2⁶³, 1.8446744073709551616e19 = 2⁶⁴.
func TestWholeNumberFields(t *testing.T) {
	const (
		notInt    = "want an integer"
		outSigned = "want an integer in [−2⁶³, 2⁶³)"
		outUint   = "want an integer in [0, 2⁶⁴)"
	)
	for _, tc := range []struct {
		text      string
		signed    any // int or error text
		unsigned  any // uint64 or error text
		reasoning string
	}{
		{"1e3", 1000, uint64(1000), "a whole number in float notation is accepted"},
		{"1.0", 1, uint64(1), "a trailing .0 is still whole"},
		{"1000.000", 1000, uint64(1000), "zeros after the point"},
		{"-0", "steps = -0: need ≥ 1", uint64(0), "minus zero is zero; validation quotes it as written"},
		{"-1e3", "steps = -1e3: need ≥ 1", outUint, "negative: a value for the signed reader, out of range for the unsigned"},
		{"1.5", notInt, notInt, "a fraction is refused, not rounded"},
		{"1e-3", notInt, notInt, "a fraction in float notation"},
		{"-2.5", notInt, notInt, "a negative fraction: not an integer before out of range"},
		{"9.007199254740993e15", 1<<53 + 1, uint64(1<<53 + 1), "2⁵³ + 1 is exact (a float64 would round it to 2⁵³)"},
		{"9007199254740993", 1<<53 + 1, uint64(1<<53 + 1), "plain digits are exact beyond 2⁵³"},
		{"9.223372036854775807e18", 1<<63 - 1, uint64(1<<63 - 1), "the largest int in float notation"},
		{"9.223372036854775808e18", outSigned, uint64(1 << 63), "2⁶³: one past int"},
		{"1e19", outSigned, uint64(1e19), "beyond int64, within uint64"},
		{"1.8446744073709551616e19", outSigned, outUint, "2⁶⁴: beyond uint64"},
		{"18446744073709551615", outSigned, uint64(1<<64 - 1), "the largest uint64 in plain digits"},
		{"18446744073709551616", outSigned, outUint, "2⁶⁴ in plain digits"},
		{"1e400", outSigned, outUint, "beyond the float64 range"},
		{"-1e400", outSigned, outUint, "far below"},
	} {
		s, err := Parse([]byte(`{"steps": ` + tc.text + `}`))
		got := 0
		if s != nil {
			got = s.Steps
		}
		check(t, "steps", tc.text, tc.reasoning, got, err, tc.signed)
		s, err = Parse([]byte(`{"seed": ` + tc.text + `}`))
		gotU := uint64(0)
		if s != nil {
			gotU = s.Seed
		}
		check(t, "seed", tc.text, tc.reasoning, gotU, err, tc.unsigned)
	}
}

// check compares a decoded value and error with want: a value (no error allowed) or
// the text of the error.
func check[T comparable](t *testing.T, reader, text, why string, got T, err error, want any) {
	t.Helper()
	if msg, ok := want.(string); ok {
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s(%s) = %v, error %v; want an error containing %q (%s)", reader, text, got, err, msg, why)
		}
		return
	}
	if err != nil || got != want.(T) {
		t.Errorf("%s(%s) = %v, error %v; want %v (%s)", reader, text, got, err, want, why)
	}
}

// TestWholeNumberFieldsThroughParse: the same rules seen from a file, on seed (the
// issue's example) and batch_size.
func TestWholeNumberFieldsThroughParse(t *testing.T) {
	for _, tc := range []struct {
		json string
		want string // "" for accepted
		get  func(s *Scenario) uint64
		val  uint64
	}{
		{`{"seed": 1e3}`, "", func(s *Scenario) uint64 { return s.Seed }, 1000},
		{`{"seed": 1.5}`, "seed = 1.5: want an integer", nil, 0},
		{`{"seed": 18446744073709551615}`, "", func(s *Scenario) uint64 { return s.Seed }, 1<<64 - 1},
		{`{"batch_size": 1e3}`, "", func(s *Scenario) uint64 { return uint64(s.BatchSize) }, 1000},
		{`{"batch_size": 2.5}`, "batch_size = 2.5: want an integer", nil, 0},
		{`{"tpm": {"family": "dirichlet", "m": 3, "kappa": 1, "seed": 2e1}}`, "", func(s *Scenario) uint64 { return s.TPM.Seed }, 20},
		{`{"tpm": {"family": "dirichlet", "m": 3, "kappa": 1, "seed": 0.5}}`, "tpm.seed = 0.5: want an integer", nil, 0},
		{`{"tpm": {"family": "identity", "m": 3.0}}`, "", func(s *Scenario) uint64 { return uint64(s.TPM.M) }, 3},
		{`{"seed": "1"}`, `seed = "1": want an integer ≥ 0, got a string`, nil, 0},
		{`{"steps": true}`, "steps = true: want an integer, got a boolean", nil, 0},
	} {
		s := parseCase(t, tc.json, tc.want)
		if s == nil {
			continue
		}
		if got := tc.get(s); got != tc.val {
			t.Errorf("%s: value %d, want %d", tc.json, got, tc.val)
		}
	}
}

// parseCase parses json. With want set it checks that Parse fails with an error
// containing want and returns nil; otherwise it returns the scenario, or nil after
// reporting Parse's error.
func parseCase(t *testing.T, json, want string) *Scenario {
	t.Helper()
	s, err := Parse([]byte(json))
	switch {
	case want != "":
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: Parse = %v, %v; want an error containing %q", json, s, err, want)
		}
		return nil
	case err != nil:
		t.Errorf("%s: %v", json, err)
		return nil
	}
	return s
}

// TestFloatFields: floats beyond the float64 range, or so close to 0 that they would
// silently read as 0, are errors quoting the text; zero itself is an ordinary value.
func TestFloatFields(t *testing.T) {
	for _, tc := range []struct {
		text string
		want any // float64 or error text
	}{
		{"0", 0.0},
		{"-0.0", 0.0},
		{"0e-400", 0.0},
		{"2.5e-1", 0.25},
		{"1e308", 1e308},
		{"1e-400", "beta = 1e-400: too close to 0"},
		{"1e309", "beta = 1e309: out of range"},
		{"-1e309", "beta = -1e309: out of range"},
	} {
		s, err := Parse([]byte(`{"loss": "scinfonce", "beta": ` + tc.text + `}`))
		got := 0.0
		if s != nil {
			got = s.Beta
		}
		check(t, "beta", tc.text, "", got, err, tc.want)
	}
	if _, err := Parse([]byte(`{"tau": 0.0}`)); err == nil || !strings.Contains(err.Error(), "line 1, column 9: tau = 0.0: ") {
		t.Errorf("tau = 0.0: error %v, want the τ > 0 check at its place, quoting 0.0", err)
	}
}

// TestFamilyParameterDefaults: the defaults of the family parameters (package doc and
// README.md "Families"): m from source, m from row, a uniform row, Dirichlet seed 1;
// and a required parameter stays required when source supplies m.
func TestFamilyParameterDefaults(t *testing.T) {
	for _, tc := range []struct {
		json string
		want string // error text; "" when accepted
		tpm  TPM    // the decoded TPM when accepted
	}{
		{`{"source": [0.5, 0.5], "tpm": {"family": "lazy"}}`, `tpm.eps is missing: family "lazy" needs eps`, TPM{}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "dirichlet"}}`, `tpm.kappa is missing: family "dirichlet" needs kappa`, TPM{}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "block", "within": 1}}`, `tpm.sizes is missing: family "block" needs sizes`, TPM{}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "block", "sizes": [2]}}`, `tpm.within is missing: family "block" needs within`, TPM{}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "permutation"}}`, `tpm.perm is missing: family "permutation" needs perm`, TPM{}},
		{`{"tpm": {"family": "identity"}}`, `tpm.m is missing: family "identity" needs m, the number of states`, TPM{}},
		{`{"tpm": {"family": "lazy", "eps": 0.5}}`, `tpm.m is missing: family "lazy" needs m`, TPM{}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "lazy", "eps": 0.25}}`, "", TPM{Family: FamilyLazy, M: 2, Eps: 0.25}},
		{`{"source": [0.25, 0.75], "tpm": {"family": "identity"}}`, "", TPM{Family: FamilyIdentity, M: 2}},
		{`{"tpm": {"family": "uninformative", "row": [0.5, 0.25, 0.25]}}`, "", TPM{Family: FamilyUninformative, M: 3, Row: []float64{0.5, 0.25, 0.25}}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "uninformative", "row": [0.25, 0.25, 0.5]}}`, "source has 2 entries, want 3", TPM{}}, // m comes from row before source
		{`{"tpm": {"family": "uninformative", "m": 4}}`, "", TPM{Family: FamilyUninformative, M: 4, Row: []float64{0.25, 0.25, 0.25, 0.25}}},
		{`{"source": [0.5, 0.5], "tpm": {"family": "uninformative"}}`, "", TPM{Family: FamilyUninformative, M: 2, Row: []float64{0.5, 0.5}}},
		{`{"tpm": {"family": "uninformative"}}`, `tpm.m is missing: family "uninformative" needs m`, TPM{}},
		{`{"tpm": {"family": "dirichlet", "m": 3, "kappa": 2}}`, "", TPM{Family: FamilyDirichlet, M: 3, Kappa: 2, Seed: 1}},
		{`{"tpm": {"family": "dirichlet", "m": 3, "kappa": 2, "seed": 0}}`, "", TPM{Family: FamilyDirichlet, M: 3, Kappa: 2, Seed: 0}},
		{`{"tpm": {"family": "permutation", "perm": [2, 0, 1]}}`, "", TPM{Family: FamilyPermutation, Perm: []int{2, 0, 1}}},
		{`{"tpm": {"family": "block", "sizes": [1, 2], "within": 0.5}}`, "", TPM{Family: FamilyBlock, Sizes: []int{1, 2}, Within: 0.5}},
	} {
		s := parseCase(t, tc.json, tc.want)
		if s == nil {
			continue
		}
		if d := cmp.Diff(tc.tpm, s.TPM); d != "" {
			t.Errorf("%s: TPM (-want +got):\n%s", tc.json, d)
		}
		// An omitted source is uniform over the family's states.
		if m := s.TPM.states(); len(s.Source) != m {
			t.Errorf("%s: source has %d entries, want m = %d", tc.json, len(s.Source), m)
		}
	}
}

// TestDefaultDirichletSeed: an omitted tpm.seed is 1, the documented default, so the
// matrix is markov.RandomDirichlet(m, κ, rand.New(rand.NewPCG(1, 0x74706d))); the
// resolved form writes the 1 out, and seed 2 gives another matrix.
func TestDefaultDirichletSeed(t *testing.T) {
	s, err := Parse([]byte(`{"tpm": {"family": "dirichlet", "m": 4, "kappa": 0.7}}`))
	if err != nil {
		t.Fatal(err)
	}
	want, err := markov.RandomDirichlet(4, 0.7, rand.New(rand.NewPCG(1, 0x74706d)))
	if err != nil {
		t.Fatal(err)
	}
	got := rowsOf(t, s)
	if !cmp.Equal(got, want.Rows()) {
		t.Errorf("default Dirichlet TPM %v, want the draw of seed 1 %v", got, want.Rows())
	}
	b, err := s.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"seed": 1`+"\n") || strings.Count(string(b), `"seed": 1`) != 2 {
		t.Errorf("resolved form does not write tpm.seed = 1 beside the run's seed 1:\n%s", b)
	}
	other, err := Parse([]byte(`{"tpm": {"family": "dirichlet", "m": 4, "kappa": 0.7, "seed": 2}}`))
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(rowsOf(t, other), got) {
		t.Errorf("tpm.seed 2 draws the same matrix as the default seed 1")
	}
}
