// Package blasimpl selects the BLAS implementation behind gonum's blas64 for the
// whole program, and provides the one O(m³) product of the feature space, the SYRK
// c1 = BᵀB (SymInner; SymOuter for an operand stored transposed). Importing it
// (feature does) is enough.
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
//
// # The SYRK in each build
//
// With OpenBLAS, SymInner is one Dsyrk (upper triangle, β = 0). gonum's pure-Go Dsyrk
// is serial and unblocked, so the default build computes the upper triangle as 64×64
// tiles, each a fixed serial sum over 64-wide chunks, on Threads() long-lived worker
// goroutines; the bits do not depend on the number of workers. feature's
// BenchmarkFloor times SymInner alone beside BenchmarkTargets, so the ratio of the
// targets to their floor is measured in one run in either build.
//
// # Threads (the OpenBLAS build's notes)
//
// OpenBLAS (Debian's pthread build, 0.3.21) runs a level-3 call on the calling thread
// plus a pool of its own worker threads, which Go's scheduler neither sees nor counts.
// Two settings decide how they share the cores with Go's threads:
//
//   - Thread count: OpenBLAS's default, one thread per CPU (2 here), is kept; it
//     halves the Dsyrk on an idle machine. Threads and SetThreads read and set it
//     (openblas_get/set_num_threads). A program that runs several BLAS-heavy tasks side
//     by side (sweep cells) should call SetThreads(1), so that the BLAS threads do not
//     multiply.
//     OPENBLAS_NUM_THREADS at start-up still works. Measured on the shared 2-core
//     machine under a load average of 15–40 from other jobs (Floor/m=2048, two rounds
//     of two runs each), one thread was faster, not slower: 640–990 ms wall and
//     190–195 ms CPU per Dsyrk against 780–1060 ms and 195–236 ms with two, because
//     the process got about one core's worth of time either way and two threads wait
//     for each other. On an idle machine two threads halve the Dsyrk; so the default
//     stays, and SetThreads(1) is the setting for a crowded machine.
//   - Wait policy: after a call, an idle OpenBLAS worker spins (sched_yield) for
//     2^OPENBLAS_THREAD_TIMEOUT cycles before it sleeps; the built-in default is 2^28
//     cycles, about 0.1 s, which is longer than the Go work between two Dsyrk calls, so
//     the worker competes with Go's threads (the O(m²) passes, the garbage collector)
//     for the two cores all the time. This package therefore sets the shortest timeout,
//     2^4 cycles, at initialisation when the user has not set OPENBLAS_THREAD_TIMEOUT
//     (or GOTO_THREAD_TIMEOUT): it sets the variable in the C environment, has the
//     library re-read it (openblas_read_env) and stops the worker pool
//     (blas_thread_shutdown_, the library's fork handler), which the next threaded call
//     restarts with the short timeout. The cost is one futex wake-up (microseconds) per
//     call, against Dsyrk calls of milliseconds. Measured at m = 256 (go test -tags
//     openblas -bench '/m=256$' -count 2, two rounds; with and without
//     OPENBLAS_THREAD_TIMEOUT=28 in the environment): Targets 2.1–4.0 ms wall and
//     1.3–1.6 ms CPU per op with the short wait, 5.2–7.6 ms wall and 2.4–4.6 ms CPU with
//     the long one; the reusing form (BenchmarkSpaceSet) 1.5–2.9 ms against 3.6–8.9 ms.
//   - Go's side: feature's O(m²) passes are single goroutines, so next to a Dsyrk at
//     most one Go thread wants a core. GOMAXPROCS is left to the user.
//
// OPENBLAS_CORETYPE (the kernel choice) is left alone.
package blasimpl
