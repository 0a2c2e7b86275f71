//go:build openblas

package blasimpl

// gonum.org/v1/netlib declares only the C headers; the library to link is ours to
// name. Flags given here apply to the whole program's link.

/*
#cgo LDFLAGS: -lopenblas
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() { blas64.Use(netlib.Implementation{}) }

// Name returns the active BLAS backend: "openblas" (cgo, built with -tags openblas).
func Name() string { return "openblas" }
