package runfoldertest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// runSteps runs the steps command in process with args (stdout and stderr dropped).
func runSteps(args []string) error {
	return stepsBody(context.Background(), args, io.Discard, io.Discard)
}

func TestForge(t *testing.T) {
	var dir string
	Record(t, func(tb testing.TB) { dir = Forge(tb) }).WantPass(t)
	want := map[string]string{
		"thesis.txt":    "chapter 1\r\n\x00\xff the user's work",
		"manifest.json": `{"files":["thesis.txt"]}`,
	}
	if got := Snapshot(t, dir); !maps.Equal(got, want) {
		t.Errorf("Forge made %q, want %q", got, want)
	}
}

func TestCheckSurvived(t *testing.T) {
	dir := Forge(t)
	Record(t, func(tb testing.TB) { CheckSurvived(tb, dir) }).WantPass(t)
	WriteFiles(t, dir, map[string]string{UserFile: "chapter 1\n\x00\xff the user's work"})
	Record(t, func(tb testing.TB) { CheckSurvived(tb, dir) }).WantReport(t, false, `holds "chapter 1\n`)
	if err := os.Remove(filepath.Join(dir, UserFile)); err != nil {
		t.Fatal(err)
	}
	Record(t, func(tb testing.TB) { CheckSurvived(tb, dir) }).WantReport(t, false, "the user's thesis.txt: ")
}

// hiddenRefusal wraps a refusal in a message that names neither its folder nor its file.
type hiddenRefusal struct{ err error }

func (h hiddenRefusal) Error() string { return "refused" }
func (h hiddenRefusal) Unwrap() error { return h.err }

func TestCheckRefused(t *testing.T) {
	dir, other := Forge(t), Forge(t)
	refusal := func(dir string) error {
		_, err := runfolder.Create(dir, runfolder.Options{Notebook: "steps"})
		return err
	}
	Record(t, func(tb testing.TB) { CheckRefused(tb, refusal(dir), dir) }).WantPass(t)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"accepted", nil, "error <nil>, want a refusal of " + dir},
		{"another error", errors.New("disk full"), "error disk full, want a refusal of " + dir},
		{"another folder's refusal", refusal(other), "want a refusal of " + dir},
		{"a message naming nothing", hiddenRefusal{refusal(dir)}, `error "refused" does not name ` + dir},
		{"a message naming nothing", hiddenRefusal{refusal(dir)}, `error "refused" does not name manifest.json`},
	} {
		Record(t, func(tb testing.TB) { CheckRefused(tb, c.err, dir) }).WantReport(t, false, c.want)
	}
}

func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.txt": "A", "sub/deeper/b.txt": "B\x00", "sub/c": ""}
	WriteFiles(t, dir, files)
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	Record(t, func(tb testing.TB) { got = Snapshot(tb, dir) }).WantPass(t)
	if !maps.Equal(got, files) {
		t.Errorf("Snapshot = %q, want %q", got, files)
	}
	Record(t, func(tb testing.TB) { Snapshot(tb, filepath.Join(dir, "absent")) }).WantReport(t, true, "absent")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	Record(t, func(tb testing.TB) { Snapshot(tb, dir) }).WantReport(t, true, "dangling")
}

func TestCheckUnchanged(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(dir string) error
		want string // in the report; empty: none
	}{
		{"unchanged", func(string) error { return nil }, ""},
		{"rewritten with the same bytes", func(dir string) error { return os.WriteFile(filepath.Join(dir, "a.txt"), []byte("A"), 0o644) }, ""},
		{"changed", func(dir string) error { return os.WriteFile(filepath.Join(dir, "sub/b.txt"), []byte("b"), 0o644) }, "sub/b.txt was changed"},
		{"removed", func(dir string) error { return os.Remove(filepath.Join(dir, "a.txt")) }, "a.txt was removed"},
		{"added", func(dir string) error { return os.WriteFile(filepath.Join(dir, "new.txt"), nil, 0o644) }, "new.txt was added"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			WriteFiles(t, dir, map[string]string{"a.txt": "A", "sub/b.txt": "B"})
			before := Snapshot(t, dir)
			if err := c.edit(dir); err != nil {
				t.Fatal(err)
			}
			r := Record(t, func(tb testing.TB) { CheckUnchanged(tb, dir, before) })
			if c.want == "" {
				r.WantPass(t)
			} else {
				r.WantReport(t, false, c.want)
			}
		})
	}
}

func TestOtherRun(t *testing.T) {
	var dir string
	Record(t, func(tb testing.TB) { dir = OtherRun(tb, "toy") }).WantPass(t)
	if b, err := os.ReadFile(filepath.Join(dir, "out.txt")); err != nil || string(b) != "a result of toy" {
		t.Errorf("out.txt: %q, %v", b, err)
	}
	m, err := runfolder.ReadManifest(dir)
	if err != nil || !m.Complete || m.Notebook != "toy" || !slices.Equal(m.Files, []string{"out.txt"}) {
		t.Errorf("manifest %+v, %v; want toy's complete run of out.txt", m, err)
	}
}

// outOf returns the value of -out in args.
func outOf(args []string) string {
	return args[slices.Index(args, "-out")+1]
}

func TestCheckForged(t *testing.T) {
	Record(t, func(tb testing.TB) { CheckForged(tb, runSteps, "-n", "1") }).WantPass(t)
	forced := func(args []string) error { return runSteps(append(args, "-force")) }
	Record(t, func(tb testing.TB) { CheckForged(tb, forced, "-n", "1") }).WantReport(t, false, "want a refusal of ")
	overwrites := func(args []string) error {
		if slices.Contains(args, "-force") {
			return os.WriteFile(filepath.Join(outOf(args), UserFile), []byte("step 0"), 0o644)
		}
		return runSteps(args)
	}
	Record(t, func(tb testing.TB) { CheckForged(tb, overwrites, "-n", "1") }).WantReport(t, false, `holds "step 0"`)
	failsForced := func(args []string) error {
		if slices.Contains(args, "-force") {
			return errors.New("cannot write beside")
		}
		return runSteps(args)
	}
	Record(t, func(tb testing.TB) { CheckForged(tb, failsForced, "-n", "1") }).WantReport(t, true, "cannot write beside")
}

