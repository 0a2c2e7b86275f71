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
// How they share the cores with Go's threads:
//
//   - Thread count: OpenBLAS's default, one thread per CPU (2 here), is kept; it
//     halves the Dsyrk on a quiet machine (m = 2048: 107 ms, README). Threads and
//     SetThreads read and set it (openblas_get/set_num_threads); OPENBLAS_NUM_THREADS at
//     start-up still works. A program that runs several BLAS-heavy tasks side by side
//     (sweep cells) should call SetThreads(1), so that the BLAS threads do not multiply,
//     and so should one on a crowded machine: there the process gets about one core's
//     worth of time either way, and two threads that must both finish a call wait for
//     each other whenever one is descheduled. Measured on the shared 2-core machine
//     under a load average of 23–25 (2026-12-06; feature's benchmarks, -count 8, at
//     nice −5; Targets and Floor at m = 2048): two threads, Targets 0.88–1.14 s (median
//     1.02 s) against Floor 0.77–1.12 s (median 0.86 s); one thread, Targets 0.85–1.03 s
//     (median 0.90 s) against Floor 0.70–0.91 s (median 0.78 s), with 5–15 % less CPU
//     per op and half the spread. Under a load of 15–40 (2026-12-05), one thread was
//     likewise faster: Floor 640–990 ms wall and 190–195 ms CPU against 780–1060 ms and
//     195–236 ms with two.
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
//     At m = 2048 (load 24, -count 2): Targets 0.84–1.09 s and 243–256 ms CPU per op
//     with the short wait, 1.11–1.30 s and 288–297 ms with the long one.
//   - Go's side: a Go thread that calls Dsyrk waits in the call (it is OpenBLAS's
//     first thread), so during the Dsyrk at most the other OpenBLAS thread wants a
//     core. feature's passes before and after it run on up to GOMAXPROCS goroutines
//     (the target pass) or on one (the build pass), while OpenBLAS's workers sleep. So
//     the two never want more than the CPUs at once, and GOMAXPROCS is left to the
//     user: GOMAXPROCS=1 only made the target pass serial (Targets/m=2048 1.12 s against
//     0.84–1.09 s with 2, load 24). Go's garbage collector, which each m×m allocation of
//     the simple constructors paces, is the one Go thread that may run beside a Dsyrk;
//     the reusing forms (feature's Space.Set, …To) allocate nothing and give it no work.
//   - Results: the bits of SymInner do not depend on the thread count, GOMAXPROCS or the
//     wait policy (TestSetThreads, TestSymInnerWorkerIndependent; feature's target
//     passes: TestTargetPassWorkerIndependent).
//   - Start-up: the first Dsyrk of a program starts OpenBLAS's worker thread (stopped at
//     initialisation, above) and faults in its packing buffers, and the first feature
//     calls fault in the Go heap's fresh pages (feature/doc.go, "Fresh memory"): the
//     first of eight Targets/m=2048 runs of a process took 172–184 ms against a median
//     of 122 ms (2026-12-05, quiet); on 2026-12-06 (load 5) a process's first op took
//     20 144 page faults and 0.64 s, against 0 faults and 0.34 s once warm. The
//     benchmarks therefore warm up untimed and report faults/op.
//
// OPENBLAS_CORETYPE (the kernel choice) is left alone.
package blasimpl
