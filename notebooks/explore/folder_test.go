package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// A folder with a user's file and another tool's manifest listing it: explore refuses
// it; with -force it writes beside the file; the file survives both.
func TestForgedManifestKeepsUserFile(t *testing.T) {
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) }, "-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-quick")
}

// A -quick smoke run writes to its own folder, never over a real run's (or the
// committed results); an explicit -out wins.
func TestQuickOut(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "notebooks/explore/out"},
		{[]string{"-quick"}, "notebooks/explore/out-quick"},
		{[]string{"-quick", "-out", "x"}, "x"},
	} {
		o, err := parseFlags(c.args, io.Discard)
		if err != nil || o.out != c.want {
			t.Errorf("%v: out %q, %v; want %q", c.args, o.out, err, c.want)
		}
	}
}

// An exploration stopped once its free-logit training is written (train_logits.csv)
// and run again with the same command keeps that training (read back, not trained
// again) and ends with the uninterrupted run's files, byte for byte: records,
// figures and report.md.
func TestResume(t *testing.T) {
	runfoldertest.CheckResume(t, runContext, []string{"-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-quick"},
		"replicate 0 finished: train_logits.csv", "replicate 0 finished in an earlier run: train_logits.csv kept", func(dir string) {
			if _, err := os.Stat(filepath.Join(dir, "report.md")); err == nil {
				t.Error("the stopped run wrote report.md")
			}
		})
}
