package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Issue 15: a folder with a user's file and another tool's manifest listing it. explore
// refuses it; with -force it runs beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	dir := runfoldertest.Forge(t)
	args := []string{"-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-quick", "-out", dir}
	runfoldertest.CheckRefused(t, run(args, io.Discard, io.Discard), dir)
	runfoldertest.CheckSurvived(t, dir)
	if err := run(append(args, "-force"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	runfoldertest.CheckSurvived(t, dir)
}
