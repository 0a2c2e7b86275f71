package scenario

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// dirichletStream is the second word of the PCG state that draws a Dirichlet TPM:
// rand.New(rand.NewPCG(tpm.seed, dirichletStream)). It is "tpm" in ASCII, chosen
// apart from the training streams of sample.Stream.
const dirichletStream = 0x74706d

// Validate returns the first invalid field of s as an *Error naming the field, the
// value and what was expected; nil if s is a valid scenario.
func (s *Scenario) Validate() error {
	_, err := s.check()
	return err
}

// checked holds what validation built.
type checked struct {
	tpm *markov.TPM
}

// check validates s in the order of the format and returns the TPM it built.
func (s *Scenario) check() (*checked, error) {
	a, err := s.TPM.build()
	if err != nil {
		return nil, err
	}
	m := a.Len()
	if err := checkSource(s.Source, m); err != nil {
		return nil, err
	}
	if err := checkLabels(s.Labels, m); err != nil {
		return nil, err
	}
	src, err := markov.NewDist(s.Source)
	if err != nil {
		return nil, wrapErr("source", err, "")
	}
	for i, qi := range a.Apply(src).Values(nil) {
		if !(qi > 0) {
			u := &feature.UnreachableError{State: i}
			name := fmt.Sprint(i)
			if s.Labels != nil {
				u.Label = s.Labels[i]
				name += fmt.Sprintf(" (%q)", u.Label)
			}
			return nil, &Error{Field: "source, tpm", Err: u, Msg: fmt.Sprintf(
				": state %s is never reached by a view: q_%d = Σ_k source[k]·tpm[k][%d] = 0, so its density ratio is undefined; drop the state or let some source reach it", name, i, i)}
		}
	}
	if err := s.checkUnused(); err != nil {
		return nil, err
	}
	// The rules of a run are simulate's; the scenario names its fields.
	cfg := s.config(nil, 0)
	if err := cfg.ValidateFields(); err != nil {
		return nil, fromConfig(err, s.Limits)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"eval_batches", s.EvalBatches}, {"replicates", s.Replicates}} {
		if f.v < 1 {
			return nil, valueErr(f.name, f.v, "need ≥ 1")
		}
	}
	if m := s.Limits.MaxMemory; m < 0 {
		return nil, valueErr("limits.max_memory_gib", float64(m)/gib, "need a size in GiB ≥ 0 (0: the machine's memory)")
	}
	if f := s.Limits.MaxFlops; !(f >= 0) || math.IsInf(f, 0) {
		return nil, valueErr("limits.max_flops", f, "need a finite number ≥ 0 (0: %g)", float64(simulate.DefaultMaxFlops))
	}
	for i, f := range s.Output.Formats {
		p := index("output.formats", i)
		if !slices.Contains(Formats(), f) {
			return nil, fieldErr(p, "= %q: unknown format, want some of %v", f, Formats())
		}
		if slices.Contains(s.Output.Formats[:i], f) {
			return nil, fieldErr(p, "= %q: listed twice", f)
		}
	}
	return &checked{tpm: a}, nil
}

func checkSource(p []float64, m int) error {
	if len(p) != m {
		return fieldErr("source", "has %d entries, want %d (one per state of tpm)", len(p), m)
	}
	var sum float64
	for i, v := range p {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fieldErr(index("source", i), "= %v: want a finite probability ≥ 0", v)
		}
		sum += v
	}
	if !(math.Abs(sum-1) <= markov.SumTol) {
		return fieldErr("source", "sums to %s, want 1 (within %g)", sumText(sum), markov.SumTol)
	}
	return nil
}

func checkLabels(labels []string, m int) error {
	if labels == nil {
		return nil
	}
	if len(labels) != m {
		return fieldErr("labels", "has %d entries, want %d (one per state)", len(labels), m)
	}
	for i, l := range labels {
		if l == "" {
			return fieldErr(index("labels", i), `= "": want a non-empty name`)
		}
		if j := slices.Index(labels[:i], l); j >= 0 {
			return fieldErr(index("labels", i), "= %q: same as labels[%d], want unique names", l, j)
		}
	}
	return nil
}

