package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: refused; with
// -force the run writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) },
		"-scenario", writeScenario(t, small), "-steps", "5", "-replicates", "1", "-formats", "none")
}

// A run's -out at a sweep folder is refused, and nothing in it changes.
func TestSweepFolderRefused(t *testing.T) {
	dir := runfoldertest.OtherRun(t, "sweep")
	before := runfoldertest.Snapshot(t, dir)
	err := run([]string{"-scenario", writeScenario(t, small), "-steps", "5", "-formats", "none", "-out", dir}, io.Discard, io.Discard)
	runfoldertest.CheckRefused(t, err, dir)
	runfoldertest.CheckUnchanged(t, dir, before)
}
