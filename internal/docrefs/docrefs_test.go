package docrefs

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheckFixture runs the check on a fixture repository whose dangling references
// are known by construction: each line of want is one planted defect, and the
// well-formed references next to them must not be reported.
func TestCheckFixture(t *testing.T) {
	root := filepath.Join("testdata", "repo")
	files := []string{"README.md", "docs/theory.md", "notes/guide.md", "pkg/a.go"}
	problems, err := Check(root, files)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"README.md:4: docs/theory.md has no section §3",
		"README.md:4: docs/theory.md has no section §1.5",
		"README.md:5: docs/missing.md does not exist",
		`README.md:7: link "notes/gone.md": notes/gone.md does not exist`,
		`README.md:8: bare reference "theory.md": write docs/theory.md`,
		`README.md:9: link "../outside.md" leaves the repository`,
		"README.md:9: reference to ../shared, a folder outside the repository",
		`README.md:17: bare reference "theory.md": write docs/theory.md`,
		"docs/theory.md:13: docs/theory.md has no section §7",
		`notes/guide.md:1: link "README.md": notes/README.md does not exist`,
		"pkg/a.go:1: docs/theory.md has no section §4",
		`pkg/a.go:2: bare reference "design.md": write docs/design.md`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := Check(root, []string{"README.md", "no-such-file.md"}); err == nil || !strings.Contains(err.Error(), "no-such-file.md") {
		t.Errorf("Check with a missing file: error %v, want one naming no-such-file.md", err)
	}
}

// TestSections checks heading parsing: numbered headings of any level define their
// numbers, with or without a trailing dot; unnumbered and fenced ones do not.
func TestSections(t *testing.T) {
	md := "# Title\n## 1. One\n### 1.2 One-two\n## 10 Ten\n#### 4.5.6. Deep\n```\n## 3. fenced\n```\n##5 no space\n## 7x not a number\n"
	got := Sections([]byte(md))
	want := []string{"1", "1.2", "10", "4.5.6"}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, want) {
		t.Errorf("sections %v, want %v", keys, want)
	}
}

// TestRepository is the check itself: every docs/… § reference, every relative link of
// every markdown file, and no bare or out-of-repository reference, in the whole module.
func TestRepository(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	all, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	// This test file quotes the fixture's planted defects as expected messages.
	files := slices.DeleteFunc(all, func(f string) bool { return f == "internal/docrefs/docrefs_test.go" })
	// The module has well over a hundred Go and markdown files; a short list means the
	// listing went wrong, and the check below would pass vacuously.
	if len(files) < 100 {
		t.Fatalf("only %d Go and markdown files found under %s", len(files), root)
	}
	for _, want := range []string{"README.md", "docs/theory.md", "docs/design.md", "figures/gallery/index.md"} {
		if !slices.Contains(files, want) {
			t.Errorf("%s is not among the checked files", want)
		}
	}
	problems, err := Check(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// writeTree creates the files (slash-separated paths relative to root), each with the
// content "x".
func writeTree(t *testing.T, root string, files ...string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFilesGit: in a git repository Files lists what git tracks or would track, Go and
// markdown only, sorted: an untracked file is listed, an ignored one (.gitignore) is
// not, nor one deleted from the work tree while still in the index, nor testdata.
func TestFilesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	writeTree(t, root, "z.go", "a/b.md", "notes.txt", "ignored.md", "gone.md", "testdata/t.go", "a/testdata/u.md")
	if err := os.WriteFile(filepath.Join(root, ".gitignore"), []byte("ignored.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "z.go", "gone.md")
	if err := os.Remove(filepath.Join(root, "gone.md")); err != nil {
		t.Fatal(err)
	}
	got, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a/b.md", "z.go"}; !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
}

// TestFilesWalk: where git fails (GIT_DIR names no repository), Files walks the tree:
// Go and markdown files, sorted, without .git and testdata folders; a root that does
// not exist is an error naming it.
func TestFilesWalk(t *testing.T) {
	t.Setenv("GIT_DIR", filepath.Join(t.TempDir(), "no-such-git-dir"))
	root := t.TempDir()
	writeTree(t, root, "z.go", "a/b.md", "a/c.txt", ".git/config.md", "testdata/t.go", "a/testdata/u.md", "a/d/e.go")
	got, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a/b.md", "a/d/e.go", "z.go"}; !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	missing := filepath.Join(root, "no-such-folder")
	if got, err := Files(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Files(%s) = %q, %v; want an error naming the folder", missing, got, err)
	}
}
