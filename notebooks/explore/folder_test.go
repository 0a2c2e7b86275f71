package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: explore refuses
// it; with -force it writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) }, "-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-quick")
}
