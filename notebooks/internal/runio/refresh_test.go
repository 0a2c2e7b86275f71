package runio

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRefreshCommand(t *testing.T) {
	readme := filepath.Join(t.TempDir(), "README.md")
	text := "```sh\ngo run ./notebooks/toy -out notebooks/toy/out\n" +
		"go run ./notebooks/toy -steps 9 -out notebooks/toy/results -force -seed 2\n" +
		"go run ./notebooks/run -out notebooks/run/results\n```\n"
	if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := RefreshCommand(readme, "go run ./notebooks/toy", "notebooks/toy/results")
	if want := []string{"-steps", "9", "-seed", "2"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("RefreshCommand = %q, %v; want %q", got, err, want)
	}
	for _, results := range []string{"notebooks/toy/none", "notebooks/toy/out-"} {
		if _, err := RefreshCommand(readme, "go run ./notebooks/toy", results); err == nil || !strings.Contains(err.Error(), "0 commands") {
			t.Errorf("%s: error %v, want one saying no command writes it", results, err)
		}
	}
	dup := filepath.Join(t.TempDir(), "README.md")
	os.WriteFile(dup, []byte(text+"```sh\ngo run ./notebooks/toy -out notebooks/toy/results\n```\n"), 0o644)
	if _, err := RefreshCommand(dup, "go run ./notebooks/toy", "notebooks/toy/results"); err == nil || !strings.Contains(err.Error(), "2 commands") {
		t.Errorf("two refresh commands: error %v", err)
	}
	last := filepath.Join(t.TempDir(), "README.md")
	os.WriteFile(last, []byte("```sh\ngo run ./notebooks/toy -steps 3 -out\n```\n"), 0o644)
	if _, err := RefreshCommand(last, "go run ./notebooks/toy", "notebooks/toy/results"); err == nil {
		t.Errorf("a command ending in -out: no error")
	}
	if _, err := RefreshCommand(filepath.Join(t.TempDir(), "none.md"), "go run", "x"); err == nil {
		t.Errorf("a missing README: no error")
	}
}
