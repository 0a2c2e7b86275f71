package loss

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/chunks"
)

// Shared arithmetic of the reference losses (reference_*.go): the losses of the
// reference code's synthetic experiment (docs/theory.md §7), each a self-contained
// exported type. Matrices here are flat row-major []float64.

// refRowsPerChunk is the number of rows per parallel chunk (fixed, so the split
// depends on the row count only and results are the same for any worker count).
const refRowsPerChunk = 32

// refNormEps is F.normalize's floor on the norm: u = z / max(|z|, 1e-12).
const refNormEps = 1e-12

// refScratch grows buf to n entries.
func refScratch(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// refCheckViews panics unless the views are non-nil, equal-shaped with n ≥ 2 rows.
func refCheckViews(who string, zs ...*mat.Dense) (n, d int) {
	n, d = zs[0].Dims()
	for _, z := range zs[1:] {
		if r, c := z.Dims(); r != n || c != d {
			panic(fmt.Sprintf("loss: %s: views of %d×%d and %d×%d", who, n, d, r, c))
		}
	}
	if n < 2 {
		panic(fmt.Sprintf("loss: %s: batch of %d rows: need n ≥ 2", who, n))
	}
	return n, d
}

// refUnit writes u_a = z_a / max(|z_a|, ε) into u (n×d) and the norms into norm.
func refUnit(u, norm []float64, z *mat.Dense) { refUnitLd(u, z.RawMatrix().Cols, norm, z) }

// refUnitLd is refUnit with row a of u at u[a·ld:].
func refUnitLd(u []float64, ld int, norm []float64, z *mat.Dense) {
	raw := z.RawMatrix()
	for a := range raw.Rows {
		row := raw.Data[a*raw.Stride : a*raw.Stride+raw.Cols]
		s := 0.0
		for _, v := range row {
			s += v * v
		}
		nm := max(math.Sqrt(s), refNormEps)
		norm[a] = nm
		out := u[a*ld : a*ld+raw.Cols]
		for k, v := range row {
			out[k] = v / nm
		}
	}
}

// refUnitBack writes g_a = (du_a − u_a (u_a·du_a)) / |z_a| (the gradient through
// u = z/|z|; du_a/ε below the floor) into g, which may alias z. A nil g is skipped.
func refUnitBack(g *mat.Dense, du, u, norm []float64) {
	if g != nil {
		refUnitBackLd(g, du, u, g.RawMatrix().Cols, norm)
	}
}

// refUnitBackLd is refUnitBack with row a of du and u at [a·ld:].
func refUnitBackLd(g *mat.Dense, du, u []float64, ld int, norm []float64) {
	if g == nil {
		return
	}
	raw := g.RawMatrix()
	d := raw.Cols
	for a := range raw.Rows {
		ua, da := u[a*ld:a*ld+d], du[a*ld:a*ld+d]
		out := raw.Data[a*raw.Stride : a*raw.Stride+d]
		if norm[a] <= refNormEps {
			for k := range out {
				out[k] = da[k] / refNormEps
			}
			continue
		}
		dot := 0.0
		for k := range ua {
			dot += ua[k] * da[k]
		}
		for k := range out {
			out[k] = (da[k] - ua[k]*dot) / norm[a]
		}
	}
}

func refDot(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for k, v := range x {
		s += v * y[k]
	}
	return s
}

// refGram sets s_ij = scale·a_i·b_j for a (na×d) and b (nb×d): s is na×nb.
func refGram(s, a, b []float64, na, nb, d int, scale float64, workers int) {
	chunks.For(chunks.Count(na, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, na, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			ai := a[i*d : (i+1)*d]
			row := s[i*nb : (i+1)*nb]
			for j := range nb {
				row[j] = scale * refDot(ai, b[j*d:(j+1)*d])
			}
		}
	})
}

// refSoftmaxRows replaces each row i of s (n×m) by its softmax and writes the row's
// log-sum-exp into lse[i]; with skipDiag the entry (i, i) is left out (probability 0).
func refSoftmaxRows(s, lse []float64, n, m int, skipDiag bool, workers int) {
	refSoftmaxRowsLd(s, m, lse, n, m, skipDiag, workers)
}

// refSoftmaxRowsLd is refSoftmaxRows with row i of s at s[i·ld:].
func refSoftmaxRowsLd(s []float64, ld int, lse []float64, n, m int, skipDiag bool, workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			row := s[i*ld : i*ld+m]
			mx := math.Inf(-1)
			for j, v := range row {
				if !(skipDiag && j == i) && v > mx {
					mx = v
				}
			}
			sum := 0.0
			for j, v := range row {
				if skipDiag && j == i {
					row[j] = 0
					continue
				}
				e := math.Exp(v - mx)
				row[j] = e
				sum += e
			}
			inv := 1 / sum
			for j := range row {
				row[j] *= inv
			}
			lse[i] = mx + math.Log(sum)
		}
	})
}

