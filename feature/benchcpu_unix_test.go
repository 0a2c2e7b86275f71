//go:build unix

package feature_test

import (
	"syscall"
	"testing"
	"time"
)

// processCPU returns the user + system CPU time of the whole process so far (every
// thread: Go's and OpenBLAS's), or ok = false if the system does not say.
func processCPU() (d time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

// reportCPU adds the metric cpu-ns/op: process CPU time per iteration since start, a
// measure of the work done (including threads spinning) that a loaded machine inflates
// far less than wall time.
func reportCPU(b *testing.B, start time.Duration) {
	if end, ok := processCPU(); ok && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}
