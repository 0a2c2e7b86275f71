package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// SIGTERM to a real claims process at the committed settings (not -quick), once while
// a claim trains (C31: the spectral loss trained on free embeddings, a few hundred
// milliseconds of CPU) and once while a claim evaluates without training (C9: Monte
// Carlo pair frequencies, about as long), each time once C1 (a few milliseconds) is
// printed: the process exits within 5 s, the manifest says complete=false, C1's
// outcome is recorded and in ledger.incomplete.md, the busy claim's is not, and the
// same command run again resumes (C1 kept) and ends with the uninterrupted run's
// ledger.md, byte for byte, and no outcome record left (issue 15).
func TestSIGTERMResume(t *testing.T) {
	for _, c := range []struct{ phase, busy string }{
		{"training", "C31"},
		{"evaluation", "C9"},
	} {
		runfoldertest.CheckTermResume(t, runContext, []string{"-only", "C1," + c.busy}, runfoldertest.TermStop{
			Name: c.phase, After: "C1 ", Resumed: "C1 finished in an earlier run: " + outcomeFile("C1") + " kept",
			Stopped: func(t *testing.T, full, dir, output string) {
				if _, err := os.Stat(filepath.Join(dir, outcomeFile("C1"))); err != nil {
					t.Errorf("the stopped run did not record C1's outcome: %v", err)
				}
				if _, err := os.Stat(filepath.Join(dir, outcomeFile(c.busy))); err == nil {
					t.Errorf("%s finished before the stop: the stop did not land in its %s", c.busy, c.phase)
				}
				ledger, err := os.ReadFile(filepath.Join(dir, incompleteLedger))
				if err != nil || !strings.Contains(string(ledger), "| C1 |") || strings.Contains(string(ledger), "| "+c.busy+" |") {
					t.Errorf("%s (%v) should list C1 and not %s:\n%s", incompleteLedger, err, c.busy, ledger)
				}
			},
		})
	}
}
