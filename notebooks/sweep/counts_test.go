package main

import (
	"context"
	"io"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Every count flag refuses a negative value, naming the flag, before any folder is made.
func TestNegativeCountsRefused(t *testing.T) {
	runfoldertest.CheckNegativeCounts(t, func(args []string, stdout, stderr io.Writer) error {
		return run(context.Background(), args, stdout, stderr)
	}, "seeds", "steps", "workers")
}
