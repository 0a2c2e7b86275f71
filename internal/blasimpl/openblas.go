//go:build openblas

package blasimpl

// gonum.org/v1/netlib declares only the C headers; the library to link is ours to
// name. Flags given here apply to the whole program's link.

/*
#cgo LDFLAGS: -lopenblas
#include <stdlib.h>

void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
int openblas_thread_timeout(void);
void openblas_read_env(void);
int blas_thread_shutdown_(void);

// blasimpl_short_wait gives OpenBLAS's idle worker threads the shortest spin before they
// sleep (OPENBLAS_THREAD_TIMEOUT=4: 2^4 cycles; the library's default is 2^28, about
// 0.1 s), unless the user chose a timeout. The library reads its environment when it is
// loaded, before any Go code runs, so this sets the variable in the C environment,
// re-reads it, and stops the worker threads; the next threaded call starts them again
// (the library's own lazy re-initialisation, as after a fork) with the short timeout.
static void blasimpl_short_wait(void) {
	if (getenv("OPENBLAS_THREAD_TIMEOUT") != NULL || getenv("GOTO_THREAD_TIMEOUT") != NULL) {
		return;
	}
	setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0);
	openblas_read_env();
	blas_thread_shutdown_();
}
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() {
	C.blasimpl_short_wait()
	blas64.Use(netlib.Implementation{})
}

// threadTimeout returns the wait policy OpenBLAS read from its environment: idle
// workers spin 2^threadTimeout cycles before sleeping (0: the built-in default).
func threadTimeout() int { return int(C.openblas_thread_timeout()) }

// Name returns the active BLAS backend: "openblas" (cgo, built with -tags openblas).
func Name() string { return "openblas" }

// Threads returns the number of threads OpenBLAS runs a level-3 call on
// (openblas_get_num_threads): OPENBLAS_NUM_THREADS when set at program start, else the
// number of CPUs.
func Threads() int { return int(C.openblas_get_num_threads()) }

// SetThreads sets the number of threads of later OpenBLAS calls
// (openblas_set_num_threads) and returns the previous number. It panics if n < 1.
func SetThreads(n int) int {
	checkThreads(n)
	prev := Threads()
	C.openblas_set_num_threads(C.int(n))
	return prev
}
