package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

func TestMain(m *testing.M) {
	runfoldertest.MainIfChild(main)
	os.Exit(m.Run())
}

// SIGTERM to a real reference process in its training (once epoch 0 is printed, 100
// more epochs of a few milliseconds each, checked for the stop between epochs): the
// process exits within 5 s, the manifest says complete=false and no result file is
// written. The run is one training with nothing to keep, so the same command run
// again starts over in the stopped folder (accepted: a run folder of its own) and
// ends with every file of an uninterrupted run, byte for byte (issue 15).
func TestSIGTERMResume(t *testing.T) {
	args := []string{"-epochs", "100", "-sources", "300", "-train-size", "150", "-batch-size", "60", "-log-every", "25", "-nodes", "10", "-seed", "3"}
	runfoldertest.CheckTermResume(t, runContext, args, runfoldertest.TermStop{
		Name: "training", After: "epoch    0 loss",
		Stopped: func(t *testing.T, full, dir, output string) {
			for _, name := range []string{LogFile, runfolder.MetricsFile, "summary.md"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("the stopped run wrote %s", name)
				}
			}
		},
	})
}

// -h prints the usage and exits with status 0.
func TestHelpExitsZero(t *testing.T) {
	runfoldertest.CheckHelpExitsZero(t, []string{"-h"})
}
