// Package testutil holds the small assertions and set-ups that the tests of several
// packages share.
// It imports only the standard library, so any package's tests may use it.
package testutil

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Recovered runs f and returns the value it panicked with and whether it panicked.
func Recovered(f func()) (value any, panicked bool) {
	panicked = true
	defer func() { value = recover() }()
	f()
	panicked = false
	return nil, false
}

// PanicProblem returns "" when f panics with a string (or error) whose text contains
// want, and otherwise a description of what happened instead.
func PanicProblem(f func(), want string) string {
	v, panicked := Recovered(f)
	if !panicked {
		return "no panic"
	}
	var text string
	switch v := v.(type) {
	case string:
		text = v
	case error:
		text = v.Error()
	default:
		return fmt.Sprintf("panic with %T %v, want a message", v, v)
	}
	if !strings.Contains(text, want) {
		return fmt.Sprintf("panic %q does not name %q", text, want)
	}
	return ""
}

// MustPanic reports an error unless f panics with a message containing want; what
// names the call in the report.
func MustPanic(t testing.TB, what, want string, f func()) {
	t.Helper()
	if p := PanicProblem(f, want); p != "" {
		t.Errorf("%s: %s", what, p)
	}
}

// FirstBitDiff returns the first index at which a and b differ in bits, NaNs of any
// payload counting as equal, or −1 when they agree (b at least as long as a). It
// checks results that must be bitwise identical (across worker counts or kernels).
func FirstBitDiff(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}
