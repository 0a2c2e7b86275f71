package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// TestValuesAsWritten: errors quote values as the file writes them and place them
// (docs: README.md "Errors"); sums of probabilities print as the entries add up.
func TestValuesAsWritten(t *testing.T) {
	for _, tc := range []struct{ json, want, reason string }{
		{`{"source": [0.3, 0.3, 0.3]}`, "source sums to 0.9, want 1", "0.3 + 0.3 + 0.3 is 0.8999999999999999 in float64"},
		{`{"tpm": {"rows": [[0.3, 0.3, 0.3], [0, 1, 0], [0, 0, 1]]}}`, "tpm.rows[0] sums to 0.9, want 1", "a TPM row's sum likewise"},
		{`{"source": [0.5, 0.5, 1.000000002e-9]}`, "source sums to 1.000000001, want 1", "a sum just beyond SumTol still shows its difference"},
		{`{"batch_size": 1e0}`, "line 1, column 16: batch_size = 1e0: need ≥ 2", "an integer in float notation, quoted as written"},
		{`{"optimizer": {"lr": -1.50}}`, "optimizer.lr = -1.50: need a finite learning rate > 0", "trailing zeros kept"},
		{`{"average_from": 6e2}`, "average_from = 6e2: need 0 (off) or a step in [1, steps = 600)", "simulate's rule, the file's spelling"},
		{`{"model": {"widths": [8, 0]}}`, "model.widths[1] = 0: need ≥ 1", "an indexed Config field mapped to its path"},
		{`{"eval_batches": 0}`, "line 1, column 18: eval_batches = 0: need ≥ 1", "a rule of the format, placed"},
		{`{"replicates": -0}`, "replicates = -0: need ≥ 1", "minus zero as written"},
		{"\xEF\xBB\xBF{}", "line 1, column 1: the file starts with a UTF-8 byte-order mark (BOM)", "a BOM"},
		{`{"tau": NaN}`, "line 1, column 9: tau = NaN: JSON has no NaN or infinity", "bare NaN"},
		{`{"tpm": {"rows": [[1, -Infinity]]}}`, "line 1, column 23: tpm.rows[0][1] = -Infinity: JSON has no NaN", "bare -Infinity in a row"},
		{`{"Batch_size": 10}`, `(names are case-sensitive: "batch_size", not "Batch_size")`, "wrongly cased key"},
		{`{"model": {"Kind": "mlp"}}`, `model.Kind = "mlp": unknown field`, "wrongly cased nested key"},
		{`{"model": {"kind": "mlp", "kind": "mlp"}}`, "line 1, column 27: model.kind is given twice", "a duplicate nested key, even with the same value"},
		{`{"limits": {"max_memory_gib": -1}}`, "limits.max_memory_gib = -1: need a size in GiB, 0 ≤ size < 2³³", "a negative memory limit"},
		{`{"limits": {"max_memory_gib": 8589934592}}`, "limits.max_memory_gib = 8589934592: need a size in GiB", "2³³ GiB overflows the byte count"},
		{`{"limits": {"max_flops": -1e3}}`, "limits.max_flops = -1e3: need a finite number ≥ 0", "a negative work limit"},
		{`{"limits": {"max_mem": 1}}`, "limits.max_mem = 1: unknown field, want one of [max_memory_gib max_flops]", "unknown limit"},
		{``, "scenario: empty input: want an object {…}", "an empty file"},
	} {
		_, err := Parse([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Parse(%s) = %v, want an error containing %q", tc.reason, tc.json, err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), "float64") || strings.Contains(err.Error(), "int64") || strings.Contains(err.Error(), "0.8999")) {
			t.Errorf("%s: %q speaks Go, not JSON", tc.reason, err)
		}
	}
}

// TestFieldPath: every simulate.Config field a FieldError or ResourceError can name
// maps to a member of the format (and those no member sets to "").
func TestFieldPath(t *testing.T) {
	for field, want := range map[string]string{
		"N": "batch_size", "Params.Tau": "tau", "Params": "loss", "Model.Widths[3]": "model.widths[3]", "Opt.Warmup": "schedule.warmup",
		"Opt.Schedule": "schedule.kind", "replicates": "replicates", "Replicate": "replicates", "Workers": "", "Space": "", "Model.Dim": "model.dim",
	} {
		if got := FieldPath(field); got != want {
			t.Errorf("FieldPath(%q) = %q, want %q", field, got, want)
		}
	}
	// A FieldError of a field no member sets keeps simulate's words.
	err := fromConfig(&simulate.FieldError{Field: "Workers", Value: "-1", Msg: "need ≥ 0"}, simulate.Limits{})
	if e := (*Error)(nil); !errors.As(err, &e) || e.Field != "" || !strings.Contains(err.Error(), "simulate: config Workers = -1") {
		t.Errorf("unmapped field: %v", err)
	}
}

// TestLimitsRaiseTheRefusal: a big scenario is refused by Config, before its space
// is trained, naming the field and the estimate; its limits field lets it run, and
// the resolved form keeps the limits so that config.json parses back.
func TestLimitsRaiseTheRefusal(t *testing.T) {
	// N = 10⁵ with an embedding: the N×N cosines alone are 8·10¹⁰ B = 74.5 GiB
	// (simulate.TestEstimateClosedForm), over a 1 GiB limit and under 128 GiB.
	const big = `{"batch_size": 100000, "model": {"kind": "embedding", "dim": 4}, "steps": 10, "limits": {"max_memory_gib": LIMIT}}`
	s, err := Parse([]byte(strings.Replace(big, "LIMIT", "1", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Limits.MaxMemory != 1<<30 {
		t.Errorf("max_memory_gib 1 = %d bytes, want 2³⁰", s.Limits.MaxMemory)
	}
	_, err = s.Config(0)
	var re *simulate.ResourceError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "scenario: batch_size: the run needs about 74.5 GiB of memory, more than the limit 1 GiB (limits.max_memory_gib); lower batch_size or raise limits.max_memory_gib") {
		t.Errorf("1 GiB: Config error %v, want the refusal naming batch_size and the estimate", err)
	}
	s, err = Parse([]byte(strings.Replace(big, "LIMIT", "128", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Config(0); err != nil {
		t.Errorf("128 GiB: %v", err)
	}
	res, err := s.Resolved()
	if err != nil || !strings.Contains(string(res), `"limits": {`) || !strings.Contains(string(res), `"max_memory_gib": 128`) {
		t.Fatalf("resolved form does not keep the limit: %v\n%s", err, res)
	}
	again, err := Parse(res)
	if err != nil || again.Limits != s.Limits || again.Hash() != s.Hash() {
		t.Errorf("the resolved form parses to limits %+v (%v), want %+v", again.Limits, err, s.Limits)
	}
	if Default().Hash() == s.Hash() {
		t.Errorf("limits are part of the hash")
	}
	// The work limit: 10¹² steps of the toy (~10⁸ flops each, 1e20 in all) exceed 10¹⁵ and fit 10²².
	s, err = Parse([]byte(`{"steps": 1e12, "record_every": 1e12, "schedule": {"kind": "constant"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Config(0); err == nil || !strings.Contains(err.Error(), "scenario: steps: the run needs about") || !strings.Contains(err.Error(), "floating-point operations, more than the limit 1e+15 (the default); lower steps or raise limits.max_flops") {
		t.Errorf("steps 1e12: %v", err)
	}
	s.Limits.MaxFlops = 1e22
	if _, err := s.Config(0); err != nil {
		t.Errorf("steps 1e12 with max_flops 1e22: %v", err)
	}
	// Only the limits given are written: a work limit alone leaves the memory limit out.
	if res, err := s.Resolved(); err != nil || !strings.Contains(string(res), `"max_flops": 1e+22`) || strings.Contains(string(res), "max_memory_gib") {
		t.Errorf("resolved limits of max_flops alone: %v\n%s", err, res)
	}
	// A limit set in Go is validated like one from a file, in the file's unit.
	s.Limits.MaxMemory = -2 << 30
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "limits.max_memory_gib = -2: need a size in GiB ≥ 0") {
		t.Errorf("MaxMemory = −2 GiB: %v", err)
	}
	s.Limits = simulate.Limits{MaxFlops: -1}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "limits.max_flops = -1: need a finite number ≥ 0") {
		t.Errorf("MaxFlops = −1: %v", err)
	}
}
