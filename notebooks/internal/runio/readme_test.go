package runio

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadmeCommands(t *testing.T) {
	md := "# x\n\n```sh\ngo run ./notebooks/toy -steps 3 \\\n  -tpm '[[0.9, 0.1], [0.2, 0.8]]' -labels \"a b\"\ngo run ./notebooks/toys -x\ngo run ./notebooks/toy\n```\n\n```go\ngo run ./notebooks/toy -no\n```\n\n```\ngo run ./notebooks/toy -plain\n```\n"
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadmeCommands(path, "go run ./notebooks/toy")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"-steps", "3", "-tpm", "[[0.9, 0.1], [0.2, 0.8]]", "-labels", "a b"}, nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands %q, want %q", got, want)
	}
	if _, err := splitArgs(`-a 'open`); err == nil {
		t.Errorf("an unterminated quote was accepted")
	}
}
