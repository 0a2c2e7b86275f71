//go:build unix

package feature_test

import (
	"syscall"
	"testing"
	"time"
)

// usage is what the kernel counts for the whole process (every thread: Go's and
// OpenBLAS's): user + system CPU time, and minor page faults (first touches of memory
// the process had not touched yet, each a page the kernel zeroes and maps).
type usage struct {
	cpu    time.Duration
	faults int64
}

// processUsage returns the process's usage so far, or ok = false if the system does
// not say.
func processUsage() (u usage, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return usage{}, false
	}
	return usage{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), faults: ru.Minflt}, true
}

// reportUsage adds the metrics cpu-ns/op, process CPU time per iteration since start (a
// measure of the work done, including threads spinning, that a loaded machine inflates
// far less than wall time), and faults/op, minor page faults per iteration (fresh
// memory: 0 once the program reuses its storage).
func reportUsage(b *testing.B, start usage) {
	if end, ok := processUsage(); ok && b.N > 0 {
		b.ReportMetric(float64(end.cpu-start.cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(end.faults-start.faults)/float64(b.N), "faults/op")
	}
}
