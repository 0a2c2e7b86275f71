package runfolder

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Grace is how long a command may take after the first SIGINT or SIGTERM to stop its
// work and write what finished, before SignalContext ends the process. Slurm and
// Kubernetes send SIGKILL 30 s after SIGTERM by default; a command stops well within.
const Grace = 3 * time.Second

// SignalContext returns a context that is cancelled on the first SIGINT or SIGTERM (or
// when parent is done, or cancel is called). After the first signal the default
// handling is restored, so a second signal ends the process at once.
//
// With grace > 0, a command that has not called cancel within grace after the first
// signal (a computation that does not check the context, such as one huge training
// step) is ended by os.Exit(1) after a line to stderr: every file written through a
// Folder is complete, and the manifest on disk says complete=false (package doc).
func SignalContext(parent context.Context, grace time.Duration, stderr io.Writer) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancelCtx := context.WithCancel(parent)
	stopped := make(chan struct{})
	var once sync.Once
	cancel = func() {
		once.Do(func() { close(stopped) })
		cancelCtx()
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-ch:
			signal.Stop(ch)
			cancelCtx()
			if grace <= 0 {
				return
			}
			select {
			case <-stopped:
			case <-time.After(grace):
				fmt.Fprintf(stderr, "%v: still busy %v after the signal: exiting now; the files written so far are complete, manifest.json says complete=false\n", sig, grace)
				os.Exit(1)
			}
		case <-ctx.Done():
			signal.Stop(ch)
		}
	}()
	return ctx, cancel
}
