package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
	"github.com/infonce-lab/infonce-lab/internal/kernels"
)

// RefNTXent is loss type 0 of the reference code ("InfoNCE"): NT-Xent over the 2N views
// V = [u1; u2] with the self pair NOT masked (docs/theory.md §7):
//
//	l_i = −S_{i,p(i)} + log Σ_j exp S_ij,   S = V Vᵀ/τ,  p(i) = (i + N) mod 2N,
//
// averaged over the 2N anchors; every denominator holds the constant exp(1/τ) of the
// self pair. Gradient: ∂L/∂S_ij = (P_ij − δ_{j,p(i)})/(2N) with P the row softmax, and
// ∂L/∂V = (∂S + ∂Sᵀ) V/τ, then through the normalisation.
type RefNTXent struct {
	Tau     float64 // temperature τ > 0
	Workers int     // goroutines (≤ 0: every processor, chunks.Workers)

	pad          refPaddedGram // V = [u1; u2] in MulRows4's layouts
	norm, s, lse []float64
	rinv         []float64 // 1/Z_i
	dv           []float64

	// The parallel phases of one Eval run task (runChunk, bound once) on
	// chunks.For, so that a step allocates no closure: phase says which, and n, ld
	// and c are the call's sizes and shift.
	task  func(ch int)
	phase refNTXentPhase
	n, ld int
	c     float64
}

// refNTXentPhase is a parallel phase of RefNTXent.Eval.
type refNTXentPhase int

const (
	ntxGram   refNTXentPhase = iota // S = V Vᵀ/τ, four rows at a time
	ntxExp                          // E_ij = exp(S_ij − c) on the upper triangle
	ntxMirror                       // the lower triangle from the upper
	ntxGrad                         // E_ij (1/Z_i + 1/Z_j) − 2·1[j = p(i)]
	ntxMulV                         // ∂V = (∂S + ∂Sᵀ) V, four rows at a time
)

// run runs phase ph over count chunks.
func (l *RefNTXent) run(ph refNTXentPhase, count int) {
	if l.task == nil {
		l.task = l.runChunk
	}
	l.phase = ph
	chunks.For(count, chunks.Workers(l.Workers), l.task)
}

// runChunk runs chunk ch of the current phase: rows (ntxExp, ntxMirror, ntxGrad) or
// blocks of four rows (ntxGram, ntxMulV) of the 2N×2N logits.
func (l *RefNTXent) runChunk(ch int) {
	p, nn, ld := &l.pad, 2*l.n, l.ld
	switch l.phase {
	case ntxGram, ntxMulV:
		lo, hi := chunks.Range(ch, p.nb/4, refRowsPerChunk/4)
		for b := lo; b < hi; b++ {
			i := 4 * b
			if l.phase == ntxGram {
				kernels.MulRows4(l.s[i*p.nb:], p.nb, p.vs[i*p.dp:], p.dp, p.vt, p.nb, p.nb)
			} else {
				kernels.MulRowsT4(l.dv[i*p.dp:], l.s[i*p.nb:], p.nb, p.vt, p.nb, p.dp, p.nb)
			}
		}
		return
	}
	lo, hi := chunks.Range(ch, nn, refRowsPerChunk)
	for i := lo; i < hi; i++ {
		switch l.phase {
		case ntxExp:
			row := l.s[i*ld+i : i*ld+nn]
			for j, v := range row {
				row[j] = math.Exp(v - l.c)
			}
		case ntxMirror:
			row := l.s[i*ld : i*ld+i]
			for j := range row {
				row[j] = l.s[j*ld+i]
			}
		case ntxGrad:
			row, ri := l.s[i*ld:i*ld+nn], l.rinv[i]
			for j, v := range row {
				row[j] = v * (ri + l.rinv[j])
			}
			row[(i+l.n)%nn] -= 2
		}
	}
}

// Name returns "ref-infonce".
func (l *RefNTXent) Name() string { return RefNTXentName }

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z).
func (l *RefNTXent) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, _ := refCheckViews(l.Name(), z1, z2)
	nn := 2 * n
	p := &l.pad
	_, d := z1.Dims()
	p.size(nn, d)
	l.norm = refScratch(l.norm, nn)
	refUnitLd(p.v, p.dp, l.norm[:n], z1)
	refUnitLd(p.v[n*p.dp:], p.dp, l.norm[n:], z2)
	p.finish(1 / l.Tau)
	l.s, l.lse = refScratch(l.s, p.nb*p.nb), refScratch(l.lse, nn)
	l.n, l.ld = n, p.nb
	l.run(ntxGram, chunks.Count(p.nb/4, refRowsPerChunk/4))
	ld := p.nb
	pos := 0.0
	for i := range nn {
		pos += l.s[i*ld+(i+n)%nn]
	}
	// Every row's largest logit is its self pair, |v_i|²/τ = 1/τ, so one shift c = 1/τ
	// serves all rows and E_ij = exp(S_ij − c) is symmetric: exponentiate the upper
	// triangle, mirror it, and take row sums Z_i; lse_i = c + log Z_i.
	c := 1 / l.Tau
	l.c = c
	l.rinv = refScratch(l.rinv, nn)
	l.run(ntxExp, chunks.Count(nn, refRowsPerChunk))
	l.run(ntxMirror, chunks.Count(nn, refRowsPerChunk))
	total := 0.0
	for i := range nn {
		z := 0.0
		for _, v := range l.s[i*ld : i*ld+nn] {
			z += v
		}
		l.lse[i] = c + math.Log(z)
		l.rinv[i] = 1 / z
		total += l.lse[i]
	}
	loss := (total - pos) / float64(nn)
	if g1 == nil && g2 == nil {
		return loss
	}
	// ∂S = (P − E)/(2N) with P_ij = E_ij/Z_i and E the positive indicator (symmetric:
	// p(p(i)) = i), so ∂S + ∂Sᵀ = (E_ij (1/Z_i + 1/Z_j) − 2·1[j = p(i)])/(2N), and
	// ∂V = (∂S + ∂Sᵀ)V/τ; the 1/(2Nτ) is applied to the product.
	l.run(ntxGrad, chunks.Count(nn, refRowsPerChunk))
	l.dv = refScratch(l.dv, p.nb*p.dp)
	l.run(ntxMulV, chunks.Count(p.nb/4, refRowsPerChunk/4))
	sc := 1 / (l.Tau * float64(nn))
	for k := range l.dv {
		l.dv[k] *= sc
	}
	refUnitBackLd(g1, l.dv, p.v, p.dp, l.norm[:n])
	refUnitBackLd(g2, l.dv[n*p.dp:], p.v[n*p.dp:], p.dp, l.norm[n:])
	return loss
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefNTXent) Layout() Layout { return JointViews }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefNTXent) Decoupled() bool { return false }

// Target returns an error: its 2N−1 candidates include the self view (not masked), which docs/theory.md §4 does not cover; the monitor's target is feature.ReferenceTarget.
func (l *RefNTXent) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