func TestCheckNegativeCounts(t *testing.T) {
	Record(t, func(tb testing.TB) { CheckNegativeCounts(tb, runStepsTo, "n") }).WantPass(t)
	accepts := func(args []string, stdout, stderr io.Writer) error { return nil }
	Record(t, func(tb testing.TB) { CheckNegativeCounts(tb, accepts, "n") }).WantReport(t, false, `-n -1: error <nil>, want a refusal naming "-n = -1"`)
	unnamed := func(args []string, stdout, stderr io.Writer) error { return errors.New("a bad count") }
	Record(t, func(tb testing.TB) { CheckNegativeCounts(tb, unnamed, "n") }).WantReport(t, false, "error a bad count, want")
	late := func(args []string, stdout, stderr io.Writer) error {
		if err := os.MkdirAll(outOf(args), 0o755); err != nil {
			return err
		}
		return fmt.Errorf("-n = -1: refused after creating the folder")
	}
	r := Record(t, func(tb testing.TB) { CheckNegativeCounts(tb, late, "n") })
	r.WantReport(t, false, "was created")
	if len(r.Messages()) != 1 {
		t.Errorf("reports %q, want only that the folder was created", r.Messages())
	}
}

// runStepsTo runs the steps command in process with args and streams.
func runStepsTo(args []string, stdout, stderr io.Writer) error {
	return stepsBody(context.Background(), args, stdout, stderr)
}

func TestCancelOnWrite(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &CancelOnWrite{Cancel: cancel, After: "step 1 written"}
	for _, line := range []string{"step 0 written\n", "step 1 kept\n"} {
		if n, err := w.Write([]byte(line)); n != len(line) || err != nil {
			t.Errorf("Write(%q) = %d, %v; want %d, nil", line, n, err, len(line))
		}
	}
	if ctx.Err() != nil {
		t.Fatal("cancelled before its line")
	}
	if n, err := w.Write([]byte("x step 1 written\n")); n != 17 || err != nil {
		t.Errorf("Write = %d, %v; want 17, nil", n, err)
	}
	if ctx.Err() == nil {
		t.Error("not cancelled by its line")
	}
}

// CheckResume accepts a command that resumes to the uninterrupted run's files and
// reports one that does not stop, resumes to other files, fails to resume or does not
// say it resumed.
func TestCheckResume(t *testing.T) {
	args := []string{"-n", "3"}
	var inspected []string
	stopped := func(dir string) {
		_, err1 := os.Stat(filepath.Join(dir, "step-1.txt"))
		_, err2 := os.Stat(filepath.Join(dir, "step-2.txt"))
		if err1 != nil || !errors.Is(err2, os.ErrNotExist) {
			t.Errorf("the stopped folder: step-1.txt %v, step-2.txt %v; want a stop after step 1", err1, err2)
		}
		inspected = append(inspected, dir)
	}
	Record(t, func(tb testing.TB) { CheckResume(tb, stepsBody, args, "step 1 written", "step 1 kept", stopped) }).WantPass(t)
	if len(inspected) != 1 {
		t.Errorf("stopped ran %d times, want once", len(inspected))
	}
	Record(t, func(tb testing.TB) { CheckResume(tb, stepsBody, args, "step 0 written", "step 0 kept", nil) }).WantPass(t)

	unstoppable := func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		return stepsBody(context.Background(), args, stdout, stderr)
	}
	Record(t, func(tb testing.TB) { CheckResume(tb, unstoppable, args, "step 1 written", "step 1 kept", nil) }).WantReport(t, true, "error <nil>, want context.Canceled")

	calls := 0
	marked := func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		calls++
		return stepsBody(ctx, append(args, "-mark", fmt.Sprint(calls)), stdout, stderr)
	}
	Record(t, func(tb testing.TB) { CheckResume(tb, marked, args, "step 1 written", "step 1 kept", nil) }).WantReport(t, false, "step-2.txt differs")

	calls = 0
	failsResumed := func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if calls++; calls == 3 {
			return errors.New("cannot resume")
		}
		return stepsBody(ctx, args, stdout, stderr)
	}
	Record(t, func(tb testing.TB) { CheckResume(tb, failsResumed, args, "step 1 written", "step 1 kept", nil) }).WantReport(t, true, "the resumed run: cannot resume")

	Record(t, func(tb testing.TB) { CheckResume(tb, stepsBody, args, "step 1 written", "step 2 kept", nil) }).WantReport(t, false, `did not print "step 2 kept"`)
}

// WriteFiles writes each file with its folders, and stops the test when it cannot:
// below a file, or over a folder.
func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.txt": "A", "sub/deeper/b.txt": "B"}
	Record(t, func(tb testing.TB) { WriteFiles(tb, dir, files) }).WantPass(t)
	if got := Snapshot(t, dir); !maps.Equal(got, files) {
		t.Errorf("WriteFiles made %q, want %q", got, files)
	}
	Record(t, func(tb testing.TB) { WriteFiles(tb, dir, map[string]string{"a.txt/c.txt": "C"}) }).WantReport(t, true, "a.txt")
	Record(t, func(tb testing.TB) { WriteFiles(tb, dir, map[string]string{"sub": "S"}) }).WantReport(t, true, "sub")
}
