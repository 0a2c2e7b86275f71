package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
	"github.com/infonce-lab/infonce-lab/markov"
)

// Bounds of the generated structure.
const (
	MinStates = 2     // smallest m of a generated space
	MaxStates = 8     // largest m of a generated space
	MinBatch  = 2     // smallest N (one positive, one negative per anchor)
	MaxBatch  = 10000 // largest N of GenBatchSize
)

// Kind names a family of augmentation TPMs (see Spec.Build for the construction).
type Kind int

const (
	// KindDirichlet: rows Dirichlet(κ·1), κ ∈ {0.3, 1, 3, 10} drawn from the seed.
	KindDirichlet Kind = iota
	// KindSparse: rows Dirichlet(0.1·1) with entries below SparseCut set to exactly 0,
	// plus a guaranteed path (mass SparsePath on A[k(i)][i] for a source state k(i)) so
	// that every state is reached (q_i > 0); rows renormalised.
	KindSparse
	// KindNearIdentity: markov.Lazy(m, ε), ε log-uniform in [1e-3, 0.2].
	KindNearIdentity
	// KindBlock: markov.Block with 2..m blocks of random sizes and within-block mass
	// uniform in [0.3, 0.99].
	KindBlock
	// KindUninformative: markov.Uninformative(p), p ~ Dirichlet(1): every row equal.
	KindUninformative
	// KindUninformativeOnSupport: rows of source states (π_k > 0) all equal p, the other
	// rows independent Dirichlet(1) draws: uninformative on the support of π only.
	KindUninformativeOnSupport
	// KindIdentity: A = I (needs a source with full support).
	KindIdentity
)

// SparseCut is the threshold below which KindSparse zeroes a Dirichlet(0.1) entry, and
// SparsePath the mass of its guaranteed path entries.
const (
	SparseCut  = 1e-3
	SparsePath = 0.2
)

