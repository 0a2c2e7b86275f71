package runfolder

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Body is the tested body of a command that writes a run folder: it parses args
// (returning flag.ErrHelp for -h, as a flag.FlagSet with flag.ContinueOnError does)
// and stops its work when ctx is cancelled.
type Body func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// Run runs body with a context that the first SIGINT or SIGTERM cancels
// (SignalContext with the Grace period), the one preamble of every command. -h is not
// an error: body's flag set has printed the usage to stderr, and Run returns nil.
func Run(args []string, stdout, stderr io.Writer, body Body) error {
	ctx, stop := SignalContext(context.Background(), Grace, stderr)
	defer stop()
	return withoutHelp(body(ctx, args, stdout, stderr))
}

// withoutHelp returns err, or nil for the flag.ErrHelp of -h.
func withoutHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// Main is a command's main: it runs run with the process's arguments and streams and
// ends the process with ExitCode's status.
func Main(prefix string, run func(args []string, stdout, stderr io.Writer) error) {
	os.Exit(ExitCode(run(os.Args[1:], os.Stdout, os.Stderr), prefix, os.Stderr))
}

// ExitCode returns a command's exit status for the error err of its run: 0 for nil
// and for flag.ErrHelp (-h asks for the usage, which is not a failure), else 1 after
// printing prefix and err as one line to stderr.
func ExitCode(err error, prefix string, stderr io.Writer) int {
	if withoutHelp(err) == nil {
		return 0
	}
	fmt.Fprintf(stderr, "%s%v\n", prefix, err)
	return 1
}
