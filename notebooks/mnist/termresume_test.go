package main

import (
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// SIGTERM to a real mnist process in study c's training (2000 steps on fixture data,
// once its progress line shows): the process exits within 5 s and the manifest says
// complete=false. The notebook keeps no finished part, so the same command run again
// starts over in the stopped folder (accepted: a run folder of its own) and ends with
// every file of an uninterrupted run, byte for byte (issue 15).
func TestSIGTERMResume(t *testing.T) {
	args := append([]string{"-data", writeFixture(t, 4), "-studies", "c"}, tiny...)
	args = append(args, "-steps", "2000")
	runfoldertest.CheckTermResume(t, runContext, args, runfoldertest.TermStop{Name: "training", After: "mnist: c: "})
}
