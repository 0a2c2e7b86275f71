package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/proofs"
)

// TestRunQuick runs the whole ledger in its quick form, as `go run ./notebooks/claims
// -quick` does, so that the command cannot rot: one line per claim in order, each
// beginning with its id and ending with its verdict, a summary, and ledger.md with one
// summary row per claim in a completed run folder.
func TestRunQuick(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-quick", "-out", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("run -quick: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	claims := len(proofs.Registry())
	// A quick run skips encoder training; a claim checked by training alone (C37: the
	// reference's full GIN runs) is then skipped as a whole, every other claim passes.
	trainingOnly := map[string]bool{}
	for _, e := range proofs.Registry() {
		if len(e.Routes) == 1 && e.Routes[0] == proofs.RouteTraining {
			trainingOnly[e.ID] = true
		}
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != claims+2 {
		t.Fatalf("%d output lines, want %d claims + summary + ledger path:\n%s", len(lines), claims, stdout.String())
	}
	for i := 0; i < claims; i++ {
		id := fmt.Sprintf("C%d ", i+1)
		if !strings.HasPrefix(lines[i], id) {
			t.Errorf("line %d = %.60q…, want it to begin with %q", i, lines[i], id)
		}
		verdict := "PASS"
		if trainingOnly[fmt.Sprintf("C%d", i+1)] {
			verdict = "SKIP"
		}
		if !strings.HasSuffix(lines[i], verdict) {
			t.Errorf("line %d does not end with %s:\n%s", i, verdict, lines[i])
		}
	}
	want := fmt.Sprintf("%d claims: %d pass, 0 fail, %d skipped", claims, claims-len(trainingOnly), len(trainingOnly))
	if !strings.HasPrefix(lines[claims], want) {
		t.Errorf("summary %q, want it to begin with %q", lines[claims], want)
	}
	md, err := os.ReadFile(filepath.Join(dir, "ledger.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= claims; i++ {
		if !strings.Contains(string(md), fmt.Sprintf("\n| C%d | ", i)) {
			t.Errorf("ledger.md has no row for C%d", i)
		}
	}
	// Encoder training is skipped in a quick run, and says so.
	if !strings.Contains(string(md), "| SKIP |") {
		t.Error("ledger.md of a quick run lists no skipped check")
	}
	m, err := runfolder.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete || m.Seed != proofs.DefaultSeed || len(m.Files) != 1 || m.Files[0] != "ledger.md" {
		t.Errorf("manifest: complete %v, seed %d, files %v; want true, %d, [ledger.md]", m.Complete, m.Seed, m.Files, proofs.DefaultSeed)
	}
}

// TestRunFailingClaim: a failing claim gives a FAIL line, a non-nil error naming it (so
// the command exits non-zero), and still a ledger.md and an incomplete manifest.
func TestRunFailingClaim(t *testing.T) {
	old := registry
	defer func() { registry = old }()
	registry = func() []proofs.Entry {
		return []proofs.Entry{{ID: "C1", Statement: "a claim given a wrong target", Routes: []proofs.Route{proofs.RouteClosedForm},
			Run: func(proofs.RunConfig) proofs.Outcome {
				return proofs.Outcome{Checks: []proofs.Check{{Route: proofs.RouteClosedForm, Quantity: "1 vs 2", Predicted: 2, Measured: 1, Err: 1, Tol: 0.5, Origin: "test"}}}
			}}}
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run([]string{"-out", dir}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "C1") {
		t.Errorf("run with a failing claim: error %v, want one naming C1", err)
	}
	if !strings.Contains(stdout.String(), "| FAIL") {
		t.Errorf("no FAIL line:\n%s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.md")); err != nil {
		t.Errorf("ledger.md not written for a failing run: %v", err)
	}
	if m, err := runfolder.ReadManifest(dir); err != nil || m.Complete {
		t.Errorf("manifest of a failing run: %+v, %v; want complete = false", m, err)
	}
}

func TestFlagErrorsNameTheValue(t *testing.T) {
	tests := []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-only", "C13,C99"}, `"C99"`, "unknown claim id"},
		{[]string{"-only", "C99"}, "the ledger has " + proofs.IDRange(proofs.Registry()), "the ledger's ids"},
		{[]string{"-seed", "-3"}, "-3", "negative seed"},
		{[]string{"extra"}, `"extra"`, "positional argument"},
		{[]string{"-out", ""}, "-out", "empty output folder"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		err := run(tc.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
			t.Errorf("%s: error %v (stderr %q), want one naming %s", tc.reason, err, stderr.String(), tc.want)
		}
	}
}

// TestOnly runs two named claims (ids case-insensitive, repeated ones once).
func TestOnly(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-quick", "-only", "c21, C5,C21", "-out", dir}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "C5 ") || !strings.HasPrefix(lines[1], "C21 ") {
		t.Errorf("-only C5,C21 printed:\n%s", stdout.String())
	}
}

// TestReadmeCommandsParse: every `go run ./notebooks/claims …` of README.md (up to a
// shell comment) is accepted by the flag parser.
func TestReadmeCommandsParse(t *testing.T) {
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/claims")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatal("README.md documents no go run ./notebooks/claims command")
	}
	for _, args := range cmds {
		for i, a := range args {
			if strings.HasPrefix(a, "#") { // a shell comment ends the command
				args = args[:i]
				break
			}
		}
		var stderr bytes.Buffer
		if _, err := parseFlags(args, &stderr); err != nil {
			t.Errorf("README command %v: %v", args, err)
		}
	}
}
