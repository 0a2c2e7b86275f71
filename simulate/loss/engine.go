package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

const (
	// normEps bounds the norm used to normalise a row: û = z / max(‖z‖, normEps), the
	// convention of torch.nn.functional.normalize. A row shorter than normEps (a zero
	// row in particular) is divided by normEps, so its cosines are ≈ 0 and its
	// gradient is the plain g/normEps of that linear map.
	normEps = 1e-12
	// Work partition of a row phase: the 4-row anchor blocks are cut into
	// min(maxChunks, ⌈blocks/minBlocks⌉) chunks of equal size (the last one smaller),
	// so at most minBlocks blocks a chunk unless maxChunks caps the count; it is a
	// function of n alone, so the order of every sum is the same for any number of workers.
	maxChunks = 8
	minBlocks = 8
	// fixedShiftMinTau: for τ ≥ 2/700 the cosine bound S ≤ 1/τ is used as the
	// log-sum-exp shift (every exponent then lies in [−2/τ, 0] ⊂ [−700, 0]: no
	// overflow, no flush); below it the row maximum is computed.
	fixedShiftMinTau = 2.0 / 700
)

// run is one similarity matrix S_ij = a_i·b_j with a = û_anchor/τ and b = û_candidate,
// processed row block by row block: S rows, exponentials and row sums, the per-row
// rule, then the gradient rows gA_i = Σ_j G_ij b_j and per-chunk partial column sums
// of gB_j = Σ_i G_ij a_i, reduced in chunk order afterwards.
type run struct {
	rule   rule
	rp     ruleParams
	posOff int  // positive of anchor i at column (i+posOff) mod nB; < 0: none
	mask   bool // column i is anchor i itself and is ignored
	tau    float64

	nA, nB, dp, nAp, nBp int
	nChunks, bpc         int
	grad                 bool

	a, bt, colB []float64
	b           []float64 // nB×dp candidate rows (a reference to the owner's unit rows)

	loss, cNeg, cConst, gPos []float64
	gA, gB, wc               []float64
	hasConst                 bool
	ch                       []chunkBuf
}

type chunkBuf struct{ s, acc, w, part []float64 }

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// resize sets the shape and grows the buffers (no allocation when they suffice).
func (r *run) resize(nA, nB, d int, grad bool) {
	r.nA, r.nB, r.grad = nA, nB, grad
	r.dp = roundUp(d, 4)
	r.nAp = roundUp(nA, 4)
	r.nBp = roundUp(nB, 16)
	blocks := r.nAp / 4
	c := min(maxChunks, max(1, (blocks+minBlocks-1)/minBlocks))
	r.bpc = (blocks + c - 1) / c
	r.nChunks = (blocks + r.bpc - 1) / r.bpc
	dp, nBp := r.dp, r.nBp
	r.a = grow(r.a, r.nAp*dp)
	r.bt = grow(r.bt, dp*nBp)
	r.colB = grow(r.colB, dp)
	r.loss = grow(r.loss, nA)
	r.cNeg = grow(r.cNeg, nA)
	r.cConst = grow(r.cConst, nA)
	r.gPos = grow(r.gPos, nA)
	r.wc = grow(r.wc, dp)
	if grad {
		r.gA = grow(r.gA, nA*dp)
		r.gB = grow(r.gB, nB*dp)
	}
	for len(r.ch) < r.nChunks {
		r.ch = append(r.ch, chunkBuf{})
	}
	for c := 0; c < r.nChunks; c++ {
		cb := &r.ch[c]
		cb.s = grow(cb.s, 4*nBp)
		cb.acc = grow(cb.acc, 4*dp)
		cb.w = grow(cb.w, 4*dp)
		if grad {
			cb.part = grow(cb.part, dp*nBp)
		}
	}
}

// setAnchors sets a = u/τ from unit rows u (nA×dp), zero on the padding rows.
func (r *run) setAnchors(u []float64) {
	inv := 1 / r.tau
	n := r.nA * r.dp
	for i, v := range u[:n] {
		r.a[i] = v * inv
	}
	clear(r.a[n:])
}

// setCandidates sets b = u (nB×dp unit rows), its transpose and its column sum.
func (r *run) setCandidates(u []float64) {
	dp, nBp := r.dp, r.nBp
	r.b = u[:r.nB*dp]
	clear(r.colB)
	for j := 0; j < r.nB; j++ {
		row := u[j*dp : (j+1)*dp]
		for k, v := range row {
			r.bt[k*nBp+j] = v
			r.colB[k] += v
		}
	}
	for k := 0; k < dp; k++ {
		clear(r.bt[k*nBp+r.nB : (k+1)*nBp])
	}
}

