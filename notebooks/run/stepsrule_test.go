package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// -steps larger than the scenario's is taken as given, as sweep takes it
// (runio.OverrideSteps; issue 15: sweep refused it while run clipped): a scenario of
// 40 steps run with -steps 100 trains for 100, as the resolved config.json says; and
// so does -steps 1 (any -steps > 0 overrides, 0 keeps the scenario's).
func TestLargerStepsAsSweep(t *testing.T) {
	for _, steps := range []int{100, 1} {
		out := t.TempDir()
		if err := run([]string{"-scenario", writeScenario(t, small), "-steps", strconv.Itoa(steps), "-formats", "none", "-out", out}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(out, "config.json"))
		if err != nil {
			t.Fatal(err)
		}
		var cfg struct {
			Steps int `json:"steps"`
		}
		if err := json.Unmarshal(data, &cfg); err != nil || cfg.Steps != steps {
			t.Errorf("-steps %d: config.json steps %d (%v)", steps, cfg.Steps, err)
		}
		// One step is one record (step 0): the summary's final loss is its loss.
		if sum, err := os.ReadFile(filepath.Join(out, "summary.md")); err != nil || !bytes.Contains(sum, []byte("\n| 0 | ")) || bytes.Contains(sum, []byte("| 0 | NaN |")) {
			t.Errorf("-steps %d: summary.md (%v):\n%s", steps, err, sum)
		}
	}
}
