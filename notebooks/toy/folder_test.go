package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: the toy refuses
// it; with -force it writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) }, "-quick", "-formats", "")
}

// A -quick smoke run writes to its own folder, never over a real run's (or the
// committed results); an explicit -out wins.
func TestQuickOut(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "notebooks/toy/out"},
		{[]string{"-quick"}, "notebooks/toy/out-quick"},
		{[]string{"-quick", "-out", "x"}, "x"},
	} {
		o, err := parseFlags(c.args, io.Discard)
		if err != nil || o.out != c.want {
			t.Errorf("%v: out %q, %v; want %q", c.args, o.out, err, c.want)
		}
	}
}
