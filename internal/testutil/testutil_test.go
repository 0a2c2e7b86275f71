package testutil

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPanicProblem(t *testing.T) {
	for _, c := range []struct {
		reason string
		f      func()
		want   string
		ok     bool
		says   string
	}{
		{"string panic naming the value", func() { panic("row 3 out of range") }, "row 3", true, ""},
		{"error panic naming the value", func() { panic(errors.New("bad τ = 0")) }, "τ = 0", true, ""},
		{"panic with another message", func() { panic("row 4 out of range") }, "row 3", false, `does not name "row 3"`},
		{"a runtime panic is not a message", func() { panic(7) }, "7", false, "panic with int"},
		{"no panic at all", func() {}, "x", false, "no panic"},
		{"a runtime error without the message", func() { var a []int; _ = a[len(a)] }, "row", false, `does not name "row"`},
	} {
		got := PanicProblem(c.f, c.want)
		if (got == "") != c.ok || !strings.Contains(got, c.says) {
			t.Errorf("%s: PanicProblem = %q, want ok %v and text containing %q", c.reason, got, c.ok, c.says)
		}
	}
	if v, p := Recovered(func() {}); p || v != nil {
		t.Errorf("Recovered of a returning f = %v, %v", v, p)
	}
	if v, p := Recovered(func() { panic("x") }); !p || v != "x" {
		t.Errorf("Recovered of a panicking f = %v, %v", v, p)
	}
}

// TestFirstBitDiff: equal slices give −1, NaNs of different payloads are equal, and
// +0 and −0 (equal as numbers) differ in bits.
func TestFirstBitDiff(t *testing.T) {
	nan2 := math.Float64frombits(math.Float64bits(math.NaN()) ^ 1)
	for _, c := range []struct {
		a, b []float64
		want int
	}{
		{[]float64{1, 2}, []float64{1, 2}, -1},
		{[]float64{math.NaN(), 2}, []float64{nan2, 2}, -1},
		{[]float64{1, 0}, []float64{1, math.Copysign(0, -1)}, 1},
		{[]float64{1, 2, 3}, []float64{1, 2.0000000000000004, 3}, 1},
		{[]float64{math.NaN()}, []float64{1}, 0},
	} {
		if got := FirstBitDiff(c.a, c.b); got != c.want {
			t.Errorf("FirstBitDiff(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// recorder is a testing.TB that records Errorf calls instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestMustPanic: no report when f panics with the wanted text; otherwise one report
// naming the call and what happened instead.
func TestMustPanic(t *testing.T) {
	var r recorder
	MustPanic(&r, "Good(3)", "row 3", func() { panic("row 3 out of range") })
	if len(r.errs) != 0 {
		t.Errorf("MustPanic of a panic naming the value reported %q", r.errs)
	}
	MustPanic(&r, "Quiet(3)", "row 3", func() {})
	if want := "Quiet(3): no panic"; len(r.errs) != 1 || r.errs[0] != want {
		t.Errorf("MustPanic of a returning f reported %q, want [%q]", r.errs, want)
	}
}

// TestGoTelemetryOff: with HOME a fresh folder, the go command reports telemetry off
// and writes nothing under HOME or the configuration folder but the mode file.
func TestGoTelemetryOff(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	GoTelemetryOff(t)
	out, err := exec.Command(goCmd, "env", "GOTELEMETRY").Output()
	if err != nil || strings.TrimSpace(string(out)) != "off" {
		t.Fatalf("go env GOTELEMETRY = %q, %v; want off", out, err)
	}
	config := os.Getenv("XDG_CONFIG_HOME")
	var files []string
	for _, root := range []string{home, config} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if want := filepath.Join(config, "go", "telemetry", "mode"); len(files) != 1 || files[0] != want {
		t.Errorf("files after go env: %q, want only %s", files, want)
	}
}

// TestFailingWriter: every write writes nothing and fails with ErrDiskFull.
func TestFailingWriter(t *testing.T) {
	for _, p := range [][]byte{nil, []byte("x")} {
		if n, err := (FailingWriter{}).Write(p); n != 0 || !errors.Is(err, ErrDiskFull) || err.Error() != "disk full" {
			t.Errorf("Write(%q) = %d, %v; want 0, disk full", p, n, err)
		}
	}
}
