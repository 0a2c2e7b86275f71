package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/infonce-lab/infonce-lab/simulate"
)

// Resolved returns the canonical JSON of the scenario: indented, fields in the order
// of README.md, every default filled in and only the parameters the chosen kinds use,
// with arrays of numbers or strings on one line. It is what a run records as
// config.json; parsing it gives the same scenario.
func (s *Scenario) Resolved() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	// Pointers to s's fields: encoding f only reads them.
	f := form{
		Source:      s.Source,
		Labels:      s.Labels,
		BatchSize:   &s.BatchSize,
		Loss:        &s.Loss,
		Tau:         &s.Tau,
		Model:       &modelForm{Kind: &s.Model.Kind},
		Optimizer:   &optimizerForm{Name: &s.Optimizer.Name, LR: &s.Optimizer.LR},
		Schedule:    &scheduleForm{Kind: &s.Optimizer.Schedule},
		Steps:       &s.Steps,
		RecordEvery: &s.RecordEvery,
		EvalBatches: &s.EvalBatches,
		AverageFrom: &s.AverageFrom,
		Seed:        &s.Seed,
		Replicates:  &s.Replicates,
		Output:      &outputForm{Formats: append([]string{}, s.Output.Formats...), ReferenceMetrics: &s.Output.ReferenceMetrics},
	}
	if s.Description != "" {
		f.Description = &s.Description
	}
	t := &s.TPM
	f.TPM = &tpmForm{Rows: t.Rows}
	if t.Family != "" {
		f.TPM.Family = &t.Family
		for _, p := range familyParams[t.Family] {
			switch p {
			case "m":
				f.TPM.M = &t.M
			case "eps":
				f.TPM.Eps = &t.Eps
			case "sizes":
				f.TPM.Sizes = t.Sizes
			case "within":
				f.TPM.Within = &t.Within
			case "perm":
				f.TPM.Perm = t.Perm
			case "row":
				f.TPM.Row = t.Row
			case "kappa":
				f.TPM.Kappa = &t.Kappa
			case "seed":
				f.TPM.Seed = &t.Seed
			}
		}
	}
	if slices.Contains(scLosses, s.Loss) {
		f.Alpha, f.Beta = &s.Alpha, &s.Beta
	}
	for _, p := range modelParams[s.Model.Kind] {
		switch p {
		case "dim":
			f.Model.Dim = &s.Model.Dim
		case "widths":
			f.Model.Widths = s.Model.Widths
		case "noise":
			f.Model.Noise = &s.Model.Noise
		}
	}
	if s.Optimizer.Name == "sgd" {
		f.Optimizer.Momentum = &s.Optimizer.Momentum
	}
	if s.Optimizer.Schedule == "warmup-cosine" {
		f.Schedule.Warmup = &s.Optimizer.Warmup
	}
	if s.Limits != (simulate.Limits{}) {
		f.Limits = &limitsForm{}
		if s.Limits.MaxMemory != 0 {
			g := float64(s.Limits.MaxMemory) / gib
			f.Limits.MaxMemoryGiB = &g
		}
		if s.Limits.MaxFlops != 0 {
			f.Limits.MaxFlops = &s.Limits.MaxFlops
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, &Error{Msg: "resolved form: " + err.Error(), Err: err}
	}
	return inlineScalarArrays(buf.Bytes()), nil
}

// Hash returns the hex SHA-256 of Resolved(): two scenarios with the same hash run
// identically. It returns "" for a scenario that does not validate (possible only
// after changing fields by hand).
func (s *Scenario) Hash() string {
	b, err := s.Resolved()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// inlineScalarArrays rewrites indented JSON so that every array whose first element
// is a scalar sits on one line, elements separated by ", ". Strings are copied
// verbatim; the result is equivalent JSON.
func inlineScalarArrays(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString, inline := false, 0 // inline: nesting depth inside a one-line array
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			switch c {
			case '\\': // an escape: json.Encoder never ends its output inside a string
				i++
				out = append(out, b[i])
			case '"':
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			out = append(out, c)
		case inline > 0 && isSpace(c):
			// drop indentation inside a one-line array
		case inline > 0 && c == ',':
			out = append(out, ',', ' ')
		case c == '[':
			out = append(out, c)
			if inline > 0 {
				inline++
				break
			}
			j := i + 1
			for j < len(b) && isSpace(b[j]) {
				j++
			}
			if j < len(b) && b[j] != '[' && b[j] != '{' && b[j] != ']' {
				inline = 1
			}
		case inline > 0 && c == ']':
			inline--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
