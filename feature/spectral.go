package feature

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrNotConverged is wrapped by the error of an eigensolver that stops at its
// iteration limit.
var ErrNotConverged = errors.New("feature: eigensolver did not converge")

// SpectralNotConvergedError reports the state of Spectral when it stops at MaxRestarts.
type SpectralNotConvergedError struct {
	K, Converged, Restarts, MatVecs int
	MaxResidual, Tol                float64
}

func (e *SpectralNotConvergedError) Error() string {
	return fmt.Sprintf("feature: top-%d eigenpairs: %d converged after %d restarts (%d operator applications); largest residual %.3g, tolerance %.3g: raise MaxRestarts or Basis",
		e.K, e.Converged, e.Restarts, e.MatVecs, e.MaxResidual, e.Tol)
}

func (e *SpectralNotConvergedError) Unwrap() error { return ErrNotConverged }

// SpectralOptions tunes Spectral's block Lanczos solver. Zero fields take defaults.
type SpectralOptions struct {
	// Tol is the convergence tolerance on each Ritz pair's residual:
	// ‖M x − θ x‖ ≤ Tol·max(|θ|, ε^{2/3}) (ARPACK's criterion). Since M is symmetric,
	// |θ − λ| ≤ ‖M x − θ x‖ for some eigenvalue λ. Default 1e-10.
	Tol float64
	// Block is the number of vectors per Lanczos step (default 1, single-vector
	// Lanczos as ARPACK). A Krylov space of a block of b vectors holds at most b
	// directions of any eigenspace, so an eigenvalue of multiplicity above Block may
	// be returned fewer times than it occurs: use Block ≥ the largest multiplicity
	// among the top k (e.g. 2 for a cycle, whose eigenvalues come in pairs).
	Block int
	// Basis is the Lanczos basis size before a restart (default max(2k + 16·Block, 48),
	// rounded up to a multiple of Block); smaller m diagonalise the dense M.
	Basis int
	// MaxRestarts bounds the thick restarts (default 2000).
	MaxRestarts int
	// Seed seeds the PCG stream of the random start block (and of replacement
	// vectors after a breakdown). Default 1.
	Seed uint64
	// Workers is the number of goroutines (default GOMAXPROCS); results do not depend on it.
	Workers int
}

// SpectralStats reports the work of a Spectral call.
type SpectralStats struct {
	Restarts, MatVecs int
	MaxResidual       float64
}

// Spectral returns the top k eigenpairs of the normalised augmentation operator
// M = D^{-1/2} c1 D^{-1/2}, D = diag(q), in decreasing order of eigenvalue, with the
// eigenvectors as the columns of an m×k matrix (unit norm; each signed so that its entry
// of largest magnitude is positive). The first eigenvalue is 1 with eigenvector ∝ √q.
// HaoChen et al. (2021): the spectral contrastive loss over d-dimensional embeddings
// is minimised by f_i = (λ_t^{1/2} v_ti / √q_i)_{t<d} (feature/sparse_doc.go, "Spectral
// optimum"). It needs 1 ≤ k < m. See SpectralWith for the solver.
func (s *SparseSpace) Spectral(k int) (values []float64, vectors *mat.Dense, err error) {
	values, vectors, _, err = s.SpectralWith(k, SpectralOptions{})
	return values, vectors, err
}

