package testutil

import (
	"errors"
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