var kindNames = [...]string{"dirichlet", "sparse", "near-identity", "block", "uninformative", "uninformative-on-support", "identity"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// SourceKind names a family of source distributions π.
type SourceKind int

const (
	// SourceUniform: π_k = 1/m.
	SourceUniform SourceKind = iota
	// SourceDirichlet: π ~ Dirichlet(1·1), full support.
	SourceDirichlet
	// SourcePartial: π ~ Dirichlet(1) on a random proper subset of 1..m−1 states, 0 elsewhere.
	SourcePartial
)

var sourceNames = [...]string{"uniform", "dirichlet", "partial"}

func (k SourceKind) String() string {
	if k >= 0 && int(k) < len(sourceNames) {
		return sourceNames[k]
	}
	return fmt.Sprintf("SourceKind(%d)", int(k))
}

// Kind sets for the generators.
var (
	// AllKinds is every Kind.
	AllKinds = []Kind{KindDirichlet, KindSparse, KindNearIdentity, KindBlock, KindUninformative, KindUninformativeOnSupport, KindIdentity}
	// InformativeKinds are the kinds whose rows differ (on a full-support source).
	InformativeKinds = []Kind{KindDirichlet, KindSparse, KindNearIdentity, KindBlock, KindIdentity}
	// UninformativeKinds are the kinds whose rows are equal on the support of π.
	UninformativeKinds = []Kind{KindUninformative, KindUninformativeOnSupport}
	// AllSources is every SourceKind.
	AllSources = []SourceKind{SourceUniform, SourceDirichlet, SourcePartial}
	// FullSupportSources are the sources with π_k > 0 for every k.
	FullSupportSources = []SourceKind{SourceUniform, SourceDirichlet}
)

// Spec is the small structure a generated feature space is built from: the number of
// states, a seed for math/rand/v2's PCG, the TPM family and the source family. The same
// Spec always builds the same space.
type Spec struct {
	M      int
	Seed   uint64
	Kind   Kind
	Source SourceKind
}

func (sp Spec) String() string {
	return fmt.Sprintf("Spec{M: %d, Seed: %d, Kind: %v, Source: %v}", sp.M, sp.Seed, sp.Kind, sp.Source)
}

// Valid returns an error naming the field when sp cannot be built.
func (sp Spec) Valid() error {
	switch {
	case sp.M < MinStates:
		return fmt.Errorf("proofs: spec with M = %d states: need M ≥ %d", sp.M, MinStates)
	case sp.Kind < 0 || int(sp.Kind) >= len(kindNames):
		return fmt.Errorf("proofs: spec with unknown kind %d", int(sp.Kind))
	case sp.Source < 0 || int(sp.Source) >= len(sourceNames):
		return fmt.Errorf("proofs: spec with unknown source kind %d", int(sp.Source))
	case sp.Kind == KindIdentity && sp.Source == SourcePartial:
		return fmt.Errorf("proofs: spec %v: the identity TPM never reaches a state with π_k = 0; use a full-support source", sp)
	}
	return nil
}

// specStream is the second PCG word, fixed so that Seed alone selects the stream.
const specStream = 0x70726f6f6673 // "proofs"

// Build returns the feature space of sp. The source is drawn first, then the TPM, from
// one PCG stream seeded by (Seed, specStream).
func (sp Spec) Build() (*feature.Space, error) {
	if err := sp.Valid(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(sp.Seed, specStream))
	pi, support, err := buildSource(sp.M, sp.Source, rng)
	if err != nil {
		return nil, err
	}
	a, err := buildTPM(sp.M, sp.Kind, support, rng)
	if err != nil {
		return nil, fmt.Errorf("proofs: %v: %w", sp, err)
	}
	s, err := feature.NewSpace(pi, a)
	if err != nil {
		return nil, fmt.Errorf("proofs: %v: %w", sp, err)
	}
	return s, nil
}

// buildSource returns π and its support (ascending).
func buildSource(m int, kind SourceKind, rng *rand.Rand) ([]float64, []int, error) {
	all := make([]int, m)
	for i := range all {
		all[i] = i
	}
	switch kind {
	case SourceUniform:
		d, err := markov.Uniform(m)
		if err != nil {
			return nil, nil, err
		}
		return d.Values(nil), all, nil
	case SourceDirichlet:
		d, err := markov.RandomDist(m, 1, rng)
		if err != nil {
			return nil, nil, err
		}
		return d.Values(nil), all, nil
	default: // SourcePartial
		r := 1 + rng.IntN(m-1)
		support := rng.Perm(m)[:r]
		slices.Sort(support)
		d, err := markov.RandomDist(r, 1, rng)
		if err != nil {
			return nil, nil, err
		}
		pi := make([]float64, m)
		for i, k := range support {
			pi[k] = d.At(i)
		}
		return pi, support, nil
	}
}

func buildTPM(m int, kind Kind, support []int, rng *rand.Rand) (*markov.TPM, error) {
	switch kind {
	case KindDirichlet:
		kappa := [...]float64{0.3, 1, 3, 10}[rng.IntN(4)]
		return markov.RandomDirichlet(m, kappa, rng)
	case KindSparse:
		return sparseTPM(m, support, rng)
	case KindNearIdentity:
		lo, hi := fplog.Log(1e-3), fplog.Log(0.2)
		return markov.Lazy(m, math.Exp(lo+rng.Float64()*(hi-lo)))
	case KindBlock:
		b := 2 + rng.IntN(m-1) // 2..m blocks
		cuts := rng.Perm(m - 1)[:b-1]
		for i := range cuts {
			cuts[i]++ // cut positions in 1..m−1
		}
		slices.Sort(cuts)
		sizes := make([]int, 0, b)
		prev := 0
		for _, c := range cuts {
			sizes = append(sizes, c-prev)
			prev = c
		}
		sizes = append(sizes, m-prev)
		return markov.Block(sizes, 0.3+0.69*rng.Float64())
	case KindUninformative:
		p, err := markov.RandomDist(m, 1, rng)
		if err != nil {
			return nil, err
		}
		return markov.Uninformative(p), nil
	case KindUninformativeOnSupport:
		p, err := markov.RandomDist(m, 1, rng)
		if err != nil {
			return nil, err
		}
		inSupport := make([]bool, m)
		for _, k := range support {
			inSupport[k] = true
		}
		rows := make([][]float64, m)
		for k := range rows {
			if inSupport[k] {
				rows[k] = p.Values(nil)
				continue
			}
			r, err := markov.RandomDist(m, 1, rng)
			if err != nil {
				return nil, err
			}
			rows[k] = r.Values(nil)
		}
		return markov.New(rows)
	default: // KindIdentity
		return markov.Identity(m)
	}
}

// sparseTPM draws Dirichlet(0.1) rows, zeroes entries below SparseCut, adds SparsePath to
// A[k(i)][i] with k(i) = support[(i+1) mod |support|] so every state i is reached from a
// source state, and renormalises the rows. A row never empties: its largest Dirichlet
// entry is ≥ 1/m > SparseCut.
func sparseTPM(m int, support []int, rng *rand.Rand) (*markov.TPM, error) {
	d, err := markov.RandomDirichlet(m, 0.1, rng)
	if err != nil {
		return nil, err
	}
	rows := d.Rows()
	for _, r := range rows {
		for i, v := range r {
			if v < SparseCut {
				r[i] = 0
			}
		}
	}
	for i := 0; i < m; i++ {
		rows[support[(i+1)%len(support)]][i] += SparsePath
	}
	for _, r := range rows {
		var sum float64
		for _, v := range r {
			sum += v
		}
		for i := range r {
			r[i] /= sum
		}
	}
	return markov.New(rows)
}

// GenSpec returns a generator of valid Specs with M uniform in [MinStates, MaxStates], a
// uniform uint64 seed, and kind and source drawn uniformly from the given lists (nil
// means AllKinds, AllSources; combinations that Valid rejects are discarded). A failing
// Spec shrinks to fewer states (same seed, kind and source), then to a uniform source.
func GenSpec(kinds []Kind, sources []SourceKind) gopter.Gen {
	return GenSpecUpTo(MaxStates, kinds, sources)
}

// GenSpecUpTo is GenSpec with M uniform in [MinStates, maxM] (maxM ≤ MaxStates), e.g.
// the m ≤ 4 that exact enumeration handles; shrinking only lowers M, so it stays in range.
func GenSpecUpTo(maxM int, kinds []Kind, sources []SourceKind) gopter.Gen {
	maxM = min(max(maxM, MinStates), MaxStates)
	if kinds == nil {
		kinds = AllKinds
	}
	if sources == nil {
		sources = AllSources
	}
	kinds = slices.Clone(kinds)
	sources = slices.Clone(sources)
	allowedKind := func(k Kind) bool { return slices.Contains(kinds, k) }
	allowedSource := func(k SourceKind) bool { return slices.Contains(sources, k) }
	sieve := func(v interface{}) bool {
		sp, ok := v.(Spec)
		return ok && sp.M >= MinStates && sp.M <= maxM && allowedKind(sp.Kind) && allowedSource(sp.Source) && sp.Valid() == nil
	}
	return func(p *gopter.GenParameters) *gopter.GenResult {
		sp := Spec{
			M:      MinStates + p.Rng.Intn(maxM-MinStates+1),
			Seed:   p.NextUint64(),
			Kind:   kinds[p.Rng.Intn(len(kinds))],
			Source: sources[p.Rng.Intn(len(sources))],
		}
		r := gopter.NewGenResult(sp, shrinkSpec)
		r.Sieve = sieve
		return r
	}
}

// shrinkSpec proposes the same Spec with M = MinStates, …, M−1, then with a uniform source.
func shrinkSpec(v interface{}) gopter.Shrink {
	sp := v.(Spec)
	var cands []Spec
	for m := MinStates; m < sp.M; m++ {
		c := sp
		c.M = m
		cands = append(cands, c)
	}
	if sp.Source != SourceUniform {
		c := sp
		c.Source = SourceUniform
		cands = append(cands, c)
	}
	i := 0
	return func() (interface{}, bool) {
		if i >= len(cands) {
			return nil, false
		}
		i++
		return cands[i-1], true
	}
}

// GenBatchSize returns a generator of batch sizes N, log-uniform on [MinBatch, MaxBatch]
// (so small and large N are both common), shrinking towards small N.
func GenBatchSize() gopter.Gen { return genLogInt(MinBatch, MaxBatch) }

// GenSmallBatchSize returns a generator of N uniform on [2, 20], where ρ ≥ N−1 (singular
// decoupled fixed points, saturated T1) is common.
func GenSmallBatchSize() gopter.Gen { return gen.IntRange(MinBatch, 20) }

func genLogInt(lo, hi int) gopter.Gen {
	sieve := func(v interface{}) bool { n, ok := v.(int); return ok && n >= lo && n <= hi }
	logRange := fplog.Log(float64(hi) / float64(lo))
	return func(p *gopter.GenParameters) *gopter.GenResult {
		n := int(math.Round(float64(lo) * math.Exp(p.Rng.Float64()*logRange)))
		n = min(hi, max(lo, n))
		r := gopter.NewGenResult(n, gen.IntShrinker)
		r.Sieve = sieve
		return r
	}
}

// GenAlpha returns a generator of SC-InfoNCE scales α uniform on [−1, 3].
func GenAlpha() gopter.Gen { return gen.Float64Range(-1, 3) }

// GenPositiveAlpha returns a generator of α uniform on [0.05, 3].
func GenPositiveAlpha() gopter.Gen { return gen.Float64Range(0.05, 3) }

// GenAttainableAlpha returns a generator of α for β = α − 1 on the attainable line:
// uniform on [0.05, 0.95] (β < 0, so every T2_ij = (αρ_ij − β)/(N−1) > 0 and log T2
// exists), α = 1 exactly (β = 0, T2 = ρ/(N−1)), or uniform on [1, 3] (β ≥ 0: T2_ij > 0
// iff ρ_ij > 1 − 1/α, so the potential form of C20 applies on some spaces and not on
// others, C20PotentialApplies), each a third of the time.
func GenAttainableAlpha() gopter.Gen {
	return gen.OneGenOf(gen.Float64Range(0.05, 0.95), gen.Const(1.0), gen.Float64Range(1, 3))
}

// GenBeta returns a generator of SC-InfoNCE biases β uniform on [−1, 2].
func GenBeta() gopter.Gen { return gen.Float64Range(-1, 2) }

// GenShift returns a generator of constants added to every logit, uniform on [−20, 20].
func GenShift() gopter.Gen { return gen.Float64Range(-20, 20) }

// GenLogScale returns a generator of log M for the scale M of e^{s} = Mρ, uniform on
// [−30, 30].
func GenLogScale() gopter.Gen { return gen.Float64Range(-30, 30) }

// GenStep returns a generator of parameter increments δ uniform on [0.01, 1].
func GenStep() gopter.Gen { return gen.Float64Range(0.01, 1) }
