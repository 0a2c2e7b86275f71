package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: figures refuses
// it; with -force it writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) }, "-only", "targets", "-formats", "svg")
}

// A stop (here a context cancelled before the first figure) ends the command with
// the cancellation, no index.md, and a manifest saying complete=false.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	err := runContext(ctx, []string{"-only", "targets", "-formats", "svg", "-out", dir}, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.md")); err == nil {
		t.Errorf("an interrupted run wrote index.md")
	}
	if m, err := runfolder.ReadManifest(dir); err != nil || m.Complete {
		t.Errorf("manifest %+v, %v; want complete=false", m, err)
	}
}

// A -quick smoke run writes to figures/out-quick, never over figures/out or the
// committed gallery (run from a temporary working directory).
func TestQuickOut(t *testing.T) {
	t.Chdir(t.TempDir())
	runOK(t, "-quick", "-only", "targets", "-formats", "svg")
	if _, err := os.Stat(filepath.Join("figures", "out-quick", "targets.svg")); err != nil {
		t.Errorf("-quick did not write figures/out-quick: %v", err)
	}
	if _, err := os.Stat(filepath.Join("figures", "out")); err == nil {
		t.Errorf("-quick wrote figures/out")
	}
}

// A stop after the first figure keeps it; the same command run again resumes (the
// figure is kept, not drawn again) and ends with every file byte-identical to an
// uninterrupted run's.
func TestResume(t *testing.T) {
	runfoldertest.CheckResume(t, runContext, []string{"-quick", "-only", "tpm,targets", "-formats", "svg"},
		"[1/2] tpm", "[1/2] tpm: tpm.svg kept from an earlier run", nil)
}
