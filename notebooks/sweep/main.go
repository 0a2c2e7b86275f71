package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

func main() {
	ctx, cancel := runio.SignalContext(context.Background())
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
