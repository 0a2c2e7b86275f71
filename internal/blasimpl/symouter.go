package blasimpl

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// symOuterBlock is the row-block height of blockedSymOuter: large enough for gonum's
// Dgemm to block and parallelise each product, small enough that the wasted lower
// half of each diagonal block (block²/2 entries) stays a few percent of m²/2.
const symOuterBlock = 128

// SymOuter sets dst = x xᵀ (dst n×n for x n×k), the SYRK product behind c1 = BᵀB.
// With OpenBLAS it is one Dsyrk. gonum's pure-Go Dsyrk is serial and unblocked, so
// the default build instead computes the upper triangle by row blocks, each a
// Dgemm C[i0:i1, i0:] = x[i0:i1] x[i0:]ᵀ that gonum blocks and runs in parallel.
// It panics if dst is not n×n.
func SymOuter(dst *mat.SymDense, x *mat.Dense) {
	n, _ := x.Dims()
	if dst.SymmetricDim() != n {
		panic(fmt.Sprintf("blasimpl: SymOuter into %d×%d from %d rows", dst.SymmetricDim(), dst.SymmetricDim(), n))
	}
	if Name() == "openblas" || n <= symOuterBlock {
		dst.SymOuterK(1, x)
		return
	}
	blockedSymOuter(dst, x)
}

func blockedSymOuter(dst *mat.SymDense, x *mat.Dense) {
	xr := x.RawMatrix()
	cr := dst.RawSymmetric()
	if cr.Uplo != blas.Upper {
		panic("blasimpl: SymOuter needs upper storage")
	}
	n, k := xr.Rows, xr.Cols
	for i0 := 0; i0 < n; i0 += symOuterBlock {
		i1 := min(i0+symOuterBlock, n)
		a := blas64.General{Rows: i1 - i0, Cols: k, Stride: xr.Stride, Data: xr.Data[i0*xr.Stride:]}
		b := blas64.General{Rows: n - i0, Cols: k, Stride: xr.Stride, Data: xr.Data[i0*xr.Stride:]}
		c := blas64.General{Rows: i1 - i0, Cols: n - i0, Stride: cr.Stride, Data: cr.Data[i0*cr.Stride+i0:]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, a, b, 0, c)
	}
}
