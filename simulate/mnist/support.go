package mnist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
)

// The measurements on c1's support (feature.Support): PairProb, GapToTarget and RelGap
// read only the pairs with c1_ij > 0, so the functions below take P on the support
// (Support order: row by row, columns increasing) and stream the logits a block of rows
// at a time: memory O(m·d + nnz(c1)), where the m×m versions hold two m×m matrices
// (0.8 GB each at m = 10 000).

// SupportProb returns the encoder's population positive-pair probability P_ij =
// e^{s_ij}/D_i (as PairProb: s = cos/τ over the state embeddings z, D_i of
// feature.Space.InfoNCEPopulationLoss for n sources per batch) on the support of c1,
// and the population loss, without an m×m matrix (optimum.SupportProb). For
// embeddings of width d ≤ 64 (gonum's GEMM block, so PairProb's logits are single dot
// products) its numbers are PairProb's bit for bit. It panics if n < 2, τ ≤ 0 or z
// does not have one row per state.
func SupportProb(sup *feature.Support, z mat.Matrix, tau float64, n int) ([]float64, float64) {
	if r, _ := z.Dims(); r != sup.Len() {
		panic(fmt.Sprintf("mnist: SupportProb: %d embeddings for %d states", r, sup.Len()))
	}
	return optimum.SupportProb(sup, Normalize(z), tau, n)
}

// SupportTargetGap returns the TargetGap (GapToTarget) of a probability given on the
// support of c1 against T1(n) = c1/(c1 + (n−1) q qᵀ). T1 and ρ are formed as Space's
// InfoNCETarget and DensityRatio form them (from the upper-triangle entry, q of the
// smaller index first), so on a Space's support the result is GapToTarget's bit for
// bit. It panics if prob is not one number per stored pair or n < 2.
func SupportTargetGap(sup *feature.Support, prob []float64, n int) TargetGap {
	if err := feature.CheckBatchSize(n); err != nil {
		panic(err.Error())
	}
	if len(prob) != sup.NNZ() {
		panic(fmt.Sprintf("mnist: SupportTargetGap: %d probabilities for %d pairs", len(prob), sup.NNZ()))
	}
	k := float64(n - 1)
	q := sup.ViewMarginal()
	rel, lp, lr := make([]float64, len(prob)), make([]float64, len(prob)), make([]float64, len(prob))
	for i := 0; i < sup.Len(); i++ {
		cols, c1, off := sup.Row(i)
		for p, j := range cols {
			a, b := min(i, int(j)), max(i, int(j))
			c, pij := c1[p], prob[off+p]
			rel[off+p] = math.Abs(pij/(c/(c+k*q[a]*q[b])) - 1)
			lp[off+p], lr[off+p] = math.Log(pij), math.Log(c/(q[a]*q[b]))
		}
	}
	return TargetGap{Pairs: len(rel), Median: Quantile(rel, 0.5), P90: Quantile(rel, 0.9), LogCorr: stat.Correlation(lp, lr, nil)}
}

// SupportRelGap returns the median and 90th percentile of |P_ij/Q_ij − 1| over the
// pairs of a support (RelGap), P and Q given on it. It panics if the lengths differ.
func SupportRelGap(p, q []float64) (median, p90 float64) {
	if len(p) != len(q) {
		panic(fmt.Sprintf("mnist: SupportRelGap of %d and %d probabilities", len(p), len(q)))
	}
	rel := make([]float64, len(p))
	for k := range p {
		rel[k] = math.Abs(p[k]/q[k] - 1)
	}
	return Quantile(rel, 0.5), Quantile(rel, 0.9)
}

// OnSupport returns the entries of the m×m matrix a on the support of c1, in Support
// order.
func OnSupport(sup *feature.Support, a mat.Matrix) []float64 {
	out := make([]float64, sup.NNZ())
	for i := 0; i < sup.Len(); i++ {
		cols, _, off := sup.Row(i)
		for p, j := range cols {
			out[off+p] = a.At(i, int(j))
		}
	}
	return out
}