// SpectralWith is Spectral with explicit options, also reporting the solver's work. It
// runs a thick-restart block Lanczos iteration (Wu & Simon 2000; Golub & Van Loan §10.3)
// with full reorthogonalisation (after the recurrence, one classical Gram–Schmidt pass
// of every new block against the whole basis, kept Ritz vectors included); M is applied as two sparse
// products with A and Aᵀ and never formed. When the basis would not fit (m < Basis +
// Block) it diagonalises the dense M instead. It returns a *SpectralNotConvergedError
// (wrapping ErrNotConverged) with the current approximations after MaxRestarts.
func (s *SparseSpace) SpectralWith(k int, o SpectralOptions) (values []float64, vectors *mat.Dense, st SpectralStats, err error) {
	m := s.Len()
	if k < 1 || k >= m {
		return nil, nil, st, fmt.Errorf("feature: top-k eigenpairs with k = %d of a %d-state space: need 1 ≤ k < m = %d", k, m, m)
	}
	if o.Tol == 0 {
		o.Tol = 1e-10
	}
	if !(o.Tol > 0) || math.IsInf(o.Tol, 0) {
		return nil, nil, st, fmt.Errorf("feature: eigensolver tolerance %v: need a finite Tol > 0", o.Tol)
	}
	if o.Block == 0 {
		o.Block = 1
	}
	if o.Block < 1 {
		return nil, nil, st, fmt.Errorf("feature: eigensolver block size %d: need ≥ 1", o.Block)
	}
	b := o.Block
	if o.Basis == 0 {
		o.Basis = max(2*k+16*b, 48)
	}
	p := (o.Basis + b - 1) / b * b
	if p < k+2*b {
		return nil, nil, st, fmt.Errorf("feature: eigensolver basis %d for k = %d with block %d: need Basis ≥ k + 2·Block", o.Basis, k, b)
	}
	if o.MaxRestarts == 0 {
		o.MaxRestarts = 2000
	}
	if o.Workers == 0 {
		o.Workers = sparseWorkers()
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if p+b > m {
		values, vectors = s.denseSpectral(k)
		return values, vectors, st, nil
	}
	l := &lanczos{n: m, b: b, p: p, k: k, tol: o.Tol, workers: o.Workers,
		op: s.normalizedOp(o.Workers), rng: rand.New(rand.NewPCG(o.Seed, 0x5ec7a1))}
	return l.run(o.MaxRestarts)
}

// denseSpectral diagonalises the dense M (small m only).
func (s *SparseSpace) denseSpectral(k int) ([]float64, *mat.Dense) {
	m := s.Len()
	M := mat.NewSymDense(m, nil)
	s.c1.DoNonZero(func(i, j int, c float64) {
		if i <= j {
			M.SetSym(i, j, c/math.Sqrt(s.q[i]*s.q[j]))
		}
	})
	var es mat.EigenSym
	if !es.Factorize(M, true) {
		panic("feature: dense symmetric eigendecomposition failed") // gonum's Dsyev does not fail on finite input
	}
	ev := es.Values(nil)
	var vec mat.Dense
	es.VectorsTo(&vec)
	values := make([]float64, k)
	vectors := mat.NewDense(m, k, nil)
	col := make([]float64, m)
	for t := 0; t < k; t++ {
		values[t] = ev[m-1-t]
		mat.Col(col, m-1-t, &vec)
		signLargestPositive(col)
		vectors.SetCol(t, col)
	}
	return values, vectors
}

// signLargestPositive flips v so its entry of largest magnitude (first among ties) is positive.
func signLargestPositive(v []float64) {
	big := 0
	for i, x := range v {
		if math.Abs(x) > math.Abs(v[big]) {
			big = i
		}
	}
	if v[big] < 0 {
		floats.Scale(-1, v)
	}
}

// vecChunk is the fixed length of the vector chunks of the Lanczos kernels: dot products
// are summed chunk by chunk in chunk order, so they do not depend on the worker count.
const vecChunk = 4096

// lanczos is the state of the thick-restart block Lanczos iteration. The basis vectors
// v_0 … v_{cur−1} are orthonormal; M has been applied to v_0 … v_{done−1}, giving the
// projected matrix H = Vᵀ M V on those, and the last block couples to the next one.
type lanczos struct {
	n, b, p, k int
	tol        float64
	workers    int
	op         *normalizedOp
	rng        *rand.Rand
	base       []float64   // (p+b)×n row-major: the basis vectors, contiguous
	v          [][]float64 // v[i] = base[i*n : (i+1)*n]
	h          []float64   // (p+b)×(p+b) projected matrix, row-major
	part       []float64   // per-chunk partial dot products
	matvecs    int
}

func (l *lanczos) hAt(i, j int) *float64 { return &l.h[i*(l.p+l.b)+j] }

func (l *lanczos) run(maxRestarts int) ([]float64, *mat.Dense, SpectralStats, error) {
	n, b, p := l.n, l.b, l.p
	l.base = make([]float64, (p+b)*n)
	l.v = make([][]float64, p+b)
	for i := range l.v {
		l.v[i] = l.base[i*n : (i+1)*n : (i+1)*n]
	}
	l.h = make([]float64, (p+b)*(p+b))
	// Random start block.
	for r := 0; r < b; r++ {
		for i := range l.v[r] {
			l.v[r][i] = l.rng.NormFloat64()
		}
	}
	coef := make([]float64, (p+b)*b)
	rfac := make([]float64, b*b)
	l.orthonormalize(0, b, rfac)
	cur, done := b, 0
	kept := 0 // Ritz vectors kept at the last restart: they couple only to block `kept`
	w := make([][]float64, b)
	var restart int
	var theta []float64
	var y *mat.Dense
	var resid []float64
	for restart = 0; ; restart++ {
		for done < p {
			j := done
			for r := range b {
				w[r] = l.v[cur+r] // the next block's slots receive M v_j…
			}
			l.op.apply(w, l.v[j:j+b])
			l.matvecs += b
			// …then become the new basis block after orthogonalisation.
			from := 0
			if j > kept {
				from = j - b
			}
			h := l.orthogonalize(cur, from, coef)
			for i := 0; i < cur; i++ {
				for r := 0; r < b; r++ {
					c := h[i*b+r]
					if i >= j && i < j+b {
						c = 0.5 * (c + h[(j+r)*b+(i-j)]) // symmetrise the diagonal block
					}
					*l.hAt(i, j+r), *l.hAt(j+r, i) = c, c
				}
			}
			l.orthonormalize(cur, cur+b, rfac)
			for s := 0; s < b; s++ {
				for r := 0; r < b; r++ {
					*l.hAt(cur+s, j+r), *l.hAt(j+r, cur+s) = rfac[s*b+r], rfac[s*b+r]
				}
			}
			cur += b
			done += b
		}
		// Rayleigh–Ritz on H[0:p, 0:p].
		hp := mat.NewSymDense(p, nil)
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				hp.SetSym(i, j, *l.hAt(i, j))
			}
		}
		var es mat.EigenSym
		if !es.Factorize(hp, true) {
			panic("feature: projected eigendecomposition failed") // finite symmetric input
		}
		ev := es.Values(nil)
		var vec mat.Dense
		es.VectorsTo(&vec)
		// Descending order.
		theta = make([]float64, p)
		y = mat.NewDense(p, p, nil)
		for t := 0; t < p; t++ {
			theta[t] = ev[p-1-t]
			for i := 0; i < p; i++ {
				y.Set(i, t, vec.At(i, p-1-t))
			}
		}
		// Residual of Ritz pair t: ‖C y_t‖ with C = H[p:p+b, 0:p] the coupling to the next block.
		resid = make([]float64, p)
		cy := make([]float64, b*p) // C y_t for every t, row s, column t
		for s := 0; s < b; s++ {
			for t := 0; t < p; t++ {
				var sum float64
				for i := 0; i < p; i++ {
					sum += *l.hAt(p+s, i) * y.At(i, t)
				}
				cy[s*p+t] = sum
			}
		}
		conv := 0
		maxRes := 0.0
		for t := 0; t < p; t++ {
			var r2 float64
			for s := 0; s < b; s++ {
				r2 += cy[s*p+t] * cy[s*p+t]
			}
			resid[t] = math.Sqrt(r2)
			if t < l.k {
				maxRes = math.Max(maxRes, resid[t])
				if resid[t] <= l.tol*math.Max(math.Abs(theta[t]), 0x1p-35) { // ε^{2/3} ≈ 2^-35
					conv++
				}
			}
		}
		if conv == l.k || restart >= maxRestarts {
			vals, vecs := l.ritzVectors(theta, y)
			st := SpectralStats{Restarts: restart, MatVecs: l.matvecs, MaxResidual: maxRes}
			if conv < l.k {
				return vals, vecs, st, &SpectralNotConvergedError{K: l.k, Converged: conv, Restarts: restart, MatVecs: l.matvecs, MaxResidual: maxRes, Tol: l.tol}
			}
			return vals, vecs, st, nil
		}
		// Thick restart: keep the top `keep` Ritz vectors and the coupling block.
		keep := p - b*((p-l.k+2*b-1)/(2*b))
		l.combine(y, keep)
		copy(l.base[keep*n:(keep+b)*n], l.base[p*n:(p+b)*n])
		clear(l.h)
		for t := 0; t < keep; t++ {
			*l.hAt(t, t) = theta[t]
			for s := 0; s < b; s++ {
				*l.hAt(keep+s, t), *l.hAt(t, keep+s) = cy[s*p+t], cy[s*p+t]
			}
		}
		cur, done, kept = keep+b, keep, keep
	}
}

