// Package runiotest holds the checks every notebook's tests share about its committed
// results (that they are what the code writes at the committed settings) and about
// the stops of its replicates (ReplicateStops), and the way they make one file of a
// run fail (Block).
package runiotest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

// CheckCommitted runs the command (run, its tested body) with the committed settings
// of the results folder (a path relative to the module root, which is two levels above
// the command's package): the arguments of the README.md command that refreshes it
// (runio.RefreshCommand), into a new folder, and fails t unless each named
// file holds the bytes of the committed one: a committed result older than the code,
// or disagreeing with it, fails with the command that refreshes it.
func CheckCommitted(t testing.TB, run func(args []string, stdout, stderr io.Writer) error, command, results string, names ...string) {
	t.Helper()
	args, err := runio.RefreshCommand("README.md", command, results)
	if err != nil {
		t.Fatal(err)
	}
	fresh := t.TempDir()
	t.Chdir(filepath.Join("..", "..")) // the README's paths are relative to the module root
	if err := run(append(slices.Clone(args), "-out", fresh), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	refresh := strings.Join(slices.Concat([]string{command}, args, []string{"-out", results, "-force"}), " ")
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(fresh, name))
		if err != nil {
			t.Errorf("the command at the committed settings wrote no %s: %v", name, err)
			continue
		}
		want, err := os.ReadFile(filepath.Join(results, name))
		if err != nil {
			t.Errorf("committed %s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("committed %s differs from what the code now writes at its settings: refresh it with `%s`", filepath.Join(results, name), refresh)
		}
	}
}

// ReplicateStops are the two stops of runfoldertest.CheckTermResume for a command
// that trains two replicates of steps steps one after the other into a run folder
// (Folder.TrainReplicates, one worker): in replicate 1's training, once replicate 0
// finished, and in its evaluation, once its training ended. At each stop replicate
// 0's metrics must be the uninterrupted run's and replicate 1's incomplete records
// must show the phase (runfoldertest.StoppedIn); the resumed run keeps replicate 0.
func ReplicateStops(steps int) []runfoldertest.TermStop {
	rep := func(r int, incomplete bool) string {
		return runfolder.ReplicateFile(r, 2, runfolder.MetricsFile, incomplete)
	}
	stopped := func(inTraining bool) func(t *testing.T, full, dir, output string) {
		return func(t *testing.T, full, dir, output string) {
			runfoldertest.CheckSameFile(t, full, dir, rep(0, false))
			runfoldertest.StoppedIn(t, dir, rep(1, true), steps, inTraining)
		}
	}
	const resumed = "replicate 0 finished in an earlier run"
	return []runfoldertest.TermStop{
		{Name: "training", After: "replicate 0 finished", Resumed: resumed, Stopped: stopped(true)},
		{Name: "evaluation", After: "replicate 1 trained; evaluating it", Resumed: resumed, Stopped: stopped(false)},
	}
}

// Block puts a non-empty directory at path, first removing a file there if there is
// one: the way the notebooks' tests make one file of a run fail. Afterwards writing path
// (runfolder's atomic write renames onto it), reading it and removing it with
// os.Remove all fail, with errors that name path.
func Block(t testing.TB, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "blocked"), 0o755); err != nil {
		t.Fatal(err)
	}
}
