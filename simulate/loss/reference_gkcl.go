package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// RefGaussianKCL is loss type 5 of the reference code (Gaussian kernel contrastive
// loss), on the RAW embeddings with t = τ:
//
//	L = −2 mean_a k(z1_a, z2_a) + 128 [mean_{a≠b} k(z1_a, z1_b) + mean_{a≠b} k(z2_a, z2_b)],
//	k(x, y) = exp(−t |x − y|²).
//
// Gradient: ∂/∂x k = −2t k (x − y), so the alignment term gives +4t k_a (z1_a − z2_a)/N to
// z1_a (the opposite to z2_a) and each energy term −4t·128/(N(N−1)) Σ_{b≠a} k_ab (z_a − z_b)
// to z_a. (The official code reports "Results not available" for this loss.)
type RefGaussianKCL struct {
	T       float64 // kernel scale t > 0 (the reference passes τ)
	Workers int     // goroutines (≤ 0: every processor, chunks.Workers)

	part []float64 // scratch: per-row energies, copies of z1, z2, their gradients
}

// Name returns "ref-gkcl".
func (l *RefGaussianKCL) Name() string { return RefGaussianKCLName }

// refKCLWeight is the reference's weight of the energy terms.
const refKCLWeight = 128

// Eval follows the Loss conventions (raw embeddings, batch mean, g may alias z: the
// gradients are accumulated in scratch before g is written).
func (l *RefGaussianKCL) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := refCheckViews(l.Name(), z1, z2)
	nf := float64(n)
	l.part = refScratch(l.part, 2*n+4*n*d)
	energy := l.part[:2*n]
	x1, x2 := l.part[2*n:2*n+n*d], l.part[2*n+n*d:2*n+2*n*d]
	refCopyRows(x1, z1)
	refCopyRows(x2, z2)
	dz1, dz2 := l.part[2*n+2*n*d:2*n+3*n*d], l.part[2*n+3*n*d:]
	clear(dz1)
	clear(dz2)
	grad := g1 != nil || g2 != nil
	align := 0.0
	for a := range n {
		x, y := x1[a*d:(a+1)*d], x2[a*d:(a+1)*d]
		ka := math.Exp(-l.T * refSqDist(x, y))
		align += ka
		if grad {
			c := 4 * l.T * ka / nf
			for k := range x {
				dz1[a*d+k] += c * (x[k] - y[k])
				dz2[a*d+k] -= c * (x[k] - y[k])
			}
		}
	}
	ew := refKCLWeight / (nf * (nf - 1))
	kernel := func(sq float64) (float64, float64) { k := math.Exp(-l.T * sq); return k, -l.T * k }
	for v, x := range [][]float64{x1, x2} {
		dz := dz1
		if v == 1 {
			dz = dz2
		}
		if !grad {
			dz = nil
		}
		// Each pair appears as (a, b) and (b, a): ∂/∂z_a = 2·ew·Σ_b k'(sq)·2(z_a − z_b).
		refPairSums(energy[v*n:(v+1)*n], dz, x, n, d, 4*ew, kernel, chunks.Workers(l.Workers))
	}
	e := 0.0
	for _, v := range energy {
		e += v
	}
	loss := -2*align/nf + ew*e
	refCopyGrad(g1, dz1)
	refCopyGrad(g2, dz2)
	return loss
}

// refCopyRows copies z (n×d) into the flat dst.
func refCopyRows(dst []float64, z *mat.Dense) {
	raw := z.RawMatrix()
	for a := range raw.Rows {
		copy(dst[a*raw.Cols:(a+1)*raw.Cols], raw.Data[a*raw.Stride:a*raw.Stride+raw.Cols])
	}
}

// refCopyGrad writes the flat n×d gradient into g (nil skipped).
func refCopyGrad(g *mat.Dense, dz []float64) {
	if g == nil {
		return
	}
	raw := g.RawMatrix()
	for a := range raw.Rows {
		copy(raw.Data[a*raw.Stride:a*raw.Stride+raw.Cols], dz[a*raw.Cols:(a+1)*raw.Cols])
	}
}

// Layout is the arrangement in which its positive-pair probability is measured
// (docs/theory.md §6).
func (l *RefGaussianKCL) Layout() Layout { return CrossView }

// Decoupled reports whether its positive-pair probability is measured without the
// positive in the denominator (docs/theory.md §6).
func (l *RefGaussianKCL) Decoupled() bool { return false }

// Target returns an error: a kernel loss on raw embeddings, not a softmax over candidates.
func (l *RefGaussianKCL) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(l.Name())
}
