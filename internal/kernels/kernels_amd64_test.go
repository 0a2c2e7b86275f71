//go:build !purego

package kernels

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestKernelLevelMatchesCPU: the kernel level chosen at start-up from CPUID and XGETBV
// (maxKernelLevel) agrees with the CPU features the operating system reports, read
// independently from Linux's /proc/cpuinfo, which lists avx, avx2, fma and avx512f only
// when the kernel also saves the corresponding register state: AVX-512 with avx512f,
// avx2 and fma; AVX2 with avx2 and fma; else portable.
func TestKernelLevelMatchesCPU(t *testing.T) {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo: %v", err)
	}
	var flags []string
	for _, line := range strings.Split(string(data), "\n") {
		if name, val, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			flags = strings.Fields(val)
			break
		}
	}
	if flags == nil {
		t.Skip("/proc/cpuinfo lists no flags")
	}
	has := func(f string) bool { return slices.Contains(flags, f) }
	want := Portable
	switch {
	case has("avx") && has("avx2") && has("fma") && has("avx512f"):
		want = AVX512
	case has("avx") && has("avx2") && has("fma"):
		want = AVX2
	}
	if got := maxKernelLevel(); got != want {
		t.Errorf("maxKernelLevel() = %s, the CPU flags of /proc/cpuinfo give %s", got, want)
	}
}
