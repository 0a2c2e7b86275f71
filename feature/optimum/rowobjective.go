package optimum

import (
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// rowBlock is the number of anchor rows whose logits one task of rowObjective forms.
const rowBlock = 64

// rowObjective is the population InfoNCE loss (feature.Space.InfoNCEPopulationLoss) or
// SC-InfoNCE potential (feature.Space.SCPopulationPotential) of the logits
// s_ij = u_i·u_j/τ, computed from c1's support a block of rowBlock anchor rows at a
// time: memory O(m·d + nnz(c1) + workers·rowBlock·m) instead of the four m×m matrices of
// the m×m evaluation (the tests' denseObjective), so the level-2 optimum fits at m = 10 000 (0.8 GB per m×m matrix).
//
// Bits. With gonum's BLAS every number is computed by the same operations in the same
// order as the m×m evaluation on the same c1, so both give identical results
// (TestRowObjectiveExact; OpenBLAS orders a dot product's sum by its own blocking):
// s_ij = (1/τ)·floats.Dot(u_i, u_j) is SYRK's entry (gonum's Dsyrk forms each entry as
// alpha·DotUnitary, and a dot product is symmetric in its arguments, products
// commuting and lanes following the index); the normaliser of row i (log D_i, log Z_i)
// is logWeightedSumExp's loop; the objective is one running sum over the rows in
// order, the terms of a wave of row blocks being formed in parallel and then added in
// row order; ∂f/∂u_i = Σ_j v_ij u_j, v_ij = (g_ij + g_ji)/τ, is accumulated over j
// ascending by the axpy gonum's Dgemm uses (skipping v_ij = 0 as it does), with g_ji
// formed from row j's normaliser by row j's formula. It is not safe for concurrent use.
type rowObjective struct {
	sup         *feature.Support
	q           []float64
	tau, k      float64 // k = n − 1
	sc          bool    // SC potential (else InfoNCE)
	alpha, beta float64 // SC's scale and bias
	workers     int

	norm   []float64 // N_i: log D_i (InfoNCE) or log Z_i (SC) at cached
	loss   float64   // f at cached
	cached []float64 // the u (row-major) of norm and loss; nil: none
	slots  []rowScratch
}

// rowScratch is one task's scratch: a row of logits, of c1 and of weights (length m),
// and the objective's terms of its block in order.
type rowScratch struct {
	s, c, w, terms []float64
}

func newRowObjective(sup *feature.Support, tau float64, n int, sc bool, alpha, beta float64) *rowObjective {
	m := sup.Len()
	w := runtime.GOMAXPROCS(0)
	o := &rowObjective{sup: sup, q: sup.ViewMarginal(), tau: tau, k: float64(n - 1), sc: sc, alpha: alpha, beta: beta, workers: w,
		norm: make([]float64, m), slots: make([]rowScratch, w)}
	for i := range o.slots {
		o.slots[i] = rowScratch{s: make([]float64, m), c: make([]float64, m), w: make([]float64, m)}
	}
	return o
}

// load fills sc.s with row i's logits and sc.c with row i's c1 (zero off the support;
// the caller clears it with unload).
func (o *rowObjective) load(sc *rowScratch, u *mat.Dense, i int) {
	raw := u.RawMatrix()
	ui := u.RawRowView(i)
	alpha := 1 / o.tau
	for l := range sc.s {
		sc.s[l] = alpha * floats.Dot(ui, raw.Data[l*raw.Stride:l*raw.Stride+raw.Cols])
	}
	cols, c1, _ := o.sup.Row(i)
	for p, j := range cols {
		sc.c[j] = c1[p]
	}
}

func (o *rowObjective) unload(sc *rowScratch, i int) {
	cols, _, _ := o.sup.Row(i)
	for _, j := range cols {
		sc.c[j] = 0
	}
}

// normalise returns row i's normaliser and appends its objective terms to sc.terms,
// rows loaded: InfoNCE, log D_i with D_i = Σ_l (c1_il/q_i + k q_l) e^{s_il}, and the
// terms c1_ij (log D_i − s_ij) for c1_ij ≠ 0; SC, log Z_i with Z_i = Σ_l q_l e^{s_il},
// and the terms q_i log Z_i, then (β q_i q_j − α c1_ij) s_ij for every j.
func (o *rowObjective) normalise(sc *rowScratch, i int) float64 {
	qi := o.q[i]
	if o.sc {
		logZ := logWeightedSumExp(sc.s, o.q)
		sc.terms = append(sc.terms, qi*logZ)
		for j, sij := range sc.s {
			c1, c2 := sc.c[j], qi*o.q[j]
			sc.terms = append(sc.terms, (o.beta*c2-o.alpha*c1)*sij)
		}
		return logZ
	}
	for l := range sc.w {
		sc.w[l] = sc.c[l]/qi + o.k*o.q[l]
	}
	logD := logWeightedSumExp(sc.s, sc.w)
	cols, c1, _ := o.sup.Row(i)
	for p, j := range cols {
		if c := c1[p]; c != 0 {
			sc.terms = append(sc.terms, c*(logD-sc.s[j]))
		}
	}
	return logD
}

// logWeightedSumExp returns log Σ_l w_l e^{s_l} over the l with w_l > 0, shifted by
// their largest s_l (feature's loop, in the same order).
func logWeightedSumExp(s, w []float64) float64 {
	mx := math.Inf(-1)
	for l, v := range s {
		if w[l] > 0 {
			mx = math.Max(mx, v)
		}
	}
	var sum float64
	for l, v := range s {
		if w[l] > 0 {
			sum += w[l] * math.Exp(v-mx)
		}
	}
	return mx + math.Log(sum)
}

// prob returns P_ij from s_ij and row i's normaliser: e^{s_ij − log D_i} (InfoNCE),
// e^{s_ij − log Z_i}/k (SC).
func (o *rowObjective) prob(sij, ni float64) float64 {
	if o.sc {
		return math.Exp(sij-ni) / o.k
	}
	return math.Exp(sij - ni)
}

// grad returns g_ij = ∂f/∂s_ij from c = c1_ij, s_ij and row i's normaliser:
// (c + k q_i q_j) P_ij − c (InfoNCE), k q_i q_j P_ij + β q_i q_j − α c (SC).
func (o *rowObjective) grad(i, j int, c, sij, ni float64) float64 {
	qi := o.q[i]
	if o.sc {
		c2 := qi * o.q[j]
		return o.k*c2*o.prob(sij, ni) + o.beta*c2 - o.alpha*c
	}
	return (c+o.k*qi*o.q[j])*o.prob(sij, ni) - c
}

// prepare computes every row's normaliser and f at u, unless u is the cached point.
func (o *rowObjective) prepare(u *mat.Dense) {
	raw := u.RawMatrix()
	m := o.sup.Len()
	if o.cached != nil && floats.Equal(o.cached, raw.Data[:m*raw.Cols]) && raw.Stride == raw.Cols {
		return
	}
	o.cached = nil
	blocks := chunks.Count(m, rowBlock)
	var f float64
	for b0 := 0; b0 < blocks; b0 += o.workers {
		n := min(o.workers, blocks-b0)
		chunks.For(n, n, func(c int) {
			sc := &o.slots[c]
			sc.terms = sc.terms[:0]
			lo, hi := chunks.Range(b0+c, m, rowBlock)
			for i := lo; i < hi; i++ {
				o.load(sc, u, i)
				o.norm[i] = o.normalise(sc, i)
				o.unload(sc, i)
			}
		})
		for c := 0; c < n; c++ {
			for _, t := range o.slots[c].terms {
				f += t
			}
		}
	}
	o.loss = f
	if raw.Stride == raw.Cols {
		o.cached = append(o.cached[:0], raw.Data[:m*raw.Cols]...)
	}
}

// forRows runs fn on every row with its logits and c1 loaded, in parallel over blocks.
func (o *rowObjective) forRows(u *mat.Dense, fn func(sc *rowScratch, i int)) {
	m := o.sup.Len()
	blocks := chunks.Count(m, rowBlock)
	for b0 := 0; b0 < blocks; b0 += o.workers {
		n := min(o.workers, blocks-b0)
		chunks.For(n, n, func(c int) {
			sc := &o.slots[c]
			lo, hi := chunks.Range(b0+c, m, rowBlock)
			for i := lo; i < hi; i++ {
				o.load(sc, u, i)
				fn(sc, i)
				o.unload(sc, i)
			}
		})
	}
}

func (o *rowObjective) eval(gu, u *mat.Dense) float64 {
	o.prepare(u)
	if gu != nil {
		raw := u.RawMatrix()
		o.forRows(u, func(sc *rowScratch, i int) {
			dst := gu.RawRowView(i)
			clear(dst)
			for l, sil := range sc.s {
				c := sc.c[l]
				v := (o.grad(i, l, c, sil, o.norm[i]) + o.grad(l, i, c, sil, o.norm[l])) / o.tau
				if v != 0 {
					floats.AddScaled(dst, v, raw.Data[l*raw.Stride:l*raw.Stride+raw.Cols])
				}
			}
		})
	}
	return o.loss
}

func (o *rowObjective) probTo(dst, u *mat.Dense) float64 {
	o.prepare(u)
	o.forRows(u, func(sc *rowScratch, i int) {
		row := dst.RawRowView(i)
		for j, sij := range sc.s {
			row[j] = o.prob(sij, o.norm[i])
		}
	})
	return o.loss
}

// supportProb returns P on c1's support (Support order) and f at u.
func (o *rowObjective) supportProb(u *mat.Dense) ([]float64, float64) {
	o.prepare(u)
	out := make([]float64, o.sup.NNZ())
	o.forRows(u, func(sc *rowScratch, i int) {
		cols, _, off := o.sup.Row(i)
		for p, j := range cols {
			out[off+p] = o.prob(sc.s[j], o.norm[i])
		}
	})
	return out, o.loss
}

// SupportProb returns the population InfoNCE positive-pair probability
// P_ij = e^{s_ij}/D_i of the unit embeddings u (m×d rows, s = u_i·u_j/τ, D_i of
// feature.Space.InfoNCEPopulationLoss for batch size n) on the support of c1, in
// Support order, and the population loss, a block of rows of logits at a time
// (memory O(m·d + nnz(c1))). On a Space's Support its numbers are those of
// InfoNCEPopulationLoss on the logits (1/τ)·UUᵀ, bit for bit (rowObjective). It panics
// if n < 2, τ is not a finite positive number or u does not have one row per state.
func SupportProb(sup *feature.Support, u *mat.Dense, tau float64, n int) ([]float64, float64) {
	if err := feature.CheckBatchSize(n); err != nil {
		panic(err.Error())
	}
	if !(tau > 0) || math.IsInf(tau, 1) {
		panic(fmt.Sprintf("optimum: SupportProb with τ = %v", tau))
	}
	if r, _ := u.Dims(); r != sup.Len() {
		panic(fmt.Sprintf("optimum: SupportProb: %d embeddings for %d states", r, sup.Len()))
	}
	return newRowObjective(sup, tau, n, false, 0, 0).supportProb(u)
}
