// Package blasimpl selects the BLAS implementation behind gonum's blas64 for the
// whole program. Importing it (feature does, with a blank import) is enough.
//
// The default build uses gonum's pure-Go BLAS. Building with the tag openblas
// (go build -tags openblas, go test -tags openblas) registers
// gonum.org/v1/netlib/blas/netlib, a cgo binding to the C BLAS, linked against
// OpenBLAS (-lopenblas; Debian package libopenblas-dev), through blas64.Use at
// package initialisation. Every gonum mat call (Mul, SymOuterK, …) then runs in
// OpenBLAS. Results agree with pure Go to floating-point rounding only: BLAS
// libraries sum in different orders.
//
// Name reports the active backend, so benchmarks and tests can print it.
package blasimpl