// dots writes out[i*nb + r] = v_{a+i} · v_{c+r} for i in [0, ni), r in [0, nb): per fixed
// chunk of coordinates one matrix product (gonum BLAS), partial sums added in chunk order.
func (l *lanczos) dots(out []float64, a, ni, c, nb int) {
	n := l.n
	nc := chunkCount(n, vecChunk)
	if need := nc * ni * nb; cap(l.part) < need {
		l.part = make([]float64, need)
	}
	part := l.part[:nc*ni*nb]
	forChunks(nc, l.workers, func(ch int) {
		lo, hi := chunkRange(ch, n, vecChunk)
		A := blas64.General{Rows: ni, Cols: hi - lo, Stride: n, Data: l.base[a*n+lo:]}
		B := blas64.General{Rows: nb, Cols: hi - lo, Stride: n, Data: l.base[c*n+lo:]}
		C := blas64.General{Rows: ni, Cols: nb, Stride: nb, Data: part[ch*ni*nb : (ch+1)*ni*nb]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, A, B, 0, C)
	})
	clear(out[:ni*nb])
	for ch := 0; ch < nc; ch++ {
		floats.Add(out[:ni*nb], part[ch*ni*nb:(ch+1)*ni*nb])
	}
}

// subtract sets v_{c+r} −= Σ_i coef[i*nb + r] v_{a+i} for i in [0, ni), r in [0, nb).
func (l *lanczos) subtract(c, nb, a, ni int, coef []float64) {
	n := l.n
	forChunks(chunkCount(n, vecChunk), l.workers, func(ch int) {
		lo, hi := chunkRange(ch, n, vecChunk)
		V := blas64.General{Rows: ni, Cols: hi - lo, Stride: n, Data: l.base[a*n+lo:]}
		W := blas64.General{Rows: nb, Cols: hi - lo, Stride: n, Data: l.base[c*n+lo:]}
		K := blas64.General{Rows: ni, Cols: nb, Stride: nb, Data: coef[:ni*nb]}
		blas64.Gemm(blas.Trans, blas.NoTrans, -1, K, V, 1, W)
	})
}

