package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

func TestMain(m *testing.M) {
	runfoldertest.MainIfChild(main)
	os.Exit(m.Run())
}

// SIGTERM to a real figures process after its first figure (full settings, about half
// a minute of work): it exits within 5 s with a non-zero status, the first figure is
// there, index.md is not, and the manifest says complete=false.
func TestSIGTERM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	child := runfoldertest.Start(t, runfoldertest.Self(t), "-formats", "svg", "-out", out)
	child.WaitFor(t, "[1/")
	if m := runfoldertest.TermAndCheck(t, child, out, false); len(m.Files) == 0 {
		t.Errorf("the manifest lists no figure")
	}
	if _, err := os.Stat(filepath.Join(out, "index.md")); err == nil {
		t.Errorf("an interrupted run wrote index.md")
	}
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
