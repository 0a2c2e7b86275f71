package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

func TestMain(m *testing.M) {
	runfoldertest.MainIfChild(main)
	os.Exit(m.Run())
}

// SIGTERM to a real toy process: in training it stops between steps; inside the
// level-2 optimum search, which does not look at the context (10⁶ restarts here), the
// grace period ends it; a second signal ends it at once. Every time it exits within
// 5 s with a non-zero status and the manifest on disk says complete=false.
func TestSIGTERM(t *testing.T) {
	bin := runfoldertest.Self(t)
	for _, c := range []struct {
		name   string
		args   []string
		wait   string
		second bool   // send a second SIGTERM
		says   string // in the output after the stop
	}{
		{"training", []string{"-steps", "1000000000", "-n", "64", "-restarts", "1"}, "toy: train: ", false, "context canceled"},
		{"optimum", []string{"-restarts", "1000000"}, "toy: level-2 optimum search", false, "still busy"},
		{"optimum, two signals", []string{"-restarts", "1000000"}, "toy: level-2 optimum search", true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			child := runfoldertest.Start(t, bin, append(c.args, "-formats", "", "-out", out)...)
			child.WaitFor(t, c.wait)
			runfoldertest.TermAndCheck(t, child, out, c.second)
			if !strings.Contains(child.Output(), c.says) {
				t.Errorf("output lacks %q:\n%s", c.says, child.Output())
			}
		})
	}
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
