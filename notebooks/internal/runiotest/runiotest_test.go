package runiotest

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// CheckCommitted runs a command at the settings of its README's refresh command, from
// the module root two levels above the command's package, and compares the named
// files with the committed ones: it passes when they agree and reports a stale or
// missing file, naming the command that refreshes it.
func TestCheckCommitted(t *testing.T) {
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(root, "cmd", "x")
	runfoldertest.WriteFiles(t, root, map[string]string{
		"cmd/x/README.md":     "Refresh:\n\n```sh\ngo run ./cmd/x -n 2 -out cmd/x/results -force\ngo run ./cmd/x -n 3 -out /tmp/x3\n```\n",
		"cmd/x/results/a.txt": "a of 2\n",
		"cmd/x/results/b.txt": "b\n",
	})
	// run is the command x: it writes a.txt ("a of N") and b.txt into -out.
	var calls [][]string
	run := func(args []string, stdout, stderr io.Writer) error {
		wd, _ := os.Getwd()
		calls = append(calls, append([]string{wd}, args...))
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		n := fs.Int("n", 1, "")
		out := fs.String("out", "", "")
		if err := fs.Parse(args); err != nil {
			return err
		}
		for name, b := range map[string]string{"a.txt": "a of " + strconv.Itoa(*n) + "\n", "b.txt": "b\n"} {
			if err := os.WriteFile(filepath.Join(*out, name), []byte(b), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
	check := func(t *testing.T, command string, names ...string) *runfoldertest.Recorder {
		t.Chdir(pkg)
		return runfoldertest.Record(t, func(tb testing.TB) { CheckCommitted(tb, run, command, "cmd/x/results", names...) })
	}
	t.Run("up to date", func(t *testing.T) {
		calls = nil
		check(t, "go run ./cmd/x", "a.txt", "b.txt").WantPass(t)
		if len(calls) != 1 || !slices.Equal(calls[0][:3], []string{root, "-n", "2"}) || calls[0][3] != "-out" || len(calls[0]) != 5 {
			t.Errorf("the command ran as %q, want once in %s with -n 2 -out and a new folder", calls, root)
		}
	})
	t.Run("stale", func(t *testing.T) {
		runfoldertest.WriteFiles(t, root, map[string]string{"cmd/x/results/a.txt": "a of 1\n"})
		defer runfoldertest.WriteFiles(t, root, map[string]string{"cmd/x/results/a.txt": "a of 2\n"})
		check(t, "go run ./cmd/x", "a.txt", "b.txt").WantReport(t, false,
			"committed cmd/x/results/a.txt differs from what the code now writes at its settings: refresh it with `go run ./cmd/x -n 2 -out cmd/x/results -force`")
	})
	t.Run("not written", func(t *testing.T) {
		runfoldertest.WriteFiles(t, root, map[string]string{"cmd/x/results/c.txt": "c\n"})
		defer os.Remove(filepath.Join(root, "cmd/x/results/c.txt"))
		check(t, "go run ./cmd/x", "c.txt").WantReport(t, false, "the command at the committed settings wrote no c.txt")
	})
	t.Run("not committed", func(t *testing.T) {
		if err := os.Remove(filepath.Join(root, "cmd/x/results/b.txt")); err != nil {
			t.Fatal(err)
		}
		defer runfoldertest.WriteFiles(t, root, map[string]string{"cmd/x/results/b.txt": "b\n"})
		check(t, "go run ./cmd/x", "a.txt", "b.txt").WantReport(t, false, "committed b.txt: ")
	})
	t.Run("no refresh command", func(t *testing.T) {
		check(t, "go run ./cmd/y", "a.txt").WantReport(t, true, `0 commands "go run ./cmd/y"`)
	})
	t.Run("the command fails", func(t *testing.T) {
		runfoldertest.WriteFiles(t, root, map[string]string{"cmd/x/README.md": "```sh\ngo run ./cmd/x -n two -out cmd/x/results\n```\n"})
		check(t, "go run ./cmd/x", "a.txt").WantReport(t, true, `invalid value "two" for flag -n`)
	})
}

// ReplicateStops stops in replicate 1's training, then in its evaluation, and each
// stop's inspection accepts a stopped folder of its phase: replicate 0's metrics
// those of the uninterrupted run, replicate 1's incomplete records ending before the
// last step (training) or at it (evaluation). (That the inspections report a folder
// of the other phase, or a replicate 0 that differs, is runfoldertest's StoppedIn and
// CheckSameFile, tested there.)
func TestReplicateStops(t *testing.T) {
	const steps = 10
	stops := ReplicateStops(steps)
	if len(stops) != 2 {
		t.Fatalf("%d stops, want 2", len(stops))
	}
	for i, want := range []runfoldertest.TermStop{
		{Name: "training", After: "replicate 0 finished", Resumed: "replicate 0 finished in an earlier run"},
		{Name: "evaluation", After: "replicate 1 trained; evaluating it", Resumed: "replicate 0 finished in an earlier run"},
	} {
		if s := stops[i]; s.Name != want.Name || s.After != want.After || s.AfterFile != "" || s.Resumed != want.Resumed || s.Stopped == nil {
			t.Errorf("stop %d = %+v, want %+v with an inspection", i, s, want)
		}
	}
	metrics := func(dir, name string, last int) {
		rows := []runfolder.MetricRow{{Step: 0, Metric: "loss", I: -1, J: -1, Value: 2}, {Step: last, Metric: "loss", I: -1, J: -1, Value: 1}}
		if err := runfolder.WriteMetricsCSV(filepath.Join(dir, filepath.FromSlash(name)), rows); err != nil {
			t.Fatal(err)
		}
	}
	folder := func(last1 int) string {
		dir := t.TempDir()
		for _, d := range []string{"replicate-000", "replicate-001"} {
			if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		metrics(dir, "replicate-000/metrics.csv", steps-1)
		metrics(dir, "replicate-001/metrics.incomplete.csv", last1)
		return dir
	}
	full := t.TempDir()
	if err := os.Mkdir(filepath.Join(full, "replicate-000"), 0o755); err != nil {
		t.Fatal(err)
	}
	metrics(full, "replicate-000/metrics.csv", steps-1)
	stops[0].Stopped(t, full, folder(steps-2), "")
	stops[1].Stopped(t, full, folder(steps-1), "")
}

// Block, on a file and on a free name: afterwards the name is a directory, and writing
// it atomically (runfolder.WriteFileAtomic, as run folders do), reading it and removing
// it each fail with an error naming it.
func TestBlock(t *testing.T) {
	dir := t.TempDir()
	runfoldertest.WriteFiles(t, dir, map[string]string{"file.txt": "x"})
	for _, name := range []string{"file.txt", "free.txt"} {
		path := filepath.Join(dir, name)
		Block(t, path)
		if st, err := os.Stat(path); err != nil || !st.IsDir() {
			t.Errorf("%s after Block: %v, %v; want a directory", name, st, err)
		}
		_, rerr := os.ReadFile(path)
		for what, err := range map[string]error{
			"write":  runfolder.WriteFileAtomic(path, []byte("y")),
			"read":   rerr,
			"remove": os.Remove(path),
		} {
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("%s a blocked %s: error %v, want one naming it", what, name, err)
			}
		}
	}
}