// orthogonalize orthogonalises the block v[cur:cur+b] (= M v[j:j+b]) against v[0:cur]:
// first the Lanczos recurrence, a classical Gram–Schmidt pass against v[from:cur] (the
// previous and current blocks, or the whole basis right after a restart, when the kept
// Ritz vectors couple to the block), then one full classical Gram–Schmidt pass against
// all of v[0:cur] (complete reorthogonalisation, Golub & Van Loan §10.3.1). It returns
// the summed coefficients (cur×b, row-major).
func (l *lanczos) orthogonalize(cur, from int, coef []float64) []float64 {
	b := l.b
	h := coef[:cur*b]
	clear(h)
	tmp := make([]float64, cur*b)
	l.dots(tmp[from*b:], from, cur-from, cur, b)
	l.subtract(cur, b, from, cur-from, tmp[from*b:])
	floats.Add(h[from*b:], tmp[from*b:cur*b])
	l.dots(tmp, 0, cur, cur, b)
	l.subtract(cur, b, 0, cur, tmp)
	floats.Add(h, tmp)
	return append([]float64(nil), h...)
}

// breakdownTol is the norm below which a new Lanczos direction counts as lying in the
// span of the basis (an invariant subspace): ‖M‖ = 1, so dropping it perturbs the
// projected matrix by at most 1e-12, far below the eigenvalue accuracy asked for.
const breakdownTol = 1e-12

