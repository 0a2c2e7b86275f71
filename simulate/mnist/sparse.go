package mnist

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// SparseSpace returns the feature space of Â stored on the support of c1
// (feature.SparseSpace, docs/theory.md §11), with the uniform source law: the memory
// path for large m, where Space's dense m×m matrices (TPM, c1, c2) do not fit. A state
// no view reached gives a *feature.UnreachableError carrying labels[state] (labels may
// be nil).
func (e *Estimate) SparseSpace(labels []string) (*feature.SparseSpace, error) {
	m := e.Len()
	if labels != nil && len(labels) != m {
		return nil, fmt.Errorf("mnist: %d labels for %d states", len(labels), m)
	}
	var entries []markov.Triplet
	for k, row := range e.rows {
		for _, c := range row {
			entries = append(entries, markov.Triplet{Row: k, Col: int(c.State), Value: float64(c.N) / float64(e.R)})
		}
	}
	t, err := markov.NewSparse(m, entries)
	if err != nil {
		return nil, err
	}
	sp, err := feature.NewSparseSpace(uniform(m), t)
	var un *feature.UnreachableError
	if errors.As(err, &un) && labels != nil {
		un.Label = labels[un.State]
	}
	return sp, err
}

// SupportGap returns the TargetGap of the encoder's population positive-pair
// probability P (as PairProb: P_ij = e^{s_ij}/D_i, D_i = Σ_l (c1_il/q_i + (n−1) q_l)
// e^{s_il}, s = cos/τ over the state embeddings z) against T1 = c1/(c1 + (n−1) q qᵀ)
// over the support of c1 of a sparse space, and the population InfoNCE loss
// Σ_ij c1_ij (log D_i − s_ij): SupportProb then SupportTargetGap, in memory
// O(m·d + nnz(c1)) instead of PairProb's m×m. It panics if n < 2, τ ≤ 0 or z does
// not have one row per state.
func SupportGap(s *feature.SparseSpace, z mat.Matrix, tau float64, n int) (TargetGap, float64) {
	if n < 2 || !(tau > 0) {
		panic(fmt.Sprintf("mnist: SupportGap with n = %d, τ = %v", n, tau))
	}
	sup := s.Support()
	if r, _ := z.Dims(); r != sup.Len() {
		panic(fmt.Sprintf("mnist: SupportGap: %d embeddings for %d states", r, sup.Len()))
	}
	p, loss := SupportProb(sup, z, tau, n)
	return SupportTargetGap(sup, p, n), loss
}
