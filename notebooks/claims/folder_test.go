package main

import (
	"bytes"
	"context"
	"errors"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: claims refuses
// it; with -force it writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) }, "-quick", "-only", "C1")
}

// -h prints the usage and is not an error (exit status 0).
func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	if err := run([]string{"-h"}, io.Discard, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	if !strings.Contains(stderr.String(), "-quick") || !strings.Contains(stderr.String(), "-force") {
		t.Errorf("-h printed %q, want the flags", stderr.String())
	}
}

// A stop (a context cancelled before the first claim finishes) ends the ledger with
// the cancellation: ledger.incomplete.md, no ledger.md, manifest complete=false.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	err := runContext(ctx, []string{"-quick", "-only", "C1,C2", "-out", dir}, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.md")); err == nil {
		t.Errorf("an interrupted ledger wrote ledger.md")
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.incomplete.md")); err != nil {
		t.Errorf("no ledger.incomplete.md: %v", err)
	}
	if m, err := runfolder.ReadManifest(dir); err != nil || m.Complete {
		t.Errorf("manifest %+v, %v; want complete=false", m, err)
	}
}

// A -quick smoke run writes to its own folder, never over a real run's (or the
// committed results); an explicit -out wins.
func TestQuickOut(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "notebooks/claims/out"},
		{[]string{"-quick"}, "notebooks/claims/out-quick"},
		{[]string{"-quick", "-out", "x"}, "x"},
	} {
		o, err := parseFlags(c.args, io.Discard)
		if err != nil || o.out != c.want {
			t.Errorf("%v: out %q, %v; want %q", c.args, o.out, err, c.want)
		}
	}
}

// A ledger stopped after its first claim (C1's line printed) and run again with the
// same command keeps the recorded outcomes (not evaluated again) and ends with the
// uninterrupted run's ledger.md, byte for byte, and no outcome record left.
func TestResume(t *testing.T) {
	runfoldertest.CheckResume(t, runContext, []string{"-quick", "-only", "C1,C2,C3,C4"}, "C1 ",
		"C1 finished in an earlier run: outcomes/C1.json kept", func(dir string) {
			if _, err := os.Stat(filepath.Join(dir, outcomeFile("C1"))); err != nil {
				t.Errorf("the stopped run did not record C1's outcome: %v", err)
			}
		})
}
