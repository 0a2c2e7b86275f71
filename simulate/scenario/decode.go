package scenario

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// Field names of the format (README.md), in the order Resolved writes them.
var (
	topFields       = []string{"description", "source", "tpm", "labels", "batch_size", "loss", "tau", "alpha", "beta", "model", "optimizer", "schedule", "steps", "record_every", "eval_batches", "average_from", "seed", "replicates", "output"}
	tpmFields       = []string{"rows", "family", "m", "eps", "sizes", "within", "perm", "row", "kappa", "seed"}
	modelFields     = []string{"kind", "dim", "widths", "noise"}
	optimizerFields = []string{"name", "lr", "momentum"}
	scheduleFields  = []string{"kind", "warmup"}
	outputFields    = []string{"formats", "reference_metrics"}
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
	scLosses        = []string{loss.SCInfoNCE, loss.SCInfoNCEDecoupled}
)

// Defaults that simulate.ToyConfig does not state.
const (
	defaultEvalBatches = 10 // simulate.Config's default for EvalBatches = 0
	defaultReplicates  = 1
	defaultTPMSeed     = 1
)

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

// defaultDim is the embedding dimension when model.dim is omitted: the output width
// of the toy's MLP.
func defaultDim(toy *Scenario) int { return toy.Model.Widths[len(toy.Model.Widths)-1] }

// decoder turns a parsed tree into a Scenario; it keeps the first error and ignores
// every later call, so decoding code reads straight through.
type decoder struct{ err error }

func (d *decoder) fail(e *Error) {
	if d.err == nil {
		d.err = e
	}
}

// object checks that n is an object whose keys are all allowed and distinct.
func (d *decoder) object(n *node, path string, allowed []string) bool {
	if n.kind != kindObject {
		d.typeErr(n, path, "an object {…}")
		return false
	}
	for i, k := range n.keys {
		p := join(path, k)
		if !slices.Contains(allowed, k) {
			d.fail(fieldErr(p, "= %s: unknown field, want one of %v", n.vals[i].describe(), allowed))
			return false
		}
		if slices.Contains(n.keys[:i], k) {
			d.fail(fieldErr(p, "is given twice"))
			return false
		}
	}
	return true
}

func (d *decoder) typeErr(n *node, path, want string) {
	hint := ""
	if n.kind == kindString {
		switch strings.ToLower(strings.TrimLeft(n.text, "+-")) {
		case "nan", "inf", "infinity":
			hint = " (JSON has no NaN or infinity, and neither does a valid scenario)"
		}
	}
	if path == "" {
		path = "(top level)"
	}
	d.fail(fieldErr(path, "= %s: want %s, got %s%s", n.describe(), want, n.kind, hint))
}

func (d *decoder) float(n *node, path string) float64 {
	if n.kind != kindNumber {
		d.typeErr(n, path, "a number")
		return 0
	}
	v, err := strconv.ParseFloat(n.text, 64)
	if math.IsInf(v, 0) || (err != nil && v == 0) {
		d.fail(fieldErr(path, "= %s: out of the float64 range", n.text))
		return 0
	}
	return v
}

// maxExactInt is 2⁵³: integers written as floats (1e3) are exact up to it.
const maxExactInt = 1 << 53

func (d *decoder) int(n *node, path string) int {
	if n.kind != kindNumber {
		d.typeErr(n, path, "an integer")
		return 0
	}
	if v, err := strconv.ParseInt(n.text, 10, 64); err == nil {
		return int(v)
	}
	v, err := strconv.ParseFloat(n.text, 64)
	switch {
	case err != nil && !math.IsInf(v, 0) || v != math.Trunc(v):
		d.fail(fieldErr(path, "= %s: want an integer", n.text))
	case math.Abs(v) > math.MaxInt64:
		d.fail(fieldErr(path, "= %s: want an integer within ±2⁶³", n.text))
	case math.Abs(v) > maxExactInt:
		d.fail(fieldErr(path, "= %s: write integers beyond ±2⁵³ in plain digits", n.text))
	default:
		return int(v)
	}
	return 0
}

