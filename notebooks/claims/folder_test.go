package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Issue 15: a folder with a user's file and another tool's manifest listing it. claims
// refuses it; with -force it runs beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	dir := runfoldertest.Forge(t)
	args := []string{"-quick", "-only", "C1", "-out", dir}
	runfoldertest.CheckRefused(t, run(args, io.Discard, io.Discard), dir)
	runfoldertest.CheckSurvived(t, dir)
	if err := run(append(args, "-force"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	runfoldertest.CheckSurvived(t, dir)
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
