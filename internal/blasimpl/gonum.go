//go:build !openblas

package blasimpl

// Name returns the active BLAS backend: "gonum" (pure Go, the default build).
func Name() string { return "gonum" }