func (d *decoder) uint64(n *node, path string) uint64 {
	if n.kind != kindNumber {
		d.typeErr(n, path, "an integer ≥ 0")
		return 0
	}
	if v, err := strconv.ParseUint(n.text, 10, 64); err == nil {
		return v
	}
	v, err := strconv.ParseFloat(n.text, 64)
	switch {
	case err != nil && !math.IsInf(v, 0) || v != math.Trunc(v):
		d.fail(fieldErr(path, "= %s: want an integer", n.text))
	case v < 0 || v >= 1<<64:
		d.fail(fieldErr(path, "= %s: want an integer in [0, 2⁶⁴)", n.text))
	case v > maxExactInt:
		d.fail(fieldErr(path, "= %s: write integers beyond 2⁵³ in plain digits", n.text))
	default:
		return uint64(v)
	}
	return 0
}

func (d *decoder) str(n *node, path string) string {
	if n.kind != kindString {
		d.typeErr(n, path, "a string")
		return ""
	}
	return n.text
}

func (d *decoder) bool(n *node, path string) bool {
	if n.kind != kindBool {
		d.typeErr(n, path, "true or false")
		return false
	}
	return n.b
}

func (d *decoder) array(n *node, path, want string) bool {
	if n.kind != kindArray {
		d.typeErr(n, path, want)
		return false
	}
	return true
}

func (d *decoder) floats(n *node, path string) []float64 {
	if !d.array(n, path, "an array of numbers") {
		return nil
	}
	v := make([]float64, len(n.elems))
	for i, e := range n.elems {
		v[i] = d.float(e, index(path, i))
	}
	return v
}

func (d *decoder) ints(n *node, path string) []int {
	if !d.array(n, path, "an array of integers") {
		return nil
	}
	v := make([]int, len(n.elems))
	for i, e := range n.elems {
		v[i] = d.int(e, index(path, i))
	}
	return v
}

func (d *decoder) strs(n *node, path string) []string {
	if !d.array(n, path, "an array of strings") {
		return nil
	}
	v := make([]string, len(n.elems))
	for i, e := range n.elems {
		v[i] = d.str(e, index(path, i))
	}
	return v
}

func (d *decoder) matrix(n *node, path string) [][]float64 {
	if !d.array(n, path, "an array of rows (arrays of numbers)") {
		return nil
	}
	v := make([][]float64, len(n.elems))
	for i, e := range n.elems {
		v[i] = d.floats(e, index(path, i))
	}
	return v
}

// only rejects the fields of obj (at path) that the chosen kind does not use; params
// are the kind's own fields, selector the field that chose it, common fields every
// kind takes.
func (d *decoder) only(obj *node, path, selector, kind string, params []string, common ...string) {
	for i, k := range obj.keys {
		if k == selector || slices.Contains(params, k) || slices.Contains(common, k) {
			continue
		}
		fields := append(append([]string{selector}, common...), params...)
		d.fail(fieldErr(join(path, k), "= %s: not used by %s %q; its fields are %v", obj.vals[i].describe(), selector, kind, fields))
	}
}

