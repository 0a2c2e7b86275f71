package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

func main() {
	ctx, cancel := runfolder.SignalContext(context.Background(), runfolder.Grace, os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(1)
	}
}
