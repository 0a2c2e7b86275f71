package runfolder

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// The first SIGTERM or SIGINT (Ctrl-C) cancels the context (issue 15: "the first
// SIGINT/SIGTERM is not acted on").
func TestSignalContextCancelsOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		ctx, cancel := SignalContext(context.Background(), 0, nil)
		if err := syscall.Kill(syscall.Getpid(), sig); err != nil {
			cancel()
			t.Skipf("cannot signal this process: %v", err)
		}
		<-ctx.Done() // a test that never returns here fails by the test binary's timeout
		if ctx.Err() != context.Canceled {
			t.Errorf("%v: ctx.Err() = %v, want context.Canceled", sig, ctx.Err())
		}
		cancel()
	}
}

// TestSignalContextCancel: the context is live until cancel is called, and cancel
// ends it at once (Done is closed before cancel returns) with context.Canceled; a
// cancelled parent ends it too.
func TestSignalContextCancel(t *testing.T) {
	ctx, cancel := SignalContext(context.Background(), 0, nil)
	if err := ctx.Err(); err != nil {
		t.Fatalf("a fresh context is already done: %v", err)
	}
	select {
	case <-ctx.Done():
		t.Fatal("Done is closed before cancel or any signal")
	default:
	}
	cancel()
	wantCancelled(t, ctx, "cancel")

	parent, cancelParent := context.WithCancel(context.Background())
	child, cancelChild := SignalContext(parent, 0, nil)
	defer cancelChild()
	cancelParent()
	wantCancelled(t, child, "the parent's cancel")
}

// wantCancelled fails unless ctx is already done (without waiting) with context.Canceled.
func wantCancelled(t *testing.T, ctx context.Context, after string) {
	t.Helper()
	select {
	case <-ctx.Done():
	default:
		t.Fatalf("Done is still open after %s returned", after)
	}
	if err := ctx.Err(); err != context.Canceled {
		t.Errorf("after %s ctx.Err() = %v, want context.Canceled", after, err)
	}
}

// The grace period is positive (a hung computation is ended) and shorter than the 5 s
// within which every command promises to stop (runfoldertest.StopBound).
func TestGraceWithinStopBound(t *testing.T) {
	if !(Grace > 0 && Grace < 5*time.Second) {
		t.Errorf("Grace = %v, want 0 < Grace < 5 s", Grace)
	}
}
