package scenario

import (
	"math"
	"slices"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// familyParams are the parameters each TPM family takes.
var familyParams = map[string][]string{
	FamilyIdentity:      {"m"},
	FamilyUninformative: {"m", "row"},
	FamilyLazy:          {"m", "eps"},
	FamilyBlock:         {"sizes", "within"},
	FamilyPermutation:   {"perm"},
	FamilyDirichlet:     {"m", "kappa", "seed"},
}

// Parameters that only some kinds use (the others reject them).
var (
	modelParams = map[string][]string{
		simulate.ModelLogits:    {},
		simulate.ModelEmbedding: {"dim"},
		simulate.ModelMLP:       {"widths", "noise"},
	}
	optimizerParams = map[string][]string{"adam": {}, "sgd": {"momentum"}}
	scheduleParams  = map[string][]string{"constant": {}, "warmup-cosine": {"warmup"}}
	scLosses        = loss.AlphaBetaLosses()
)

// Defaults that simulate.ToyConfig does not state.
const (
	defaultEvalBatches = 10 // simulate.Config's default for EvalBatches = 0
	defaultReplicates  = 1
	defaultTPMSeed     = 1
)

// gib is a GiB in bytes: limits.max_memory_gib is in GiB, simulate.Limits in bytes.
const gib = 1 << 30

// toyDefaults returns the toy (simulate.ToyConfig) as a Scenario: the value of every
// omitted field.
func toyDefaults() *Scenario {
	c := simulate.ToyConfig()
	m := c.Model
	m.Widths = slices.Clone(m.Widths)
	return &Scenario{
		Source:      c.Space.Source(),
		TPM:         TPM{Rows: c.Space.Augmentation().Rows()},
		BatchSize:   c.N,
		Loss:        c.Loss,
		Tau:         c.Params.Tau,
		Alpha:       c.Params.Alpha,
		Beta:        c.Params.Beta,
		Model:       m,
		Optimizer:   c.Opt,
		Steps:       c.Steps,
		RecordEvery: c.RecordEvery,
		EvalBatches: defaultEvalBatches,
		AverageFrom: c.AverageFrom,
		Seed:        c.Seed,
		Replicates:  defaultReplicates,
		Output:      Output{Formats: Formats()},
	}
}

// set copies *p to *dst when the file gives the field (p non-nil).
func set[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

// decode reads data strictly into the form (strictjson: syntax, names, types,
// integers) and turns the form into a Scenario. Defaults are applied here and only
// here: an omitted field takes the toy's value (toyDefaults), or the value the
// chosen kind implies (package doc). Fields a chosen kind does not use are refused.
// Validate checks the values.
func decode(data []byte) (*Scenario, *strictjson.Document, error) {
	var f form
	doc, err := strictjson.Decode(data, &f)
	if err != nil {
		return nil, nil, fromJSON(err)
	}
	toy := toyDefaults()
	s := toyDefaults()
	s.Description = ""
	set(&s.Description, f.Description)
	if f.TPM != nil {
		if s.TPM, err = decodeTPM(f.TPM, doc, len(f.Source)); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case f.Source != nil:
		s.Source = f.Source
	case f.TPM != nil:
		s.Source = nil
		if m := s.TPM.states(); m >= 1 && m <= MaxStates {
			s.Source = uniform(m)
		}
	}
	s.Labels = f.Labels
	set(&s.BatchSize, f.BatchSize)
	set(&s.Loss, f.Loss)
	set(&s.Tau, f.Tau)
	set(&s.Alpha, f.Alpha)
	set(&s.Beta, f.Beta)
	if slices.Contains(loss.Names(), s.Loss) && !slices.Contains(scLosses, s.Loss) {
		for _, p := range []string{"alpha", "beta"} {
			if doc.Has(p) {
				return nil, nil, fromJSON(doc.At(p, "= %s: not used by loss %q; only %s take α and β", doc.Value(p), s.Loss, strings.Join(scLosses, " and ")))
			}
		}
	}
	set(&s.Steps, f.Steps)
	set(&s.RecordEvery, f.RecordEvery)
	set(&s.EvalBatches, f.EvalBatches)
	set(&s.AverageFrom, f.AverageFrom)
	set(&s.Seed, f.Seed)
	set(&s.Replicates, f.Replicates)
	if f.Model != nil {
		if s.Model, err = decodeModel(f.Model, doc, toy); err != nil {
			return nil, nil, err
		}
	}
	if s.Optimizer, err = decodeOptimizer(f.Optimizer, f.Schedule, doc, s.Steps, toy); err != nil {
		return nil, nil, err
	}
	if l := f.Limits; l != nil {
		if g := l.MaxMemoryGiB; g != nil {
			if !(*g >= 0 && *g < math.MaxInt64/gib) {
				return nil, nil, fromJSON(doc.At("limits.max_memory_gib", "= %s: need a size in GiB, 0 ≤ size < 2³³ (0: the machine's memory)", doc.Value("limits.max_memory_gib")))
			}
			s.Limits.MaxMemory = int64(*g * gib)
		}
		set(&s.Limits.MaxFlops, l.MaxFlops)
	}
	if o := f.Output; o != nil {
		if o.Formats != nil {
			s.Output.Formats = o.Formats
		}
		set(&s.Output.ReferenceMetrics, o.ReferenceMetrics)
	}
	return s, doc, nil
}

// unused refuses a member of the object at path that the chosen kind does not take:
// fields are the object's members, takes the selector and the kind's own.
func unused(doc *strictjson.Document, path, selector, kind string, fields, takes []string) error {
	for _, f := range fields {
		p := join(path, f)
		if doc.Has(p) && !slices.Contains(takes, f) {
			return fromJSON(doc.At(p, "= %s: not used by %s %q; its fields are %v", doc.Value(p), selector, kind, takes))
		}
	}
	return nil
}

// decodeTPM reads the tpm object; srcLen is the length of the source, if given, which
// an omitted m defaults to.
func decodeTPM(f *tpmForm, doc *strictjson.Document, srcLen int) (TPM, error) {
	var t TPM
	switch {
	case f.Rows != nil && f.Family != nil:
		return t, fromJSON(doc.At("tpm", "has both rows and family: give one of them"))
	case f.Rows != nil:
		for _, k := range tpmFields[1:] {
			if p := join("tpm", k); doc.Has(p) {
				return t, fromJSON(doc.At(p, "= %s: a family parameter, but tpm gives rows; drop it or use family", doc.Value(p)))
			}
		}
		t.Rows = f.Rows
		return t, nil
	case f.Family == nil:
		return t, fromJSON(doc.At("tpm", "= %s: want rows or family", doc.Value("tpm")))
	}
	t.Family = *f.Family
	params, ok := familyParams[t.Family]
	if !ok {
		return t, fromJSON(doc.At("tpm.family", "= %s: unknown family, want one of %v", doc.Value("tpm.family"), Families()))
	}
	if err := unused(doc, "tpm", "family", t.Family, tpmFields, append([]string{"family"}, params...)); err != nil {
		return t, err
	}
	set(&t.M, f.M)
	set(&t.Eps, f.Eps)
	t.Sizes = f.Sizes
	set(&t.Within, f.Within)
	t.Perm = f.Perm
	t.Row = f.Row
	set(&t.Kappa, f.Kappa)
	if t.Family == FamilyDirichlet {
		t.Seed = defaultTPMSeed
		set(&t.Seed, f.Seed)
	}
	// Required parameters, and m's defaults.
	for _, p := range params {
		if doc.Has(join("tpm", p)) || p == "seed" {
			continue
		}
		switch {
		case p == "m" && t.Family == FamilyUninformative && t.Row != nil:
			t.M = len(t.Row)
		case p == "m" && srcLen > 0:
			t.M = srcLen
		case p == "row":
			if t.M >= 1 && t.M <= MaxStates {
				t.Row = uniform(t.M)
			}
		default:
			why := map[string]string{
				"m":      "the number of states (or give source, whose length it then takes)",
				"eps":    "the probability of redrawing the view uniformly, 0 ≤ eps ≤ 1",
				"sizes":  "the block sizes",
				"within": "the mass kept inside a state's block, 0 ≤ within ≤ 1",
				"perm":   "the permutation, perm[k] = the view of state k",
				"kappa":  "the Dirichlet concentration κ > 0",
			}[p]
			return t, fieldErr(join("tpm", p), "is missing: family %q needs %s, %s", t.Family, p, why)
		}
	}
	return t, nil
}

// decodeModel reads the model object; omitted fields the kind uses are the toy's.
func decodeModel(f *modelForm, doc *strictjson.Document, toy *Scenario) (simulate.ModelConfig, error) {
	m := simulate.ModelConfig{Kind: toy.Model.Kind}
	set(&m.Kind, f.Kind)
	set(&m.Dim, f.Dim)
	m.Widths = f.Widths
	set(&m.Noise, f.Noise)
	params, ok := modelParams[m.Kind]
	if !ok {
		return m, nil // Validate names the unknown kind
	}
	if err := unused(doc, "model", "kind", m.Kind, modelFields, append([]string{"kind"}, params...)); err != nil {
		return m, err
	}
	switch m.Kind {
	case simulate.ModelEmbedding:
		if f.Dim == nil {
			m.Dim = toy.Model.Widths[len(toy.Model.Widths)-1] // the toy MLP's output width
		}
	case simulate.ModelMLP:
		if f.Widths == nil {
			m.Widths = slices.Clone(toy.Model.Widths)
		}
		if f.Noise == nil {
			m.Noise = toy.Model.Noise
		}
	}
	return m, nil
}

// decodeOptimizer reads the optimizer and schedule objects (either may be nil); an
// omitted warm-up is the toy's, capped at steps.
func decodeOptimizer(of *optimizerForm, sf *scheduleForm, doc *strictjson.Document, steps int, toy *Scenario) (simulate.OptimizerConfig, error) {
	o := toy.Optimizer
	o.Momentum, o.Warmup = 0, 0
	if of != nil {
		set(&o.Name, of.Name)
		set(&o.LR, of.LR)
		set(&o.Momentum, of.Momentum)
		if params, ok := optimizerParams[o.Name]; ok {
			if err := unused(doc, "optimizer", "name", o.Name, optimizerFields, append([]string{"name", "lr"}, params...)); err != nil {
				return o, err
			}
		}
	}
	var warmup *int
	if sf != nil {
		set(&o.Schedule, sf.Kind)
		warmup = sf.Warmup
		set(&o.Warmup, warmup)
		if params, ok := scheduleParams[o.Schedule]; ok {
			if err := unused(doc, "schedule", "kind", o.Schedule, scheduleFields, append([]string{"kind"}, params...)); err != nil {
				return o, err
			}
		}
	}
	if o.Schedule == "warmup-cosine" && warmup == nil {
		o.Warmup = min(toy.Optimizer.Warmup, steps) // steps < 1 is refused before the warm-up
	}
	return o, nil
}

// uniform returns the uniform probability vector over m states.
func uniform(m int) []float64 {
	p := make([]float64, m)
	for i := range p {
		p[i] = 1 / float64(m)
	}
	return p
}

// states returns the number of states the TPM specification describes, without
// building it (0 when it cannot tell).
func (t *TPM) states() int {
	switch t.Family {
	case "":
		return len(t.Rows)
	case FamilyBlock: // the caller checks the sum's range; build names a bad size
		m := 0
		for _, s := range t.Sizes {
			m += s
		}
		return m
	case FamilyPermutation:
		return len(t.Perm)
	default:
		return t.M
	}
}
