package scenario

import (
	_ "embed"
	"errors"
	"fmt"
	"os"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// MaxStates is the largest number of states a scenario may have. It bounds the memory
// of parsing (a TPM holds m² numbers) and is the largest space the lab benchmarks
// (docs/design.md: BenchmarkTargets/m=2048).
const MaxStates = 2048

// TPM family names (package markov).
const (
	FamilyIdentity      = "identity"      // A = I; parameter m
	FamilyUninformative = "uninformative" // every row equal to row; parameters m, row
	FamilyLazy          = "lazy"          // (1−eps)I + eps·U; parameters m, eps
	FamilyBlock         = "block"         // block clusters; parameters sizes, within
	FamilyPermutation   = "permutation"   // k → perm[k]; parameter perm
	FamilyDirichlet     = "dirichlet"     // rows ~ Dirichlet(kappa·1); parameters m, kappa, seed
)

// Families returns the TPM family names, in a fixed order (a fresh slice).
func Families() []string {
	return []string{FamilyIdentity, FamilyUninformative, FamilyLazy, FamilyBlock, FamilyPermutation, FamilyDirichlet}
}

// Formats returns the figure file formats a scenario may ask for (those of the
// figures command), in a fixed order (a fresh slice).
func Formats() []string { return []string{"png", "svg", "pdf"} }

// Scenario is a resolved scenario: every field holds the value a run uses, defaults
// filled in (package doc). Parse, Load and Default return valid scenarios; code that
// changes fields should call Validate, and Space, Config and Resolved validate again.
type Scenario struct {
	Description string    // free text, recorded with the run
	Source      []float64 // π, one probability per state
	TPM         TPM       // the augmentation A
	Labels      []string  // a unique, non-empty name per state; nil names states by index
	BatchSize   int       // N, sources per batch
	Loss        string    // a name of loss.Names()
	Tau         float64   // temperature τ
	// Alpha and Beta are the SC-InfoNCE scale α and bias β; losses other than
	// scinfonce and scinfonce-decoupled do not use them and hold 1 and 0.
	Alpha, Beta float64
	// Model is the model; fields its Kind does not use are zero.
	Model simulate.ModelConfig
	// Optimizer is the optimiser and its schedule; Momentum is 0 unless Name is
	// "sgd", Warmup 0 unless Schedule is "warmup-cosine".
	Optimizer   simulate.OptimizerConfig
	Steps       int // training steps
	RecordEvery int // period of the recorded measurements, in steps
	EvalBatches int // fresh batches the trained model is measured on
	// AverageFrom > 0 evaluates the mean of the parameters after steps
	// AverageFrom…Steps−1 (Polyak–Ruppert averaging); 0 turns it off.
	AverageFrom int
	Seed        uint64 // seed of the run's random streams
	Replicates  int    // number of replicates, streams (Seed, 0…Replicates−1)
	// Limits raise (or lower) the memory and work a run may need (simulate.Limits;
	// zero: the machine's memory and simulate.DefaultMaxFlops). They change no
	// result; Config refuses a scenario whose estimate exceeds them.
	Limits simulate.Limits
	Output Output
}

// TPM is the augmentation of a scenario: either explicit Rows or a named Family with
// its parameters. Parameters the family does not use are zero.
type TPM struct {
	Rows   [][]float64 // A[k][i] = Pr(view i | source k); nil when Family is set
	Family string      // "" with Rows, else one of Families()
	M      int         // states: identity, uninformative, lazy, dirichlet
	Eps    float64     // lazy: probability of redrawing the view uniformly
	Sizes  []int       // block: block sizes, states numbered block by block
	Within float64     // block: mass kept inside a state's block
	Perm   []int       // permutation: state k's view is perm[k]
	Row    []float64   // uninformative: the common row
	Kappa  float64     // dirichlet: concentration κ
	Seed   uint64      // dirichlet: seed of the draw (package doc)
}

// Output says what a run writes besides its records.
type Output struct {
	Formats []string // figure formats, a subset of Formats(); empty: no figures
	// ReferenceMetrics also computes the reference code's metric_fn at every record
	// (simulate.Config.ReferenceMetrics).
	ReferenceMetrics bool
}

//go:embed default.json
var defaultJSON []byte

// Default returns the paper's toy experiment (docs/theory.md §7, simulate.ToyConfig),
// parsed from the embedded default.json, which is written in the same format as any
// scenario file. Each call returns a fresh copy.
func Default() *Scenario {
	s, err := Parse(defaultJSON)
	if err != nil {
		panic(fmt.Sprintf("scenario: embedded default.json: %v", err)) // a constant; tested
	}
	return s
}

// Parse reads a scenario from JSON data (the format of README.md), fills in defaults
// and validates it. Errors are *Error values naming the field, the value and what was
// expected.
func Parse(data []byte) (*Scenario, error) {
	s, doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, place(err, doc)
	}
	return s, nil
}

// Load reads and parses the scenario file at path; errors name the file.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	s, err := Parse(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = path
			return nil, e
		}
		return nil, fmt.Errorf("scenario: %s: %w", path, err)
	}
	return s, nil
}

// Space returns the feature space (π, A and the labels) of the scenario.
func (s *Scenario) Space() (*feature.Space, error) {
	v, err := s.check()
	if err != nil {
		return nil, err
	}
	var sp *feature.Space
	if s.Labels != nil {
		sp, err = feature.NewLabeledSpace(s.Source, v.tpm, s.Labels)
	} else {
		sp, err = feature.NewSpace(s.Source, v.tpm)
	}
	if err != nil {
		return nil, wrapErr("source", err, "")
	}
	return sp, nil
}

// Config returns the training configuration of replicate r, 0 ≤ r < Replicates. It
// builds a fresh Space each call (O(m³)); to train every replicate, pass Config(0) to
// simulate.Replicates with n = Replicates, which sets Replicate itself. A scenario
// whose estimated memory or work (simulate.Config.Estimate, for Replicates runs one
// after the other) exceeds Limits is refused here, before anything of its size is
// allocated, naming the field to lower.
func (s *Scenario) Config(replicate int) (simulate.Config, error) {
	sp, err := s.Space()
	if err != nil {
		return simulate.Config{}, err
	}
	if replicate < 0 || replicate >= s.Replicates {
		return simulate.Config{}, fieldErr("replicates", "= %d: replicate %d does not exist, want 0 ≤ replicate < %d", s.Replicates, replicate, s.Replicates)
	}
	cfg := s.config(sp, replicate)
	err = cfg.ValidateWithin(s.Limits)
	if err == nil {
		err = cfg.CheckReplicates(s.Replicates, 1, s.Limits)
	}
	if err != nil {
		return simulate.Config{}, fromConfig(err, s.Limits)
	}
	return cfg, nil
}

// config maps the scenario onto a simulate.Config over the space sp.
func (s *Scenario) config(sp *feature.Space, replicate int) simulate.Config {
	m := s.Model
	m.Widths = append([]int(nil), m.Widths...)
	return simulate.Config{
		Space:            sp,
		N:                s.BatchSize,
		Loss:             s.Loss,
		Params:           simulate.LossParams{Tau: s.Tau, Alpha: s.Alpha, Beta: s.Beta},
		Model:            m,
		Opt:              s.Optimizer,
		Steps:            s.Steps,
		RecordEvery:      s.RecordEvery,
		Seed:             s.Seed,
		Replicate:        replicate,
		EvalBatches:      s.EvalBatches,
		AverageFrom:      s.AverageFrom,
		ReferenceMetrics: s.Output.ReferenceMetrics,
	}
}
