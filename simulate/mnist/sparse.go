package mnist

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
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

// gapRowBlock is the number of anchor rows whose logits SupportGap holds at once.
const gapRowBlock = 64

// SupportGap returns the TargetGap of the encoder's population positive-pair
// probability P (as PairProb: P_ij = e^{s_ij}/D_i, D_i = Σ_l (c1_il/q_i + (n−1) q_l)
// e^{s_il}, s = cos/τ over the state embeddings z) against T1 = c1/(c1 + (n−1) q qᵀ)
// over the support of c1 of a sparse space, and the population InfoNCE loss
// Σ_ij c1_ij (log D_i − s_ij). Logits are formed gapRowBlock rows at a time, so memory
// is O(m·d + nnz(c1)) instead of PairProb's m×m. It panics if n < 2, τ ≤ 0 or z does
// not have one row per state.
func SupportGap(s *feature.SparseSpace, z mat.Matrix, tau float64, n int) (TargetGap, float64) {
	if n < 2 || !(tau > 0) {
		panic(fmt.Sprintf("mnist: SupportGap with n = %d, τ = %v", n, tau))
	}
	m := s.Len()
	if r, _ := z.Dims(); r != m {
		panic(fmt.Sprintf("mnist: SupportGap: %d embeddings for %d states", r, m))
	}
	c1 := s.PositiveJoint().(*feature.SparseSym)
	q := s.ViewMarginal()
	rowPtr := make([]int, m+1)
	cols := make([]int32, 0, c1.NNZ())
	vals := make([]float64, 0, c1.NNZ())
	c1.DoNonZero(func(i, j int, v float64) {
		rowPtr[i+1]++
		cols, vals = append(cols, int32(j)), append(vals, v)
	})
	for i := 0; i < m; i++ {
		rowPtr[i+1] += rowPtr[i]
	}
	u := Normalize(z)
	k := float64(n - 1)
	rel, lp, lr := make([]float64, len(vals)), make([]float64, len(vals)), make([]float64, len(vals))
	blocks := chunks.Count(m, gapRowBlock)
	loss := make([]float64, blocks)
	chunks.For(blocks, runtime.GOMAXPROCS(0), func(b int) {
		lo, hi := chunks.Range(b, m, gapRowBlock)
		logits := mat.NewDense(hi-lo, m, nil)
		logits.Mul(u.Slice(lo, hi, 0, u.RawMatrix().Cols), u.T())
		logits.Scale(1/tau, logits)
		for i := lo; i < hi; i++ {
			row := logits.RawRowView(i - lo)
			// D_i = Σ_l (n−1) q_l e^{s_il} + Σ_{l: c1_il > 0} (c1_il/q_i) e^{s_il},
			// shifted by max_l s_il for range.
			mx := math.Inf(-1)
			for _, v := range row {
				mx = math.Max(mx, v)
			}
			var d float64
			for l, v := range row {
				d += k * q[l] * math.Exp(v-mx)
			}
			for p := rowPtr[i]; p < rowPtr[i+1]; p++ {
				d += vals[p] / q[i] * math.Exp(row[cols[p]]-mx)
			}
			logD := mx + math.Log(d)
			for p := rowPtr[i]; p < rowPtr[i+1]; p++ {
				j, c := int(cols[p]), vals[p]
				pij := math.Exp(row[j] - logD)
				rel[p] = math.Abs(pij*(c+k*q[i]*q[j])/c - 1)
				lp[p], lr[p] = math.Log(pij), math.Log(c/(q[i]*q[j]))
				loss[b] += c * (logD - row[j])
			}
		}
	})
	var l float64
	for _, v := range loss {
		l += v
	}
	return TargetGap{Pairs: len(rel), Median: Quantile(rel, 0.5), P90: Quantile(rel, 0.9), LogCorr: stat.Correlation(lp, lr, nil)}, l
}