// checkUnused refuses parameters that the chosen loss, model kind, optimiser or
// schedule does not use: the format's rule (Parse refuses them as fields; a
// Scenario changed in Go might hold them). simulate.Config ignores such fields.
func (s *Scenario) checkUnused() error {
	if slices.Contains(loss.Names(), s.Loss) && !slices.Contains(scLosses, s.Loss) && (s.Alpha != 1 || s.Beta != 0) {
		return fieldErr("alpha", "= %v, beta = %v: not used by loss %q, which needs α = 1, β = 0; only %v take α and β", s.Alpha, s.Beta, s.Loss, scLosses)
	}
	m := s.Model
	for _, f := range []struct {
		name, value string
		set         bool
	}{{"dim", fmt.Sprint(m.Dim), m.Dim != 0}, {"widths", fmt.Sprint(m.Widths), m.Widths != nil}, {"noise", fmt.Sprint(m.Noise), m.Noise != 0}} {
		if params, ok := modelParams[m.Kind]; ok && f.set && !slices.Contains(params, f.name) {
			return fieldErr(join("model", f.name), "= %s: not used by kind %q", f.value, m.Kind)
		}
	}
	if o := s.Optimizer; o.Name == "adam" && o.Momentum != 0 {
		return fieldErr("optimizer.momentum", "= %v: not used by name %q", o.Momentum, o.Name)
	}
	if o := s.Optimizer; o.Schedule == "constant" && o.Warmup != 0 {
		return fieldErr("schedule.warmup", "= %d: not used by kind %q", o.Warmup, o.Schedule)
	}
	return nil
}

// build validates the TPM specification and builds the matrix. Errors name the
// field: tpm.rows[k][i], tpm.m, tpm.sizes[b], ….
func (t *TPM) build() (*markov.TPM, error) {
	// Fields the form does not use must be zero (Parse rejects them; a hand-made
	// Scenario might not).
	var params []string
	if t.Family != "" {
		var ok bool
		if params, ok = familyParams[t.Family]; !ok {
			return nil, fieldErr("tpm.family", "= %q: unknown family, want one of %v", t.Family, Families())
		}
		if t.Rows != nil {
			return nil, fieldErr("tpm", "has both rows and family: give one of them")
		}
	} else if t.Rows == nil {
		return nil, fieldErr("tpm", "has neither rows nor family")
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"m", t.M != 0}, {"eps", t.Eps != 0}, {"sizes", t.Sizes != nil}, {"within", t.Within != 0},
		{"perm", t.Perm != nil}, {"row", t.Row != nil}, {"kappa", t.Kappa != 0}, {"seed", t.Seed != 0}} {
		if f.set && !slices.Contains(params, f.name) {
			what := "a family parameter, but tpm gives rows"
			if t.Family != "" {
				what = fmt.Sprintf("not used by family %q, which takes %v", t.Family, params)
			}
			return nil, fieldErr(join("tpm", f.name), "is set: %s", what)
		}
	}
	checkM := func() error {
		if t.M < 1 || t.M > MaxStates {
			return fieldErr("tpm.m", "= %d: need 1 ≤ m ≤ %d", t.M, MaxStates)
		}
		return nil
	}
	switch t.Family {
	case "":
		return buildRows(t.Rows)
	case FamilyIdentity:
		if err := checkM(); err != nil {
			return nil, err
		}
		a, err := markov.Identity(t.M)
		return wrapped(a, err, "tpm")
	case FamilyUninformative:
		if err := checkM(); err != nil {
			return nil, err
		}
		if len(t.Row) != t.M {
			return nil, fieldErr("tpm.row", "has %d entries, want m = %d", len(t.Row), t.M)
		}
		for i, v := range t.Row {
			if why := entryProblem(v); why != "" {
				return nil, fieldErr(index("tpm.row", i), "= %v: %s", v, why)
			}
		}
		p, err := markov.NewDist(t.Row)
		if err != nil {
			return nil, wrapErr("tpm.row", err, "")
		}
		return markov.Uninformative(p), nil
	case FamilyLazy:
		if err := checkM(); err != nil {
			return nil, err
		}
		if !(t.Eps >= 0 && t.Eps <= 1) {
			return nil, fieldErr("tpm.eps", "= %v: need 0 ≤ eps ≤ 1", t.Eps)
		}
		a, err := markov.Lazy(t.M, t.Eps)
		return wrapped(a, err, "tpm")
	case FamilyBlock:
		if len(t.Sizes) == 0 {
			return nil, fieldErr("tpm.sizes", "= []: need at least one block")
		}
		m := 0
		for b, n := range t.Sizes {
			if n < 1 {
				return nil, fieldErr(index("tpm.sizes", b), "= %d: need ≥ 1", n)
			}
			if n > MaxStates-m {
				return nil, fieldErr(index("tpm.sizes", b), "= %d: the blocks so far hold %d states, need at most %d in all", n, m+min(n, MaxStates), MaxStates)
			}
			m += n
		}
		if !(t.Within >= 0 && t.Within <= 1) {
			return nil, fieldErr("tpm.within", "= %v: need 0 ≤ within ≤ 1", t.Within)
		}
		if len(t.Sizes) == 1 && t.Within != 1 {
			return nil, fieldErr("tpm.within", "= %v: with a single block the mass 1 − within has nowhere to go, want 1", t.Within)
		}
		a, err := markov.Block(t.Sizes, t.Within)
		return wrapped(a, err, "tpm")
	case FamilyPermutation:
		m := len(t.Perm)
		if m < 1 || m > MaxStates {
			return nil, fieldErr("tpm.perm", "has %d entries: need 1 ≤ m ≤ %d", m, MaxStates)
		}
		seen := make([]int, m)
		for k, p := range t.Perm {
			if p < 0 || p >= m {
				return nil, fieldErr(index("tpm.perm", k), "= %d: want a state in [0, %d)", p, m)
			}
			if seen[p] > 0 {
				return nil, fieldErr(index("tpm.perm", k), "= %d: same as tpm.perm[%d], want a permutation", p, seen[p]-1)
			}
			seen[p] = k + 1
		}
		a, err := markov.Permutation(t.Perm)
		return wrapped(a, err, "tpm.perm")
	default: // FamilyDirichlet, the last of familyParams checked above
		if err := checkM(); err != nil {
			return nil, err
		}
		if !(t.Kappa > 0) || math.IsInf(t.Kappa, 1) {
			return nil, fieldErr("tpm.kappa", "= %v: need 0 < kappa < ∞", t.Kappa)
		}
		a, err := markov.RandomDirichlet(t.M, t.Kappa, rand.New(rand.NewPCG(t.Seed, dirichletStream)))
		return wrapped(a, err, "tpm")
	}
}

