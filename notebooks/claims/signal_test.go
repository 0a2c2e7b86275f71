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

// SIGTERM to a real claims process after its first claim, while another trains: it exits within 5 s with a
// non-zero status, ledger.incomplete.md holds the finished claims, and the manifest
// says complete=false.
func TestSIGTERM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	// C1 is printed as soon as it is done; C29 trains encoders for many seconds.
	child := runfoldertest.Start(t, runfoldertest.Self(t), "-only", "C1,C29", "-out", out)
	child.WaitFor(t, "C1 ")
	runfoldertest.TermAndCheck(t, child, out, false)
	if _, err := os.Stat(filepath.Join(out, "ledger.incomplete.md")); err != nil {
		t.Errorf("no ledger.incomplete.md: %v\n%s", err, child.Output())
	}
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
