package blasimpl

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/mat"
)

// SymOuter sets dst = x xᵀ (dst n×n for x n×k), SymInner's product for an operand
// already stored transposed. With OpenBLAS it is one Dsyrk; the default build runs
// SymInner's tiled pure-Go SYRK directly on x (no transposed copy). It panics if dst is
// not n×n.
func SymOuter(dst *mat.SymDense, x *mat.Dense) {
	n, _ := x.Dims()
	if dst.SymmetricDim() != n {
		panic(fmt.Sprintf("blasimpl: SymOuter into %d×%d from %d rows", dst.SymmetricDim(), dst.SymmetricDim(), n))
	}
	if Name() == "openblas" || n <= tileSize {
		dst.SymOuterK(1, x)
		return
	}
	c := dst.RawSymmetric()
	if c.Uplo != blas.Upper {
		panic("blasimpl: SymOuter needs upper storage")
	}
	tiledSyrk(c, x.RawMatrix())
}
