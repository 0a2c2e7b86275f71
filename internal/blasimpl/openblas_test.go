//go:build openblas

package blasimpl

import (
	"os"
	"testing"
)

// TestShortWaitPolicy checks that package initialisation gave OpenBLAS the short wait
// policy (2^4 cycles of spinning before an idle worker sleeps), or left a timeout the
// user set in the environment alone.
func TestShortWaitPolicy(t *testing.T) {
	want := 4
	if os.Getenv("OPENBLAS_THREAD_TIMEOUT") != "" || os.Getenv("GOTO_THREAD_TIMEOUT") != "" {
		t.Skip("the user set a thread timeout; package initialisation leaves it alone")
	}
	if got := threadTimeout(); got != want {
		t.Errorf("OpenBLAS thread timeout = %d, want %d", got, want)
	}
}
