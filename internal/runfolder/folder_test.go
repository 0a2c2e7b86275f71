package runfolder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// put writes name under dir with content, creating directories.
func put(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustHold checks that dir/name holds exactly content.
func mustHold(t *testing.T, dir, name, content string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if !bytes.Equal(got, []byte(content)) {
		t.Errorf("%s holds %q, want %q", name, got, content)
	}
}

func mustBeGone(t *testing.T, dir, name string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists (err %v)", name, err)
	}
}

func TestFolderLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	f, err := Create(dir, Options{Notebook: "test", Args: []string{"-x"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Complete || m.Format != Format || m.Notebook != "test" || m.Command != "test" {
		t.Errorf("first manifest complete=%v format=%q notebook=%q command=%q; want false, %q, test, test", m.Complete, m.Format, m.Notebook, m.Command, Format)
	}
	if err := f.WriteConfig([]byte(`{"seed": 3}`), "abc", 3); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("sub/a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	// After each file the manifest on disk lists it, still incomplete.
	if m, _ := ReadManifest(dir); m.Complete || !slices.Equal(m.Files, []string{"config.json", "sub/a.txt"}) {
		t.Errorf("manifest during the run: complete=%v files=%v", m.Complete, m.Files)
	}
	for _, bad := range []string{"../escape.txt", "/abs", ManifestFile, ""} {
		if err := f.WriteFile(bad, nil); err == nil {
			t.Errorf("file name %q was accepted", bad)
		}
	}
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
	m, err = ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	// SHA-256("a") from its definition, computed here by crypto/sha256 on the literal.
	sumA := sha256.Sum256([]byte("a"))
	if !m.Complete || m.Seed != 3 || m.ConfigHash != "abc" || !slices.Equal(m.Files, []string{"config.json", "sub/a.txt"}) || m.SHA256["sub/a.txt"] != hex.EncodeToString(sumA[:]) {
		t.Errorf("final manifest complete=%v seed=%d hash=%q files=%v sha=%v", m.Complete, m.Seed, m.ConfigHash, m.Files, m.SHA256)
	}

	// A new run of the same notebook removes the old run's files (checksums match).
	g, err := Create(dir, Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config.json", "sub/a.txt", "sub"} {
		mustBeGone(t, dir, name)
	}
	runErr := errors.New("interrupted")
	if err := g.Close(runErr); !errors.Is(err, runErr) {
		t.Errorf("Close(err) = %v, want err", err)
	}
	m, _ = ReadManifest(dir)
	if m.Complete || m.Error != "interrupted" {
		t.Errorf("manifest after Close(err): complete=%v error=%q", m.Complete, m.Error)
	}
}

// finishedRun makes dir a complete run folder of notebook holding out.txt.
func finishedRun(t *testing.T, dir, notebook string) {
	t.Helper()
	f, err := Create(dir, Options{Notebook: notebook})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("out.txt", []byte("result")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
}

// A manifest some other tool wrote, listing a user's file (once, such files were deleted).
func TestForgedManifestNeverDeletes(t *testing.T) {
	for _, forged := range []string{
		`{"files":["thesis.txt"]}`,
		`{"format":"` + Format + `","notebook":"test","files":["thesis.txt"]}`, // no checksum
		`{"format":"` + Format + `","notebook":"test","files":["thesis.txt"],"sha256":{"thesis.txt":"` + strings.Repeat("0", 64) + `"}}`,
		`{"format":"` + Format + `","notebook":"other","files":["thesis.txt"]}`,
		`{not json`,
	} {
		dir := t.TempDir()
		put(t, dir, "thesis.txt", "my thesis\x00\xff")
		put(t, dir, ManifestFile, forged)
		_, err := Create(dir, Options{Notebook: "test"})
		var fe *ForeignError
		if !errors.As(err, &fe) || fe.Dir != dir {
			t.Errorf("manifest %s: error %v, want a *ForeignError naming %s", forged, err, dir)
		} else if !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), fe.File) {
			t.Errorf("error %q does not name the folder and the file", err)
		}
		mustHold(t, dir, "thesis.txt", "my thesis\x00\xff")
		mustHold(t, dir, ManifestFile, forged)
		// -force writes beside the file and still removes nothing it did not write.
		f, err := Create(dir, Options{Notebook: "test", Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(nil); err != nil {
			t.Fatal(err)
		}
		mustHold(t, dir, "thesis.txt", "my thesis\x00\xff")
		// The new run's manifest does not adopt the user's file.
		if m, _ := ReadManifest(dir); slices.Contains(m.Files, "thesis.txt") {
			t.Errorf("the forced run lists thesis.txt as its own")
		}
		// and a second run refuses again, naming thesis.txt.
		if _, err := Create(dir, Options{Notebook: "test"}); !errors.As(err, &fe) || fe.File != "thesis.txt" {
			t.Errorf("second run: error %v, want thesis.txt named", err)
		}
		mustHold(t, dir, "thesis.txt", "my thesis\x00\xff")
	}
}

func TestForeignFiles(t *testing.T) {
	// A folder of unrelated files, no manifest: refused, first foreign file in lexical order.
	dir := t.TempDir()
	put(t, dir, "b.txt", "b")
	put(t, dir, "a/z.txt", "z")
	_, err := Create(dir, Options{Notebook: "test"})
	var fe *ForeignError
	if !errors.As(err, &fe) || fe.File != "a/z.txt" {
		t.Errorf("error %v, want a *ForeignError naming a/z.txt", err)
	}

	// A run folder of another notebook: refused (a sweep's -out at a run folder).
	dir = t.TempDir()
	finishedRun(t, dir, "run")
	if _, err := Create(dir, Options{Notebook: "sweep"}); !errors.As(err, &fe) || fe.File != ManifestFile {
		t.Errorf("run folder taken by sweep: error %v, want manifest.json named", err)
	}
	mustHold(t, dir, "out.txt", "result")
	if m, err := ReadManifest(dir); err != nil || m.Notebook != "run" || !m.Complete {
		t.Errorf("the refused folder's manifest changed: %+v, %v", m, err)
	}

	// A file of the run that the user changed is not the run's any more: refused, kept.
	dir = t.TempDir()
	finishedRun(t, dir, "test")
	put(t, dir, "out.txt", "edited by hand")
	if _, err := Create(dir, Options{Notebook: "test"}); !errors.As(err, &fe) || fe.File != "out.txt" {
		t.Errorf("edited file: error %v, want out.txt named", err)
	}
	if _, err := Create(dir, Options{Notebook: "test", Force: true}); err != nil {
		t.Fatal(err)
	}
	mustHold(t, dir, "out.txt", "edited by hand")

	// A user's file beside a run of its own: refused; with Force the run's file is
	// replaced and the user's stays.
	dir = t.TempDir()
	finishedRun(t, dir, "test")
	put(t, dir, "notes.md", "mine")
	if _, err := Create(dir, Options{Notebook: "test"}); !errors.As(err, &fe) || fe.File != "notes.md" {
		t.Errorf("user file: error %v, want notes.md named", err)
	}
	mustHold(t, dir, "out.txt", "result")
	if _, err := Create(dir, Options{Notebook: "test", Force: true}); err != nil {
		t.Fatal(err)
	}
	mustBeGone(t, dir, "out.txt")
	mustHold(t, dir, "notes.md", "mine")

	// A path that is a file.
	file := filepath.Join(t.TempDir(), "f")
	put(t, filepath.Dir(file), "f", "x")
	if _, err := Create(file, Options{Notebook: "test"}); err == nil {
		t.Errorf("a file was accepted as a folder")
	}
}

func TestKeepOwnRemove(t *testing.T) {
	dir := t.TempDir()
	own := func(name string) bool { return strings.HasPrefix(name, "cells/") }
	f, err := Create(dir, Options{Notebook: "test", Keep: true, Own: own})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("results.csv", []byte("r")); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "cells/1.json", "cell") // written outside the Folder, claimed by Own
	put(t, dir, ".x.tmp-123", "half")   // an interrupted atomic write
	if err := f.Close(errors.New("interrupted")); err == nil {
		t.Fatal("Close(err) returned nil")
	}
	// Own names count only in a folder of one's own.
	if _, err := Create(t.TempDir(), Options{Notebook: "test", Own: own}); err != nil {
		t.Fatal(err)
	}
	g, err := Create(dir, Options{Notebook: "test", Keep: true, Own: own})
	if err != nil {
		t.Fatal(err)
	}
	mustHold(t, dir, "results.csv", "r")
	mustHold(t, dir, "cells/1.json", "cell")
	if !slices.Equal(g.Manifest.Files, []string{"results.csv"}) {
		t.Errorf("kept files %v, want [results.csv]", g.Manifest.Files)
	}
	// Remove: a listed file with a matching checksum goes; a changed one stays.
	if ok, err := g.Remove("results.csv"); !ok || err != nil {
		t.Errorf("Remove(results.csv) = %v, %v; want true", ok, err)
	}
	mustBeGone(t, dir, "results.csv")
	if err := g.WriteFile("b.txt", []byte("b")); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "b.txt", "changed")
	if ok, err := g.Remove("b.txt"); ok || err != nil {
		t.Errorf("Remove(changed b.txt) = %v, %v; want false, nil", ok, err)
	}
	mustHold(t, dir, "b.txt", "changed")
	if ok, _ := g.Remove("cells/1.json"); ok {
		t.Errorf("Remove removed a file the manifest does not list")
	}
	mustHold(t, dir, "cells/1.json", "cell")
}

// Errors of the disk reach the caller: a file's directory that cannot be made, a
// manifest that cannot be written at Close.
func TestWriteAndCloseErrors(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("sub", []byte("a file where a folder is wanted")); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("sub/x.txt", nil); err == nil {
		t.Errorf("a file under a file: no error")
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(nil); err == nil {
		t.Errorf("Close with its folder gone: no error")
	}
	stop := errors.New("stopped")
	if err := f.Close(stop); !errors.Is(err, stop) || !strings.Contains(err.Error(), "manifest was not written") {
		t.Errorf("Close(stopped) with its folder gone: error %v, want the stop and the manifest's failure", err)
	}
}

// A checksum in the manifest for a file it does not list does not make the file the
// notebook's: it is foreign.
func TestChecksumWithoutListingIsForeign(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	f.Manifest.Files = nil // the checksum stays
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
	_, err = Create(dir, Options{Notebook: "test"})
	var fe *ForeignError
	if !errors.As(err, &fe) || fe.File != "a.txt" || !strings.Contains(fe.Reason, "does not list") {
		t.Errorf("error %v, want a.txt foreign: the manifest does not list it", err)
	}
}

// Bad input to the folder's writers is refused: a name outside the folder, a config
// that is not JSON.
func TestWritersRefuseBadInput(t *testing.T) {
	f, err := Create(t.TempDir(), Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.WriteMetrics("../escape.csv", nil); err == nil || !strings.Contains(err.Error(), "../escape.csv") {
		t.Errorf("WriteMetrics outside the folder: error %v", err)
	}
	if err := f.WriteConfig([]byte("{not json"), "h", 1); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("WriteConfig of invalid JSON: error %v", err)
	}
	if err := f.WriteMetrics("m.csv", []MetricRow{{Step: 1, Metric: "loss", I: -1, J: -1, Value: 0.5}}); err != nil || !f.Has("m.csv") {
		t.Errorf("WriteMetrics: %v, listed %v", err, f.Has("m.csv"))
	}
	back, err := ReadMetricsCSV(filepath.Join(f.Dir, "m.csv"))
	if err != nil || len(back) != 1 || back[0] != (MetricRow{Step: 1, Metric: "loss", I: -1, J: -1, Value: 0.5}) {
		t.Errorf("WriteMetrics wrote %v (%v), want the one row given", back, err)
	}
}

// A manifest that lists a file without its checksum cannot be verified: the folder is
// refused, naming why.
func TestListingWithoutChecksumRefused(t *testing.T) {
	dir := t.TempDir()
	m := NewManifest("test", "test", nil)
	m.Files = []string{"a.txt"}
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a"), 0o644)
	_, err := Create(dir, Options{Notebook: "test"})
	var fe *ForeignError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "without a SHA-256") {
		t.Errorf("error %v, want a refusal saying a.txt has no SHA-256", err)
	}
}

// A new run removes the earlier run's files and the folders they leave empty, and
// nothing else.
func TestReplaceRemovesEmptiedFolders(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"replicate-000/m.csv", "deep/er/x.txt"} {
		if err := f.WriteFile(name, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir, Options{Notebook: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"replicate-000", "deep/er", "deep"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there (%v)", d, err)
		}
	}
	assertOnly(t, dir, ManifestFile)
}
