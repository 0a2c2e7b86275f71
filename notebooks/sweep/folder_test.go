package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// tinySweep is the cheapest sweep: 1 cell of the tiny scenario, 5 steps.
var tinySweep = []string{"-scenario", "testdata/tiny.json", "-N", "16", "-loss", "infonce", "-seeds", "1", "-steps", "5"}

// A folder with a user's file and another tool's manifest listing it. The
// sweep (and a merge into it) refuses it; with -force it runs beside the file; the
// file survives.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	dir := runfoldertest.Forge(t)
	args := append(append([]string{}, tinySweep...), "-out", dir)
	runfoldertest.CheckRefused(t, sweepErr(args...), dir)
	runfoldertest.CheckSurvived(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "sweep.json")); err == nil {
		t.Errorf("the refused sweep wrote sweep.json")
	}
	src := t.TempDir()
	sweepCmd(t, append(append([]string{}, tinySweep...), "-out", src)...)
	runfoldertest.CheckRefused(t, sweepErr("merge", "-out", dir, src), dir)
	runfoldertest.CheckSurvived(t, dir)
	sweepCmd(t, append(args, "-force")...)
	runfoldertest.CheckSurvived(t, dir)
	// The forced run is a sweep folder of its own now, but the user's file is still
	// foreign to it: a second run without -force is refused again.
	runfoldertest.CheckRefused(t, sweepErr(args...), dir)
	runfoldertest.CheckSurvived(t, dir)
}

// A sweep's -out at a run folder (or a merge into one) is refused, and nothing in it
// changes.
func TestRunFolderRefused(t *testing.T) {
	dir := runfoldertest.OtherRun(t, "run")
	before := runfoldertest.Snapshot(t, dir)
	runfoldertest.CheckRefused(t, sweepErr(append(append([]string{}, tinySweep...), "-out", dir)...), dir)
	runfoldertest.CheckUnchanged(t, dir, before)
	src := t.TempDir()
	sweepCmd(t, append(append([]string{}, tinySweep...), "-out", src)...)
	runfoldertest.CheckRefused(t, sweepErr("merge", "-out", dir, src), dir)
	runfoldertest.CheckUnchanged(t, dir, before)
}

// -steps follows the rule of run (runio.OverrideSteps): tiny.json averages from step
// 20, so -steps 10 turns averaging off and says so, instead of refusing.
func TestStepsRuleAsRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-scenario", "testdata/tiny.json", "-steps", "10", "-list"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if want := "sweep: note: -steps 10: average_from 20 ≥ 10 steps: averaging turned off"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
}