// refMulAdd adds scale·w b to dst (w n×m, b m×d, dst n×d), or with trans
// scale·wᵀ b (w m×n read by columns). Four terms of the sum are added per pass over a
// row of dst (fixed grouping, so the bits do not depend on the workers).
func refMulAdd(dst, w, b []float64, n, m, d int, trans bool, scale float64, workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			out := dst[i*d : (i+1)*d]
			at := func(j int) float64 {
				if trans {
					return scale * w[j*n+i]
				}
				return scale * w[i*m+j]
			}
			j := 0
			for ; j+4 <= m; j += 4 {
				w0, w1, w2, w3 := at(j), at(j+1), at(j+2), at(j+3)
				b0, b1, b2, b3 := b[j*d:(j+1)*d], b[(j+1)*d:(j+2)*d], b[(j+2)*d:(j+3)*d], b[(j+3)*d:(j+4)*d]
				b0, b1, b2, b3 = b0[:len(out)], b1[:len(out)], b2[:len(out)], b3[:len(out)]
				for k := range out {
					out[k] += w0*b0[k] + w1*b1[k] + w2*b2[k] + w3*b3[k]
				}
			}
			for ; j < m; j++ {
				wj, bj := at(j), b[j*d:(j+1)*d]
				bj = bj[:len(out)]
				for k := range out {
					out[k] += wj * bj[k]
				}
			}
		}
	})
}

// refSymGram sets s = scale·a aᵀ (n×n) computing the upper triangle and mirroring it.
func refSymGram(s, a []float64, n, d int, scale float64, workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			ai := a[i*d : (i+1)*d]
			row := s[i*n : (i+1)*n]
			for j := i; j < n; j++ {
				row[j] = scale * refDot(ai, a[j*d:(j+1)*d])
			}
		}
	})
	refMirrorUpper(s, n, workers)
}

// refMirrorUpper copies the upper triangle of s (n×n) into the lower.
func refMirrorUpper(s []float64, n, workers int) { refMirrorUpperLd(s, n, n, workers) }

// refMirrorUpperLd is refMirrorUpper for the n×n block of s with row i at s[i·ld:].
func refMirrorUpperLd(s []float64, n, ld, workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			row := s[i*ld : i*ld+i]
			for j := range row {
				row[j] = s[j*ld+i]
			}
		}
	})
}

// refSymmetrise sets s to s + sᵀ (n×n).
func refSymmetrise(s []float64, n, workers int) { refSymmetriseLd(s, n, n, workers) }

// refSymmetriseLd sets the n×n block of s (row i at s[i·ld:]) to s + sᵀ.
func refSymmetriseLd(s []float64, n, ld, workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for i := lo; i < hi; i++ {
			s[i*ld+i] *= 2
			for j := i + 1; j < n; j++ {
				s[i*ld+j] += s[j*ld+i]
			}
		}
	})
	refMirrorUpperLd(s, n, ld, workers)
}

// refRoundUp returns the least multiple of k that is ≥ n.
func refRoundUp(n, k int) int { return (n + k - 1) / k * k }

// refPaddedGram holds a matrix V (n×d) in the padded layouts of MulRows4 and
// MulRowsT4 (rows padded to nb, a multiple of 16; columns to dp, a multiple of 4; zeros
// in the padding): v (nb×dp, row-major), vs = v/τ, and vt = vᵀ (dp×nb).
type refPaddedGram struct {
	n, d, nb, dp int
	v, vs, vt    []float64
}

// size lays out an n×d matrix, zeroing the storage.
func (p *refPaddedGram) size(n, d int) {
	p.n, p.d, p.nb, p.dp = n, d, refRoundUp(n, 16), refRoundUp(d, 4)
	p.v = refScratch(p.v, p.nb*p.dp)
	p.vs = refScratch(p.vs, p.nb*p.dp)
	p.vt = refScratch(p.vt, p.dp*p.nb)
	clear(p.v)
}

// finish fills vs = scale·v and vt = vᵀ after v's rows are written.
func (p *refPaddedGram) finish(scale float64) {
	for k, x := range p.v {
		p.vs[k] = scale * x
	}
	for i := range p.nb {
		for k := range p.dp {
			p.vt[k*p.nb+i] = p.v[i*p.dp+k]
		}
	}
}

// refSqDist returns |x − y|².
func refSqDist(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for k, v := range x {
		s += (v - y[k]) * (v - y[k])
	}
	return s
}

// refPairSums evaluates Σ_{b≠a} f(|x_a − x_b|²) for every row a of x (n×d) into rowSum
// and, when dx is non-nil, adds coef·Σ_{b≠a} f'(|x_a − x_b|²)(x_a − x_b) to dx_a. f
// returns the value and the derivative in the squared distance.
func refPairSums(rowSum, dx, x []float64, n, d int, coef float64, f func(sq float64) (v, dv float64), workers int) {
	chunks.For(chunks.Count(n, refRowsPerChunk), workers, func(c int) {
		lo, hi := chunks.Range(c, n, refRowsPerChunk)
		for a := lo; a < hi; a++ {
			xa := x[a*d : (a+1)*d]
			s := 0.0
			for b := range n {
				if b == a {
					continue
				}
				xb := x[b*d : (b+1)*d]
				v, dv := f(refSqDist(xa, xb))
				s += v
				if dx != nil {
					cc := coef * dv
					for k := range xa {
						dx[a*d+k] += cc * (xa[k] - xb[k])
					}
				}
			}
			rowSum[a] = s
		}
	})
}
