package main

import (
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Issue 15: a folder with a user's file and another tool's manifest listing it. The
// run refuses it; with -force it runs beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	path := writeScenario(t, small)
	dir := runfoldertest.Forge(t)
	args := []string{"-scenario", path, "-steps", "5", "-replicates", "1", "-formats", "none", "-out", dir}
	runfoldertest.CheckRefused(t, run(args, io.Discard, io.Discard), dir)
	runfoldertest.CheckSurvived(t, dir)
	if err := run(append(args, "-force"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	runfoldertest.CheckSurvived(t, dir)
}

// A run's -out at a sweep folder is refused, and nothing in it changes.
func TestSweepFolderRefused(t *testing.T) {
	dir := runfoldertest.OtherRun(t, "sweep")
	before := runfoldertest.Snapshot(t, dir)
	err := run([]string{"-scenario", writeScenario(t, small), "-steps", "5", "-formats", "none", "-out", dir}, io.Discard, io.Discard)
	runfoldertest.CheckRefused(t, err, dir)
	runfoldertest.CheckUnchanged(t, dir, before)
}
