package runio

import (
	"context"
	"syscall"
	"testing"
)

func TestSignalContextCancelsOnSIGTERM(t *testing.T) {
	ctx, cancel := SignalContext(context.Background())
	defer cancel()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Skipf("cannot signal this process: %v", err)
	}
	<-ctx.Done() // a test that never returns here fails by the test binary's timeout
	if ctx.Err() != context.Canceled {
		t.Errorf("ctx.Err() = %v, want context.Canceled", ctx.Err())
	}
}

func TestSignalContextCancel(t *testing.T) {
	ctx, cancel := SignalContext(context.Background())
	cancel()
	<-ctx.Done()
}