// buildRows validates explicit rows through markov.New and names the offending entry.
func buildRows(rows [][]float64) (*markov.TPM, error) {
	if len(rows) > MaxStates {
		return nil, fieldErr("tpm.rows", "has %d rows: need at most %d states", len(rows), MaxStates)
	}
	a, err := markov.New(rows)
	if err == nil {
		return a, nil
	}
	var (
		entry *markov.EntryError
		sum   *markov.RowSumError
		shape *markov.ShapeError
	)
	switch {
	case errors.As(err, &entry):
		return nil, &Error{Field: fmt.Sprintf("tpm.rows[%d][%d]", entry.Row, entry.Col), Msg: fmt.Sprintf("= %v: %s", entry.Value, entry.Reason), Err: err}
	case errors.As(err, &sum):
		return nil, &Error{Field: index("tpm.rows", sum.Row), Msg: fmt.Sprintf("sums to %s, want 1 (within %g)", sumText(sum.Sum), markov.SumTol), Err: err}
	case errors.As(err, &shape):
		return nil, &Error{Field: index("tpm.rows", shape.Row), Msg: fmt.Sprintf("has %d entries, want %d (a TPM is square: one entry per state)", shape.Len, shape.Want), Err: err}
	case errors.Is(err, markov.ErrEmpty):
		return nil, &Error{Field: "tpm.rows", Msg: "= []: need at least one state", Err: err}
	}
	return nil, wrapErr("tpm.rows", err, "")
}

// sumText prints a sum of probabilities to 12 significant digits: the entries as
// written add up to it (0.3 + 0.3 + 0.3 prints 0.9, not the float64 sum
// 0.8999999999999999), and a sum refused for missing 1 by more than SumTol = 1e-9
// still shows its difference from 1.
func sumText(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }

// entryProblem says why v is not a probability ("" if it is one).
func entryProblem(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "want a finite probability"
	case v < 0:
		return "negative probability"
	case v > 1+markov.SumTol:
		return "probability above 1"
	}
	return ""
}

func wrapped(a *markov.TPM, err error, path string) (*markov.TPM, error) {
	if err != nil {
		return nil, wrapErr(path, err, "")
	}
	return a, nil
}
