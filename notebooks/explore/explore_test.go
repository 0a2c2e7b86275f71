package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	if err := run([]string{"-h"}, io.Discard, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	if !strings.Contains(stderr.String(), "usage: go run ./notebooks/explore") || !strings.Contains(stderr.String(), "-tpm") {
		t.Errorf("-h printed %q", stderr.String())
	}
}

func TestBadInputNamesTheValue(t *testing.T) {
	for _, c := range []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-tpm", "[[0.9,0.1],[0.5,0.25]]"}, "tpm.rows[1] sums to 0.75", "the scenario check names the row"},
		{[]string{"-tpm", "[[1,0],[0,1]]", "-source", "[0.5,0.6]"}, "source", "π must sum to 1"},
		{[]string{"-tpm", "[[1,0],[0,1"}, `-tpm "[[1,0],[0,1"`, "not JSON"},
		{[]string{"-source", "[1]"}, "-source and -labels need -tpm", "no TPM to go with"},
		{[]string{"-scenario", "x.json", "-tpm", "[[1]]"}, "give one or the other", "two TPMs"},
		{[]string{"-n", "1"}, "batch_size = 1", "N ≥ 2"},
		{[]string{"-alpha", "NaN"}, "NaN", "α must be finite"},
	} {
		err := run(append(c.args, "-quick", "-out", t.TempDir()), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v (%s): error %v, want one containing %q", c.args, c.reason, err, c.want)
		}
	}
}

// The toy's report states the golden numbers of docs/theory.md: I(V1;V2) = 0.0057183 nats,
// ρ from 0.866667 to 1.222222, the level-2 optimum 4.1 % from T1 (C29), and that
// α = 1, β = −0.2 collapses (R2: min ρ = 0.867 ≥ 0.8).
func TestToyReport(t *testing.T) {
	out := t.TempDir()
	var stdout bytes.Buffer
	if err := run([]string{"-quick", "-alpha", "1", "-beta", "-0.2", "-out", out}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(report, stdout.Bytes()) {
		t.Errorf("stdout and report.md differ")
	}
	for _, want := range []string{
		"I(V1;V2) = 0.00571834 nats", // docs/theory.md §7: 0.0057183
		"[0.866667, 1.22222]",        // docs/theory.md §7 ρ
		"misses T1 by up to **4.09 %**",
		"the collapsed configuration is stationary (R2)",
		"α − β = 1.2 > 1: T2 is not attainable",
		"## 5. Quick training",
		"![phase](phase.png)",
	} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, name := range []string{"report.md", "config.json", "pair_statistics.png", "targets.png", "phase.png", "train_logits.png", "train_embedding.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	m, err := runfolder.ReadManifest(out)
	if err != nil || !m.Complete {
		t.Errorf("manifest %v, %v: want a complete run", m, err)
	}
}

// A TPM with zero entries has c1_ij = 0 for some pairs: T1 = 0 there, relative
// differences are infinite and those pairs never appear; the report says so instead of
// failing.
func TestDegenerateTPM(t *testing.T) {
	out := t.TempDir()
	err := run([]string{"-tpm", "[[0.9,0.1,0],[0.1,0.9,0],[0,0,1]]", "-labels", "a,b,c", "-n", "64", "-quick", "-out", out}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	report, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !strings.Contains(string(report), "## Figures left out") {
		t.Errorf("report does not list the figures it could not draw:\n%s", report)
	}
}

// Every command of README.md runs, with -quick and a temporary -out. README paths are
// relative to the module root, two levels up.
func TestReadmeCommands(t *testing.T) {
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/explore")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatal("README.md has no go run ./notebooks/explore command")
	}
	for _, args := range cmds {
		full := append([]string{}, args...)
		for k := range full {
			if k > 0 && full[k-1] == "-scenario" {
				full[k] = filepath.Join("..", "..", full[k])
			}
		}
		full = append(full, "-quick", "-out", t.TempDir())
		if err := run(full, io.Discard, io.Discard); err != nil {
			t.Errorf("README command %v: %v", args, err)
		}
	}
}
