package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation stops the studies between
// training steps.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir := o.data
	if dir == "" {
		if dir, err = fmnist.DataDir(); err != nil {
			return err
		}
	}
	ds, err := fmnist.LoadTrain(dir)
	if err != nil {
		return err
	}
	folder, err := runio.CreateFolder(o.out, runfolder.Options{Notebook: "mnist", Args: args, Force: o.force})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "mnist: writing %s\n", o.out)
	var sum strings.Builder
	nb := &notebook{o: o, ds: ds, out: &sum, stderr: stderr}
	runErr := nb.run(ctx)
	if runErr == nil {
		runErr = nb.writeFigures(folder)
	}
	if err := folder.WriteFile("summary.md", []byte(sum.String())); err != nil {
		runErr = errors.Join(runErr, err)
	}
	fmt.Fprint(stdout, sum.String())
	if err := folder.Close(runErr); err != nil {
		if folder.Manifest.Error != "" {
			return fmt.Errorf("mnist: %w; what finished is in %s, manifest.json says complete=false", err, o.out)
		}
		return err
	}
	return nil
}
