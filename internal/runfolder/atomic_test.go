package runfolder

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteFileAtomic(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "second" {
		t.Errorf("content %q, want %q", got, "second")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	assertOnly(t, dir, "a.txt")
}

// A failing writer leaves the old file as it was and no temporary file behind.
func TestWriteAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.csv")
	if err := WriteFileAtomic(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new content")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want one wrapping %v", err, boom)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("content %q after a failed write, want %q", got, "old")
	}
	assertOnly(t, dir, "m.csv")
}

func TestWriteAtomicMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "x")
	if err := WriteFileAtomic(path, nil); err == nil {
		t.Errorf("write into a missing directory: no error")
	}
}

// assertOnly checks that dir holds exactly the named entries.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("directory holds %v, want %v", got, names)
	}
	for k := range got {
		if got[k] != names[k] {
			t.Fatalf("directory holds %v, want %v", got, names)
		}
	}
}

// A bare file name is written in the working directory.
func TestWriteAtomicBareName(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := WriteFileAtomic("bare.txt", []byte("x")); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "bare.txt")
}

// The temporary file lives next to its destination (a rename is atomic only within
// one directory), also for a bare name, which never falls back on $TMPDIR.
func TestWriteAtomicTempBesideDestination(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing")) // os.TempDir() now names no directory
	cwd := t.TempDir()
	t.Chdir(cwd)
	dest := t.TempDir()
	for _, c := range []struct{ path, dir string }{
		{filepath.Join(dest, "a.txt"), dest},
		{"b.txt", cwd},
	} {
		base := filepath.Base(c.path)
		err := WriteAtomic(c.path, func(w io.Writer) error {
			for _, d := range []string{cwd, dest} {
				tmps, err := filepath.Glob(filepath.Join(d, "."+base+tmpMarker+"*"))
				if err != nil {
					return err
				}
				want := 0
				if d == c.dir {
					want = 1
				}
				if len(tmps) != want {
					t.Errorf("writing %s: %d temporary files in %s, want %d", c.path, len(tmps), d, want)
				}
			}
			_, err := io.WriteString(w, "x")
			return err
		})
		if err != nil {
			t.Fatalf("writing %s: %v", c.path, err)
		}
	}
	assertOnly(t, dest, "a.txt")
	assertOnly(t, cwd, "b.txt")
}
