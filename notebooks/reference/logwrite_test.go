package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A reference log that cannot be written (its name is taken by a directory, kept by
// -force) is an error naming the file, and the manifest does not say complete.
func TestLogWriteErrorReturned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	blocked := filepath.Join(dir, LogFile)
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"-epochs", "0", "-sources", "300", "-train-size", "150", "-batch-size", "60", "-nodes", "10", "-force", "-out", dir}
	err := run(args, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), LogFile) {
		t.Errorf("a directory at %s: error %v, want one naming it", blocked, err)
	}
	if man, _ := os.ReadFile(filepath.Join(dir, "manifest.json")); bytes.Contains(man, []byte(`"complete": true`)) {
		t.Errorf("a failed run's manifest says complete:\n%s", man)
	}
}
