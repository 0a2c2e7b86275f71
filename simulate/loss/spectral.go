package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// SpectralLoss is the spectral contrastive loss of HaoChen et al. (2021),
//
//	L = −(2/n) Σ_a S_aa + 1/(n(n−1)) Σ_{a≠b} S_ab²,   S_ab = cos(z1_a, z2_b)/τ,
//
// i.e. the authors' batch estimate −2·E[f(x)ᵀf(x⁺)] + E[(f(x)ᵀf(x⁻))²] (negatives
// off the diagonal, as in their code) on the embeddings f = û/√τ: unit rows scaled to
// norm 1/√τ. This equals their code's ball projection with μ = 1/τ whenever every raw
// norm is at least √μ. Being quadratic in S, it needs no n×n matrix:
// Σ_{a,b} S_ab² = tr(CU·CV)/τ² with CU = Σ_a u_a u_aᵀ, CV = Σ_b v_b v_bᵀ, so Eval costs
// O(n d²). The subtraction of Σ_a S_aa² from that total loses at most ≈ ε·Σ_a S_aa²
// in absolute terms, negligible after the 1/(n(n−1)) factor. Eval runs on the caller's
// goroutine (its work is O(n d²), not O(n² d)), so SpectralLoss has no Workers field.
// It has no softmax: its positive-pair probability follows the reference code's
// monitor (the cross-view softmax, Decoupled false), and it has no mean-field target.
type SpectralLoss struct {
	Tau float64 // temperature τ > 0 (New checks it)

	u, v, nu, nv   []float64
	cu, cv, tu, tv []float64
}

// Name returns "spectral".
func (l *SpectralLoss) Name() string { return Spectral }

// Layout returns CrossView.
func (l *SpectralLoss) Layout() Layout { return CrossView }

// LogitSize returns n.
func (l *SpectralLoss) LogitSize(n int) int { return n }

// Decoupled returns false (the reference code's monitor, the inclusive softmax).
func (l *SpectralLoss) Decoupled() bool { return false }

// Target returns an error: docs/theory.md §4 derives no mean-field target for the
// spectral loss.
func (l *SpectralLoss) Target(*feature.Space, int) (mat.Matrix, error) {
	return nil, noTarget(Spectral)
}

// Eval implements Loss.
func (l *SpectralLoss) Eval(z1, z2, g1, g2 *mat.Dense) float64 {
	n, d := checkViews(Spectral, z1, z2, g1, g2)
	l.u, l.v = grow(l.u, n*d), grow(l.v, n*d)
	l.nu, l.nv = grow(l.nu, n), grow(l.nv, n)
	l.cu, l.cv = grow(l.cu, d*d), grow(l.cv, d*d)
	l.tu, l.tv = grow(l.tu, d), grow(l.tv, d)
	normaliseRows(l.u, l.nu, z1, 0, d)
	normaliseRows(l.v, l.nv, z2, 0, d)
	gram(l.cu, l.u, n, d)
	gram(l.cv, l.v, n, d)
	it := 1 / l.Tau
	total := 0.0
	for k, c := range l.cu {
		total += c * l.cv[k]
	}
	total *= it * it
	nf := float64(n)
	pair := 1 / (nf * (nf - 1))
	diag, diag2 := 0.0, 0.0
	for a := 0; a < n; a++ {
		s := dot(l.u[a*d:(a+1)*d], l.v[a*d:(a+1)*d]) * it
		diag += s
		diag2 += s * s
	}
	val := -2/nf*diag + pair*(total-diag2)
	if g1 == nil && g2 == nil {
		return val
	}
	// ∂L/∂u_a = −(2/n)v_a/τ + pair·[(2/τ²) CV u_a − (2/τ) S_aa v_a], and symmetrically.
	for a := 0; a < n; a++ {
		ua, va := l.u[a*d:(a+1)*d], l.v[a*d:(a+1)*d]
		saa := dot(ua, va) * it
		cp := -2/nf*it - pair*2*it*saa
		if g1 != nil {
			matVec(l.tu, l.cv, ua, d)
			for k := range l.tu {
				l.tu[k] = pair*2*it*it*l.tu[k] + cp*va[k]
			}
			backNorm(g1, a, l.tu, ua, l.nu[a], 1)
		}
		if g2 != nil {
			matVec(l.tv, l.cu, va, d)
			for k := range l.tv {
				l.tv[k] = pair*2*it*it*l.tv[k] + cp*ua[k]
			}
			backNorm(g2, a, l.tv, va, l.nv[a], 1)
		}
	}
	return val
}

// EvalLogits implements LogitLoss.
func (l *SpectralLoss) EvalLogits(s, gs *mat.Dense) float64 {
	n := checkLogits(Spectral, s, gs, 1)
	raw := s.RawMatrix()
	nf := float64(n)
	pair := 1 / (nf * (nf - 1))
	diag, off := 0.0, 0.0
	for a := 0; a < n; a++ {
		row := raw.Data[a*raw.Stride : a*raw.Stride+n]
		var gr []float64
		if gs != nil {
			g := gs.RawMatrix()
			gr = g.Data[a*g.Stride : a*g.Stride+n]
		}
		for b, v := range row {
			if b == a {
				diag += v
				continue
			}
			off += v * v
			if gr != nil {
				gr[b] = 2 * pair * v
			}
		}
		if gr != nil {
			gr[a] = -2 / nf
		}
	}
	return -2/nf*diag + pair*off
}

// gram writes c = Σ_a x_a x_aᵀ (d×d) for the n rows of x.
func gram(c, x []float64, n, d int) {
	clear(c)
	for a := 0; a < n; a++ {
		xa := x[a*d : (a+1)*d]
		for k, xk := range xa {
			ck := c[k*d : (k+1)*d]
			for l, xl := range xa {
				ck[l] += xk * xl
			}
		}
	}
}

func matVec(dst, c, x []float64, d int) {
	for k := range dst {
		dst[k] = dot(c[k*d:(k+1)*d], x)
	}
}

func dot(x, y []float64) float64 {
	s := 0.0
	for k, v := range x {
		s += v * y[k]
	}
	return s
}
