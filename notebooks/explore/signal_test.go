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

// SIGTERM to a real explore process in its training (10⁹ steps): it exits within 5 s
// with a non-zero status and the manifest says complete=false, stopped by the signal.
func TestSIGTERM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	child := runfoldertest.Start(t, runfoldertest.Self(t), "-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-restarts", "1", "-steps", "1000000000", "-out", out)
	child.WaitFor(t, "explore: train logits")
	if m := runfoldertest.TermAndCheck(t, child, out, false); !strings.Contains(m.Error, "context canceled") {
		t.Errorf("manifest error %q, want the cancellation", m.Error)
	}
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