// orthonormalize turns v[lo:hi] (already orthogonal to v[0:lo]) into orthonormal
// vectors by Gram–Schmidt twice within the block, writing the triangular factor R
// (b×b, row-major: old_r = Σ_s R[s][r] new_s) to rfac. A direction of norm below
// breakdownTol is replaced by a random vector orthogonal to the whole basis, with a
// zero column in R.
func (l *lanczos) orthonormalize(lo, hi int, rfac []float64) {
	clear(rfac)
	b := l.b
	one := make([]float64, 1)
	tmp := make([]float64, hi)
	for r := lo; r < hi; r++ {
		w := l.v[r]
		for range 2 {
			if r > lo {
				l.dots(tmp[:r-lo], lo, r-lo, r, 1)
				l.subtract(r, 1, lo, r-lo, tmp[:r-lo])
				for s := lo; s < r; s++ {
					rfac[(s-lo)*b+(r-lo)] += tmp[s-lo]
				}
			}
		}
		l.dots(one, r, 1, r, 1)
		nrm := math.Sqrt(one[0])
		if nrm > breakdownTol {
			rfac[(r-lo)*b+(r-lo)] = nrm
			floats.Scale(1/nrm, w)
			continue
		}
		// Breakdown: restart this direction from a random vector.
		for i := range w {
			w[i] = l.rng.NormFloat64()
		}
		for range 2 {
			l.dots(tmp[:r], 0, r, r, 1)
			l.subtract(r, 1, 0, r, tmp[:r])
		}
		l.dots(one, r, 1, r, 1)
		floats.Scale(1/math.Sqrt(one[0]), w)
	}
}

// combine replaces v[0:keep] by the Ritz vectors V_p y_t, t < keep, chunk by chunk in
// place (one matrix product per chunk).
func (l *lanczos) combine(y *mat.Dense, keep int) {
	n, p := l.n, l.p
	Y := y.RawMatrix()
	forChunks(chunkCount(n, vecChunk), l.workers, func(ch int) {
		lo, hi := chunkRange(ch, n, vecChunk)
		L := hi - lo
		tmp := make([]float64, keep*L)
		Yk := blas64.General{Rows: p, Cols: keep, Stride: Y.Stride, Data: Y.Data}
		V := blas64.General{Rows: p, Cols: L, Stride: n, Data: l.base[lo:]}
		T := blas64.General{Rows: keep, Cols: L, Stride: L, Data: tmp}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, Yk, V, 0, T)
		for t := 0; t < keep; t++ {
			copy(l.v[t][lo:hi], tmp[t*L:(t+1)*L])
		}
	})
}

// ritzVectors returns the top k Ritz values and vectors (columns, sign-normalised).
func (l *lanczos) ritzVectors(theta []float64, y *mat.Dense) ([]float64, *mat.Dense) {
	k := l.k
	l.combine(y, k)
	vecs := mat.NewDense(l.n, k, nil)
	for t := 0; t < k; t++ {
		signLargestPositive(l.v[t])
		vecs.SetCol(t, l.v[t])
	}
	return slices.Clone(theta[:k]), vecs
}
