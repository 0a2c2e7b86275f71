package docrefs

import (
	"os"
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
		"docs/theory.md:13: docs/theory.md has no section §7",
		`notes/guide.md:1: link "README.md": notes/README.md does not exist`,
		"pkg/a.go:1: docs/theory.md has no section §4",
		`pkg/a.go:2: bare reference "design.md": write docs/design.md`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
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
