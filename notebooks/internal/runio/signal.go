package runio

import (
	"context"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// SignalContext returns a context that is cancelled on the first SIGINT or SIGTERM
// (or when parent is done, or cancel is called). After the first signal the default
// handling is restored, so a second Ctrl-C stops the process at once. It is
// runfolder.SignalContext without the grace period; commands use that one.
func SignalContext(parent context.Context) (context.Context, context.CancelFunc) {
	return runfolder.SignalContext(parent, 0, nil)
}
