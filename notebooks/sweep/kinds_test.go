package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKindGridCommand: a reference grid file runs through the command like a
// scenario grid (its manifest records the sweep), the scenario-axis flags are refused
// naming the flag and the kind, and summary prints the reference table.
func TestKindGridCommand(t *testing.T) {
	dir := t.TempDir()
	gridFile := filepath.Join(dir, "ref.json")
	const text = `{"kind": "reference", "loss_type": [3, 0], "seed": [1], "epochs": 0,
 "batch_size": 30, "nodes": 6, "sources": 120, "train_size": 60}`
	if err := os.WriteFile(gridFile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"-N", "-tau", "-loss", "-alpha", "-beta", "-seeds", "-steps", "-scenario"} {
		err := sweepErr("-grid", gridFile, flag, "2", "-out", filepath.Join(dir, "no"))
		if err == nil || !strings.Contains(err.Error(), flag+`: the grid file `+gridFile+` is of kind "reference"`) {
			t.Errorf("%s with a reference grid: error %v, want one naming the flag and the kind", flag, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !os.IsNotExist(err) {
		t.Errorf("a refused command created its folder (%v)", err)
	}
	list := sweepCmd(t, "-grid", gridFile, "-list")
	if !strings.Contains(list, "2 cells") || !strings.Contains(list, "loss_type=0 seed=1\tseed=1") || !strings.Contains(list, "loss_type=3 seed=1\tseed=1") {
		t.Errorf("-list:\n%s", list)
	}
	out := filepath.Join(dir, "out")
	if report := sweepCmd(t, "-grid", gridFile, "-workers", "2", "-out", out); !strings.Contains(report, "2 cells, 0 already done, 2 ran (0 failed)") {
		t.Errorf("run report:\n%s", report)
	}
	if m := manifest(t, out); !m.Complete || m.ConfigHash != sweepID(t, out) || m.Seed != 0 {
		t.Errorf("manifest: complete %v, config hash %s, seed %d; want complete, the sweep id %s, seed 0", m.Complete, m.ConfigHash, m.Seed, sweepID(t, out))
	}
	if report := sweepCmd(t, "-grid", gridFile, "-out", out); !strings.Contains(report, "2 already done, 0 ran") {
		t.Errorf("re-run report:\n%s", report)
	}
	sum := sweepCmd(t, "summary", out)
	if !strings.Contains(sum, "2 of 2 cells finished") || !strings.Contains(sum, "# Final gaps of the eight reference losses (1 seeds each; 0+1 epochs, N = 30") ||
		!strings.Contains(sum, "| 0 | ref-infonce |") || !strings.Contains(sum, "| 3 | ref-dcl |") || strings.Contains(sum, "| 1 |") {
		t.Errorf("summary:\n%s", sum)
	}
	if files, _ := filepath.Glob(filepath.Join(out, "*.png")); len(files) != 0 {
		t.Errorf("summary of a reference sweep drew %v", files)
	}
}
