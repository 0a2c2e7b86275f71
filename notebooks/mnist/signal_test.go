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

// SIGTERM to a real mnist process in study c (10⁹ training steps on fixture data): it
// exits within 5 s with a non-zero status and the manifest says complete=false.
func TestSIGTERM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"-data", writeFixture(t, 4), "-studies", "c"}, tiny...)
	args = append(args, "-steps", "1000000000", "-out", out)
	child := runfoldertest.Start(t, runfoldertest.Self(t), args...)
	child.WaitFor(t, "mnist: writing")
	runfoldertest.TermAndCheck(t, child, out, false)
}