// rowTask processes the anchor blocks of chunk c.
func (r *run) rowTask(c int) {
	cb := &r.ch[c]
	dp, nBp := r.dp, r.nBp
	b0, b1 := c*r.bpc, min((c+1)*r.bpc, r.nAp/4)
	if r.grad {
		clear(cb.part)
	}
	for blk := b0; blk < b1; blk++ {
		i0 := 4 * blk
		kernels.MulRows4(cb.s, nBp, r.a[i0*dp:], dp, r.bt, nBp, nBp)
		for q := 0; q < 4; q++ {
			row := cb.s[q*nBp : (q+1)*nBp]
			w := cb.w[q*dp : (q+1)*dp]
			if i0+q >= r.nA {
				clear(row)
				clear(w)
				continue
			}
			clear(row[r.nB:])
			r.anchorRow(i0+q, row[:r.nB], w)
		}
		if !r.grad {
			continue
		}
		kernels.MulRowsT4(cb.acc, cb.s, nBp, r.bt, nBp, dp, nBp)
		for q := 0; q < 4 && i0+q < r.nA; q++ {
			i := i0 + q
			r.finishRowGrad(i, cb.acc[q*dp:(q+1)*dp], r.gA[i*dp:(i+1)*dp])
		}
		kernels.AddOuter4(cb.part, nBp, cb.s, nBp, cb.w, dp, nBp)
	}
}

// excluded returns the positive and self columns of anchor i (−1 when absent).
func (r *run) excluded(i int) (p, m int) {
	p, m = -1, -1
	if r.posOff >= 0 {
		p = (i + r.posOff) % r.nB
	}
	if r.mask {
		m = i
	}
	return p, m
}

// anchorRow turns the logits of anchor i in row into exponentials of the negatives
// (zero at the positive and self columns), applies the rule and, for gradients,
// sets w = cNeg·a_i.
func (r *run) anchorRow(i int, row, w []float64) {
	p, m := r.excluded(i)
	var in rowIn
	if p >= 0 {
		in.sPos = row[p]
	}
	if r.tau >= fixedShiftMinTau {
		in.shift = 1 / r.tau
	} else {
		skip := -1
		if r.rule.decoupled() {
			skip = p
		}
		in.shift = rowMax(row, skip, m)
	}
	if r.rule.usesSum() {
		// Σ_neg S = a_i·Σ_j b_j − S_pos − S_self (d terms instead of n).
		ai := r.a[i*r.dp : (i+1)*r.dp]
		s := 0.0
		for k, v := range ai {
			s += v * r.colB[k]
		}
		if p >= 0 {
			s -= row[p]
		}
		if m >= 0 {
			s -= row[m]
		}
		in.sumNeg = s
	}
	if p >= 0 {
		in.ePos = kernels.Exp(in.sPos - in.shift)
	}
	in.zNeg = expExcept(row, p, m, in.shift)
	if p >= 0 {
		row[p] = 0
	}
	if m >= 0 {
		row[m] = 0
	}
	o := r.rule.apply(in, r.rp)
	r.loss[i], r.cNeg[i], r.cConst[i], r.gPos[i] = o.loss, o.cNeg, o.cConst, o.gPos
	if r.grad {
		ai := r.a[i*r.dp : (i+1)*r.dp]
		for k, v := range ai {
			w[k] = o.cNeg * v
		}
	}
}

// rowMax returns the largest entry of row outside the columns skip and m (−1: none).
func rowMax(row []float64, skip, m int) float64 {
	mx := math.Inf(-1)
	for j, v := range row {
		if v > mx && j != skip && j != m {
			mx = v
		}
	}
	return mx
}

// expExcept replaces row[j] by exp(row[j] − shift) outside columns p and m (−1: none)
// and returns the sum of those exponentials, segment by segment in column order.
func expExcept(row []float64, p, m int, shift float64) float64 {
	lo, hi := p, m
	if lo > hi {
		lo, hi = hi, lo
	}
	z, start := 0.0, 0
	for _, x := range [2]int{lo, hi} {
		if x < 0 {
			continue
		}
		z += kernels.ExpSum(row[start:x], row[start:x], shift)
		start = x + 1
	}
	return z + kernels.ExpSum(row[start:], row[start:], shift)
}

// finishRowGrad writes gA_i = cNeg·Σ_neg e_j b_j + cConst·Σ_neg b_j + gPos·b_pos.
func (r *run) finishRowGrad(i int, acc, dst []float64) {
	p, m := r.excluded(i)
	cn, cc, gp := r.cNeg[i], r.cConst[i], r.gPos[i]
	for k := range dst {
		dst[k] = cn * acc[k]
	}
	if cc != 0 {
		for k := range dst {
			v := r.colB[k]
			if p >= 0 {
				v -= r.b[p*r.dp+k]
			}
			if m >= 0 {
				v -= r.b[m*r.dp+k]
			}
			dst[k] += cc * v
		}
	}
	if p >= 0 {
		bp := r.b[p*r.dp : (p+1)*r.dp]
		for k, v := range bp {
			dst[k] += gp * v
		}
	}
}

