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

// TestLevelFor decides the level on synthetic CPUs, one feature bit or OS state bit
// missing at a time (bit positions from the Intel SDM: CPUID.1:ECX FMA 12, OSXSAVE 27,
// AVX 28; CPUID.7.0:EBX AVX2 5, AVX-512F 16; XCR0 bits 1–2 SSE/AVX state, 5–7 opmask
// and ZMM state). Without OSXSAVE, XGETBV faults: it must not be called.
func TestLevelFor(t *testing.T) {
	const (
		fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
		avx2, avx512f     = 1 << 5, 1 << 16
		c1All             = fma | osxsave | avx
		b7All             = avx2 | avx512f
		xcrAll            = 0xe6
	)
	for _, tc := range []struct {
		reason string
		c1, b7 uint32
		xcr0   uint64
		want   Level
	}{
		{"everything", c1All, b7All, xcrAll, AVX512},
		{"no AVX-512F", c1All, avx2, xcrAll, AVX2},
		{"AVX-512 state not saved by the OS", c1All, b7All, 0x06, AVX2},
		{"ZMM high state not saved", c1All, b7All, 0x66, AVX2},
		{"no AVX2", c1All, avx512f, xcrAll, Portable},
		{"YMM state not saved", c1All, b7All, 0xe2, Portable},
		{"XMM state not saved", c1All, b7All, 0xe4, Portable},
		{"no FMA", osxsave | avx, b7All, xcrAll, Portable},
		{"no AVX", fma | osxsave, b7All, xcrAll, Portable},
		{"no OSXSAVE", fma | avx, b7All, xcrAll, Portable},
		{"no FMA, no OSXSAVE", avx, b7All, xcrAll, Portable},
		{"nothing", 0, 0, 0, Portable},
	} {
		cpuid := func(eax, ecx uint32) (a, b, c, d uint32) {
			switch {
			case eax == 1:
				return 0, 0, tc.c1, 0
			case eax == 7 && ecx == 0:
				return 0, tc.b7, 0, 0
			}
			t.Fatalf("%s: unexpected CPUID leaf %d.%d", tc.reason, eax, ecx)
			return
		}
		xgetbv := func() uint64 {
			if tc.c1&osxsave == 0 {
				t.Errorf("%s: XGETBV called without OSXSAVE", tc.reason)
			}
			return tc.xcr0
		}
		if got := levelFor(cpuid, xgetbv); got != tc.want {
			t.Errorf("%s: levelFor = %s, want %s", tc.reason, got, tc.want)
		}
	}
}