// decode maps a parsed tree onto a Scenario, filling omitted fields with the toy's
// values (package doc). It checks types and field names; Validate checks values.
func decode(root *node) (*Scenario, error) {
	d := &decoder{}
	if !d.object(root, "", topFields) {
		return nil, d.err
	}
	toy := toyDefaults()
	s := new(Scenario)
	*s = *toy // shares toy's slices; toy is only read from here on
	get := root.field
	if n := get("description"); n != nil {
		s.Description = d.str(n, "description")
	}
	s.Source = nil
	if n := get("source"); n != nil {
		s.Source = d.floats(n, "source")
	}
	if n := get("tpm"); n != nil {
		s.TPM = d.tpm(n, len(s.Source))
	}
	if s.Source == nil {
		if n := get("tpm"); n == nil {
			s.Source = toy.Source
		} else if m := s.TPM.states(); m >= 1 && m <= MaxStates {
			s.Source = uniform(m)
		}
	}
	if n := get("labels"); n != nil {
		s.Labels = d.strs(n, "labels")
	}
	if n := get("batch_size"); n != nil {
		s.BatchSize = d.int(n, "batch_size")
	}
	if n := get("loss"); n != nil {
		s.Loss = d.str(n, "loss")
	}
	if n := get("tau"); n != nil {
		s.Tau = d.float(n, "tau")
	}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"alpha", &s.Alpha}, {"beta", &s.Beta}} {
		n := get(f.key)
		if n == nil {
			continue
		}
		*f.dst = d.float(n, f.key)
		if slices.Contains(loss.Names(), s.Loss) && !slices.Contains(scLosses, s.Loss) {
			d.fail(fieldErr(f.key, "= %s: not used by loss %q; only %s take α and β", n.describe(), s.Loss, strings.Join(scLosses, " and ")))
		}
	}
	if n := get("steps"); n != nil {
		s.Steps = d.int(n, "steps")
	}
	if n := get("record_every"); n != nil {
		s.RecordEvery = d.int(n, "record_every")
	}
	if n := get("eval_batches"); n != nil {
		s.EvalBatches = d.int(n, "eval_batches")
	}
	if n := get("average_from"); n != nil {
		s.AverageFrom = d.int(n, "average_from")
	}
	if n := get("seed"); n != nil {
		s.Seed = d.uint64(n, "seed")
	}
	if n := get("replicates"); n != nil {
		s.Replicates = d.int(n, "replicates")
	}
	if n := get("model"); n != nil {
		s.Model = d.model(n, toy)
	}
	s.Optimizer = d.optimizer(get("optimizer"), get("schedule"), s.Steps, toy)
	if n := get("output"); n != nil && d.object(n, "output", outputFields) {
		if f := n.field("formats"); f != nil {
			s.Output.Formats = d.strs(f, "output.formats")
		}
		if f := n.field("reference_metrics"); f != nil {
			s.Output.ReferenceMetrics = d.bool(f, "output.reference_metrics")
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return s, nil
}

// tpm decodes the tpm object; srcLen is the length of the source, if given, which an
// omitted m defaults to.
func (d *decoder) tpm(n *node, srcLen int) TPM {
	var t TPM
	if !d.object(n, "tpm", tpmFields) {
		return t
	}
	rows, fam := n.field("rows"), n.field("family")
	switch {
	case rows != nil && fam != nil:
		d.fail(fieldErr("tpm", "has both rows and family: give one of them"))
	case rows != nil:
		for i, k := range n.keys {
			if k != "rows" {
				d.fail(fieldErr(join("tpm", k), "= %s: a family parameter, but tpm gives rows; drop it or use family", n.vals[i].describe()))
			}
		}
		t.Rows = d.matrix(rows, "tpm.rows")
	case fam != nil:
		t.Family = d.str(fam, "tpm.family")
		params, ok := familyParams[t.Family]
		if !ok {
			if d.err == nil {
				d.fail(fieldErr("tpm.family", "= %q: unknown family, want one of %v", t.Family, Families()))
			}
			return t
		}
		d.only(n, "tpm", "family", t.Family, params)
		if v := n.field("m"); v != nil {
			t.M = d.int(v, "tpm.m")
		}
		if v := n.field("eps"); v != nil {
			t.Eps = d.float(v, "tpm.eps")
		}
		if v := n.field("sizes"); v != nil {
			t.Sizes = d.ints(v, "tpm.sizes")
		}
		if v := n.field("within"); v != nil {
			t.Within = d.float(v, "tpm.within")
		}
		if v := n.field("perm"); v != nil {
			t.Perm = d.ints(v, "tpm.perm")
		}
		if v := n.field("row"); v != nil {
			t.Row = d.floats(v, "tpm.row")
		}
		if v := n.field("kappa"); v != nil {
			t.Kappa = d.float(v, "tpm.kappa")
		}
		t.Seed = defaultTPMSeed
		if v := n.field("seed"); v != nil {
			t.Seed = d.uint64(v, "tpm.seed")
		}
		if t.Family != FamilyDirichlet {
			t.Seed = 0
		}
		// Required parameters, and m's defaults.
		for _, p := range params {
			if n.field(p) != nil || p == "seed" {
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
				d.fail(fieldErr(join("tpm", p), "is missing: family %q needs %s, %s", t.Family, p, why))
			}
		}
	default:
		d.fail(fieldErr("tpm", "= %s: want rows or family", n.describe()))
	}
	return t
}

func (d *decoder) model(n *node, toy *Scenario) simulate.ModelConfig {
	var m simulate.ModelConfig
	if !d.object(n, "model", modelFields) {
		return m
	}
	m.Kind = toy.Model.Kind
	if v := n.field("kind"); v != nil {
		m.Kind = d.str(v, "model.kind")
	}
	if v := n.field("dim"); v != nil {
		m.Dim = d.int(v, "model.dim")
	}
	if v := n.field("widths"); v != nil {
		m.Widths = d.ints(v, "model.widths")
	}
	if v := n.field("noise"); v != nil {
		m.Noise = d.float(v, "model.noise")
	}
	params, ok := modelParams[m.Kind]
	if !ok {
		return m // Validate names the unknown kind
	}
	d.only(n, "model", "kind", m.Kind, params)
	switch m.Kind {
	case simulate.ModelEmbedding:
		if n.field("dim") == nil {
			m.Dim = defaultDim(toy)
		}
	case simulate.ModelMLP:
		if n.field("widths") == nil {
			m.Widths = slices.Clone(toy.Model.Widths)
		}
		if n.field("noise") == nil {
			m.Noise = toy.Model.Noise
		}
	}
	return m
}

// optimizer decodes the optimizer and schedule objects (either may be nil); an
// omitted warm-up is the toy's, capped at steps.
func (d *decoder) optimizer(on, sn *node, steps int, toy *Scenario) simulate.OptimizerConfig {
	o := toy.Optimizer
	o.Momentum, o.Warmup = 0, 0
	if on != nil && d.object(on, "optimizer", optimizerFields) {
		if v := on.field("name"); v != nil {
			o.Name = d.str(v, "optimizer.name")
		}
		if v := on.field("lr"); v != nil {
			o.LR = d.float(v, "optimizer.lr")
		}
		if v := on.field("momentum"); v != nil {
			o.Momentum = d.float(v, "optimizer.momentum")
		}
		if params, ok := optimizerParams[o.Name]; ok {
			d.only(on, "optimizer", "name", o.Name, params, "lr")
		}
	}
	var warmup *node
	if sn != nil && d.object(sn, "schedule", scheduleFields) {
		if v := sn.field("kind"); v != nil {
			o.Schedule = d.str(v, "schedule.kind")
		}
		if warmup = sn.field("warmup"); warmup != nil {
			o.Warmup = d.int(warmup, "schedule.warmup")
		}
		if params, ok := scheduleParams[o.Schedule]; ok {
			d.only(sn, "schedule", "kind", o.Schedule, params)
		}
	}
	if o.Schedule == "warmup-cosine" && warmup == nil {
		o.Warmup = max(0, min(toy.Optimizer.Warmup, steps))
	}
	return o
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
	case FamilyBlock:
		m := 0
		for _, s := range t.Sizes {
			if s < 1 || s > MaxStates {
				return 0
			}
			m += s
		}
		return m
	case FamilyPermutation:
		return len(t.Perm)
	default:
		return t.M
	}
}
