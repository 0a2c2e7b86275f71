package runfoldertest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// The checks of this package are tested on "steps", a small command of the shape they
// expect, run in process (stepsBody) and, started by Start, as this test binary
// (TestMain calls MainIfChild): a real process receiving real signals. They run in the
// system's temporary directory, outside the module, where runfolder.NewManifest finds
// no go.mod and so starts no git process (two for each run folder otherwise): the
// steps command's manifests need no revision.
func TestMain(m *testing.M) {
	if err := os.Chdir(os.TempDir()); err != nil {
		panic(err)
	}
	MainIfChild(stepsMain)
	os.Exit(m.Run())
}

// stepsMain is the command's main. With "no-handler" as its first argument it runs
// the body without runfolder.Run, so that SIGTERM's default action ends the process
// (a command that forgot its signal handling).
func stepsMain() {
	if len(os.Args) > 1 && os.Args[1] == "no-handler" {
		os.Exit(runfolder.ExitCode(stepsBody(context.Background(), os.Args[2:], os.Stdout, os.Stderr), "steps: ", os.Stderr))
	}
	runfolder.Main("steps: ", func(args []string, stdout, stderr io.Writer) error {
		return runfolder.Run(args, stdout, stderr, stepsBody)
	})
}

// stepsBody writes step-I.txt ("step I of N" and -mark) for I = 0, …, N−1 into the
// run folder -out, printing "step I written" to stderr after each and waiting -pause
// between two steps, then ledger.txt (naming its folder) and "done" to stdout. It
// resumes an interrupted run of the same folder (Options.Keep): a step file kept
// prints "step I kept" and is not written again. When ctx is cancelled between steps
// it does what -on-stop says: "error" (the right thing: return the cancellation with
// the manifest complete=false), or one of the wrong things the checks must notice,
// "succeed" (return nil), "claim-complete" (write a complete manifest, then return the
// cancellation) and "hang" (never return: the grace period ends the process).
// -kill-self makes the process end itself by SIGKILL (only in a child process).
func stepsBody(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("steps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 3, "number of steps")
	pause := fs.Duration("pause", 0, "wait between two steps")
	out := fs.String("out", "", "run folder")
	force := fs.Bool("force", false, runfolder.ForceUsage)
	mark := fs.String("mark", "", "text added to every step file")
	onStop := fs.String("on-stop", "error", "what to do when stopped: error, succeed, claim-complete or hang")
	killSelf := fs.Bool("kill-self", false, "end the process by SIGKILL")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return err
	}
	if *killSelf {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	if *out == "" {
		return errors.New("steps: -out is required")
	}
	f, err := runfolder.Create(*out, runfolder.Options{Notebook: "steps", Args: args, Force: *force, Keep: true})
	if err != nil {
		return err
	}
	for i := range *n {
		name := fmt.Sprintf("step-%d.txt", i)
		if f.Has(name) {
			fmt.Fprintf(stderr, "step %d kept\n", i)
			continue
		}
		if err := f.WriteFile(name, fmt.Appendf(nil, "step %d of %d%s\n", i, *n, *mark)); err != nil {
			return f.Close(err)
		}
		fmt.Fprintf(stderr, "step %d written\n", i)
		if i == *n-1 {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(*pause):
		}
		if ctx.Err() == nil {
			continue
		}
		switch *onStop {
		case "succeed":
			return nil
		case "claim-complete":
			f.Close(nil)
			return ctx.Err()
		case "hang":
			select {}
		}
		return f.Close(ctx.Err())
	}
	if err := f.WriteFile("ledger.txt", []byte("-out "+*out+"\n")); err != nil {
		return f.Close(err)
	}
	fmt.Fprintln(stdout, "done")
	return f.Close(nil)
}
