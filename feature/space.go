package feature

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

// Space is an immutable explicit feature space: a source law π, an augmentation TPM A
// and the pair statistics they induce, computed once by NewSpace.
type Space struct {
	src    *markov.Dist
	aug    *markov.TPM
	labels []string
	q      []float64
	c1     *mat.SymDense // upper triangle of Aᵀ diag(π) A; c2 = q qᵀ is not stored
	pass   *targetPass   // state of the row-parallel target passes (targetpass.go)
}

// UnreachableError names a state that no view ever reaches: q_i = 0, so ρ_i· is undefined.
type UnreachableError struct {
	State int
	Label string
}

func (e *UnreachableError) Error() string {
	name := fmt.Sprint(e.State)
	if e.Label != "" {
		name += fmt.Sprintf(" (%q)", e.Label)
	}
	return fmt.Sprintf("feature: state %s is never reached by a view (q_%d = πA_%d = 0), so its density ratio is undefined; drop it from the space", name, e.State, e.State)
}

// NewSpace validates source as a probability vector over aug's states and computes the
// pair statistics. It refuses a state with q_i = 0.
func NewSpace(source []float64, aug *markov.TPM) (*Space, error) {
	if aug == nil {
		return nil, fmt.Errorf("feature: nil augmentation TPM")
	}
	src, err := markov.NewDist(source)
	if err != nil {
		return nil, fmt.Errorf("feature: source distribution: %w", err)
	}
	return newSpace(src, aug, nil)
}

// NewLabeledSpace is NewSpace with a name for each state (used in figures and errors).
func NewLabeledSpace(source []float64, aug *markov.TPM, labels []string) (*Space, error) {
	if aug == nil {
		return nil, fmt.Errorf("feature: nil augmentation TPM")
	}
	if len(labels) != aug.Len() {
		return nil, fmt.Errorf("feature: %d labels for %d states", len(labels), aug.Len())
	}
	src, err := markov.NewDist(source)
	if err != nil {
		return nil, fmt.Errorf("feature: source distribution: %w", err)
	}
	return newSpace(src, aug, append([]string(nil), labels...))
}

func newSpace(src *markov.Dist, aug *markov.TPM, labels []string) (*Space, error) {
	s := new(Space)
	if err := withWork(func(w *SpaceWorkspace) error { return s.set(src, aug, labels, w) }); err != nil {
		return nil, err
	}
	return s, nil
}

// Len returns the number of states m.
func (s *Space) Len() int { return len(s.q) }

// Source returns a copy of π.
func (s *Space) Source() []float64 { return s.src.Values(nil) }

// Augmentation returns the TPM A (immutable, so shared).
func (s *Space) Augmentation() *markov.TPM { return s.aug }

// Label returns the name of state i: its label, or its index.
func (s *Space) Label(i int) string {
	if s.labels != nil {
		return s.labels[i]
	}
	return fmt.Sprint(i)
}

// ViewMarginal returns q = πA, the law of one view.
func (s *Space) ViewMarginal() []float64 { return append([]float64(nil), s.q...) }

// PositiveJoint returns c1 = Aᵀ diag(π) A, the joint law of the two views of one source.
func (s *Space) PositiveJoint() mat.Matrix { return copySym(s.c1) }

// NegativeJoint returns c2 = q qᵀ, the joint law of views of two independent sources.
func (s *Space) NegativeJoint() mat.Matrix {
	m := s.Len()
	c2 := mat.NewSymDense(m, nil)
	raw := c2.RawSymmetric()
	for i, qi := range s.q {
		row := raw.Data[i*raw.Stride : i*raw.Stride+m]
		for j := i; j < m; j++ {
			row[j] = qi * s.q[j]
		}
	}
	return c2
}

func copySym(a *mat.SymDense) *mat.SymDense {
	c := mat.NewSymDense(a.SymmetricDim(), nil)
	c.CopySym(a)
	return c
}

// DensityRatio returns ρ = c1/c2 entrywise (finite: every q_i > 0).
func (s *Space) DensityRatio() mat.Matrix {
	m := s.Len()
	rho := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			rho.SetSym(i, j, s.rho(i, j))
		}
	}
	return rho
}

// MutualInformation returns I(V1;V2) = Σ_ij c1_ij log ρ_ij in nats (terms with c1_ij = 0
// are 0).
func (s *Space) MutualInformation() float64 {
	m := s.Len()
	var sum float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c := s.c1.At(i, j)
			if c > 0 {
				sum += c * math.Log(c/(s.q[i]*s.q[j]))
			}
		}
	}
	return sum
}
