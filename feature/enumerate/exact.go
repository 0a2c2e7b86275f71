package enumerate

import (
	"fmt"
	"math"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/mat"
)

// Exact holds what the exact expectations over batches of one space and batch size
// share: the view law q, the positive joint c1 and the law of the negatives' counts
// (Negatives). It is immutable and safe for concurrent use.
type Exact struct {
	space *feature.Space
	n, m  int
	q     []float64
	c1    []float64 // m×m row-major
	neg   *Negatives
}

// New prepares the exact expectations for n sources per batch on s. It returns the
// errors of CheckSize.
func New(s *feature.Space, n int) (*Exact, error) {
	m := s.Len()
	if err := CheckSize(m, n); err != nil {
		return nil, err
	}
	q := s.ViewMarginal()
	neg, err := NewNegatives(q, n-1)
	if err != nil {
		return nil, err
	}
	c1 := make([]float64, m*m)
	pj := s.PositiveJoint()
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c1[i*m+j] = pj.At(i, j)
		}
	}
	return &Exact{space: s, n: n, m: m, q: q, c1: c1, neg: neg}, nil
}

func mustNew(s *feature.Space, n int) *Exact {
	e, err := New(s, n)
	if err != nil {
		panic(err)
	}
	return e
}

// Space returns the feature space.
func (e *Exact) Space() *feature.Space { return e.space }

// BatchSize returns N, the number of sources per batch.
func (e *Exact) BatchSize() int { return e.n }

// Negatives returns the law of the negatives' counts.
func (e *Exact) Negatives() *Negatives { return e.neg }

// rowExp writes x_l = s_il − max_l s_il into x and e^{x_l} into ex, and returns the
// largest |x_l| (the row's spread).
func (e *Exact) rowExp(x, ex []float64, logits mat.Matrix, i int) float64 {
	mx := math.Inf(-1)
	for l := range x {
		mx = math.Max(mx, logits.At(i, l))
	}
	var spread float64
	for l := range x {
		x[l] = logits.At(i, l) - mx
		ex[l] = math.Exp(x[l])
		spread = math.Max(spread, -x[l])
	}
	return spread
}

func (e *Exact) checkShape(logits mat.Matrix, out *mat.Dense) {
	if r, c := logits.Dims(); r != e.m || c != e.m {
		panic(fmt.Sprintf("enumerate: %d×%d logits in a %d-state space", r, c, e.m))
	}
	if out == nil {
		return
	}
	if r, c := out.Dims(); r != e.m || c != e.m {
		panic(fmt.Sprintf("enumerate: %d×%d output in a %d-state space", r, c, e.m))
	}
}

// dense returns dst, or a new m×m matrix when dst is nil.
func (e *Exact) dense(dst *mat.Dense) *mat.Dense {
	if dst == nil {
		return mat.NewDense(e.m, e.m, nil)
	}
	return dst
}