// finishRows returns (1/anchors)·Σ_i ℓ_i in index order and prepares the constant
// column term wc = Σ_i cConst_i a_i.
func (r *run) finishRows() float64 {
	s := 0.0
	for _, v := range r.loss[:r.nA] {
		s += v
	}
	r.hasConst = false
	if r.grad {
		clear(r.wc)
		for i, c := range r.cConst[:r.nA] {
			if c == 0 {
				continue
			}
			r.hasConst = true
			ai := r.a[i*r.dp : (i+1)*r.dp]
			for k, v := range ai {
				r.wc[k] += c * v
			}
		}
	}
	return s * r.rp.inv
}

// span returns the part [j0, j1) of [0, n) handled by column task t of r.nChunks.
func (r *run) span(t, n int) (int, int) {
	per := (n + r.nChunks - 1) / r.nChunks
	return min(t*per, n), min((t+1)*per, n)
}

// colRange writes gB_j = Σ_i G_ij a_i for j in [j0, j1): the chunk partials summed in
// chunk order, then the constant and positive terms.
func (r *run) colRange(j0, j1 int) {
	dp, nBp := r.dp, r.nBp
	g := r.gB[j0*dp : j1*dp]
	clear(g)
	for c := 0; c < r.nChunks; c++ {
		part := r.ch[c].part
		for k := 0; k < dp; k++ {
			col := part[k*nBp+j0 : k*nBp+j1]
			for jj, v := range col {
				g[jj*dp+k] += v
			}
		}
	}
	for j := j0; j < j1; j++ {
		gj := r.gB[j*dp : (j+1)*dp]
		if r.hasConst {
			for k := range gj {
				gj[k] += r.wc[k]
			}
		}
		if r.posOff >= 0 {
			if i := (j - r.posOff%r.nB + r.nB) % r.nB; i < r.nA {
				c := r.gPos[i] - r.cConst[i]
				ai := r.a[i*dp : (i+1)*dp]
				for k, v := range ai {
					gj[k] += c * v
				}
			}
		}
		if r.mask && j < r.nA && r.cConst[j] != 0 {
			c := r.cConst[j]
			aj := r.a[j*dp : (j+1)*dp]
			for k, v := range aj {
				gj[k] -= c * v
			}
		}
	}
}

// normaliseRows writes the unit rows û = z/max(‖z‖, normEps) of z into u (stride dp,
// zero padding) starting at row off, and the raw norms into nrm.
func normaliseRows(u, nrm []float64, z *mat.Dense, off, dp int) {
	raw := z.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		zr := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		ss := 0.0
		for _, v := range zr {
			ss += v * v
		}
		nv := math.Sqrt(ss)
		if math.IsInf(nv, 1) {
			nv = scaledNorm(zr) // ‖z‖² overflowed: entries beyond ~1e154
		}
		nrm[off+i] = nv
		inv := 1 / max(nv, normEps)
		ur := u[(off+i)*dp : (off+i+1)*dp]
		for k, v := range zr {
			ur[k] = v * inv
		}
		clear(ur[raw.Cols:])
	}
}

// scaledNorm returns ‖x‖ computed as m·‖x/m‖ with m = max|x_k|, immune to overflow.
func scaledNorm(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	if m == 0 || math.IsInf(m, 1) {
		return m
	}
	ss := 0.0
	for _, v := range x {
		ss += (v / m) * (v / m)
	}
	return m * math.Sqrt(ss)
}

// backNorm writes into row i of g the gradient with respect to z of a loss whose
// gradient with respect to û is scale·gu: (gu − (gu·û)û)·scale/‖z‖, or gu·scale/normEps
// for a row shorter than normEps (then û = z/normEps is linear in z).
func backNorm(g *mat.Dense, i int, gu, u []float64, nrm, scale float64) {
	raw := g.RawMatrix()
	dst := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
	if !(nrm >= normEps) {
		f := scale / normEps
		for k := range dst {
			dst[k] = gu[k] * f
		}
		return
	}
	dot := 0.0
	for k, v := range gu {
		dot += v * u[k]
	}
	f := scale / nrm
	for k := range dst {
		dst[k] = (gu[k] - dot*u[k]) * f
	}
}

// checkViews panics unless z1, z2 are n×d with n ≥ 2 and any non-nil gradient has the
// same shape; it returns n and d.
func checkViews(name string, z1, z2, g1, g2 *mat.Dense) (int, int) {
	if z1 == nil || z2 == nil {
		panic("loss: " + name + ": nil embedding matrix")
	}
	n, d := z1.Dims()
	if r, c := z2.Dims(); r != n || c != d {
		panic(mat.ErrShape)
	}
	for _, g := range [2]*mat.Dense{g1, g2} {
		if g == nil {
			continue
		}
		if r, c := g.Dims(); r != n || c != d {
			panic(mat.ErrShape)
		}
	}
	if n < 2 {
		panic("loss: " + name + ": batch of n < 2 sources: each anchor needs at least one negative (callers validate the batch size)")
	}
	return n, d
}
