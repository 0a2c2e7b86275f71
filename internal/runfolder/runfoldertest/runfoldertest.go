// Package runfoldertest holds the checks of runfolder's ownership rule that every
// command's tests share: a folder with a user's file and a manifest some other tool
// wrote (once, its listed files were deleted), and snapshots of a folder's bytes.
// Record runs a check with a Recorder, a testing.TB that keeps what the check reports
// instead of failing the test, so that the checks' own tests (here and in
// notebooks/internal/runiotest) show that each check passes good input and reports
// every kind of bad input it exists for.
package runfoldertest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// UserFile is the user's file Forge puts in its folder, and UserBytes its content
// (not UTF-8, no final newline, so that any rewrite shows).
const (
	UserFile  = "thesis.txt"
	UserBytes = "chapter 1\r\n\x00\xff the user's work"
)

// ForgedManifest is another tool's manifest, listing the user's file.
const ForgedManifest = `{"files":["thesis.txt"]}`

// Forge returns a new folder holding UserFile and a manifest.json ForgedManifest.
func Forge(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, UserFile), []byte(UserBytes), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, runfolder.ManifestFile), []byte(ForgedManifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// CheckSurvived fails t unless dir's UserFile holds UserBytes, byte for byte.
func CheckSurvived(t testing.TB, dir string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, UserFile))
	if err != nil {
		t.Errorf("the user's %s: %v", UserFile, err)
		return
	}
	if !bytes.Equal(got, []byte(UserBytes)) {
		t.Errorf("the user's %s holds %q, want %q", UserFile, got, UserBytes)
	}
}

// CheckRefused fails t unless err is runfolder's refusal of dir (a
// *runfolder.ForeignError whose message names dir and the foreign file).
func CheckRefused(t testing.TB, err error, dir string) {
	t.Helper()
	var fe *runfolder.ForeignError
	if !errors.As(err, &fe) || fe.Dir != dir {
		t.Errorf("error %v, want a refusal of %s", err, dir)
		return
	}
	for _, s := range []string{dir, fe.File} {
		if !bytes.Contains([]byte(err.Error()), []byte(s)) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}
}

// Snapshot returns the bytes of every file under dir by slash-separated name.
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// CheckUnchanged fails t unless dir holds exactly the files of before, byte for byte.
func CheckUnchanged(t testing.TB, dir string, before map[string]string) {
	t.Helper()
	after := Snapshot(t, dir)
	for name, b := range before {
		if a, ok := after[name]; !ok {
			t.Errorf("%s was removed", name)
		} else if a != b {
			t.Errorf("%s was changed", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s was added to a refused folder", name)
		}
	}
}

// WriteFiles writes files (slash-separated name → content) under dir, creating their
// folders: a folder made by hand for a check.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// OtherRun returns a new folder holding a complete run of notebook with one file,
// out.txt, written through runfolder.
func OtherRun(t testing.TB, notebook string) string {
	t.Helper()
	dir := t.TempDir()
	f, err := runfolder.Create(dir, runfolder.Options{Notebook: notebook})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("out.txt", []byte("a result of "+notebook)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

// CheckForged runs the command (run, its tested body) with args and -out pointing at a
// folder Forge made: it must refuse the folder (CheckRefused) and, with -force added,
// run beside the user's file; the file survives both byte for byte.
func CheckForged(t testing.TB, run func(args []string) error, args ...string) {
	t.Helper()
	dir := Forge(t)
	args = append(args, "-out", dir)
	CheckRefused(t, run(args), dir)
	CheckSurvived(t, dir)
	if err := run(append(args, "-force")); err != nil {
		t.Fatal(err)
	}
	CheckSurvived(t, dir)
}

// CheckNegativeCounts runs the command (run, its tested body) once per flag with that
// flag set to −1 and -out at a new folder: each must be refused with an error naming
// the flag and its value (runfolder.ParseFlags), before anything is written.
func CheckNegativeCounts(t testing.TB, run func(args []string, stdout, stderr io.Writer) error, flags ...string) {
	t.Helper()
	for _, name := range flags {
		out := filepath.Join(t.TempDir(), "out")
		err := run([]string{"-" + name, "-1", "-out", out}, io.Discard, io.Discard)
		if want := "-" + name + " = -1"; err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("-%s -1: error %v, want a refusal naming %q", name, err, want)
		}
		if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("-%s -1: %s was created (%v)", name, out, err)
		}
	}
}

// CancelOnWrite is a writer (a command's stderr) that calls Cancel once a write
// contains After: a stop at a chosen point of a command run in-process.
type CancelOnWrite struct {
	Cancel context.CancelFunc
	After  string
}

func (c *CancelOnWrite) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.After) {
		c.Cancel()
	}
	return len(p), nil
}

// CheckResume checks that a stopped run resumes to the uninterrupted run's files. It
// runs the command (body, the tested body of runfolder.Run) with args three times: into
// a new folder, uninterrupted; into another, stopped by cancelling its context once its
// stdout or stderr shows stopAfter, where it must return context.Canceled (stopped, when non-nil,
// then inspects that folder); and into the same folder again. The last run must
// complete, print resumed, and leave every file of the uninterrupted run,
// byte for byte, and no other (manifest.json aside: it records times). A file that
// names its own folder (a ledger quoting its command's -out) is compared with the
// uninterrupted run's folder name read as the resumed run's.
func CheckResume(t testing.TB, body runfolder.Body, args []string, stopAfter, resumed string, stopped func(dir string)) {
	t.Helper()
	full, out := t.TempDir(), t.TempDir()
	if err := body(context.Background(), append(slices.Clone(args), "-out", full), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := &CancelOnWrite{Cancel: cancel, After: stopAfter}
	err := body(ctx, append(slices.Clone(args), "-out", out), stop, stop)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped after %q: error %v, want context.Canceled", stopAfter, err)
	}
	if stopped != nil {
		stopped(out)
	}
	resumeAndCompare(t, body, args, full, out, resumed)
}
