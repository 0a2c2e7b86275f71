package runfolder

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	boom := errors.New("boom")
	for _, c := range []struct {
		ret, want error
	}{{nil, nil}, {flag.ErrHelp, nil}, {fmt.Errorf("-h: %w", flag.ErrHelp), nil}, {boom, boom}} {
		var gotArgs []string
		var ctxErr error
		err := Run([]string{"-x", "1"}, io.Discard, io.Discard, func(ctx context.Context, args []string, _, _ io.Writer) error {
			gotArgs, ctxErr = args, ctx.Err()
			return c.ret
		})
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("body returning %v: Run = %v, want %v", c.ret, err, c.want)
		}
		if len(gotArgs) != 2 || gotArgs[1] != "1" || ctxErr != nil {
			t.Errorf("body saw args %v and context error %v; want the arguments and a live context", gotArgs, ctxErr)
		}
	}
}

// The context Run gives is cancelled once the body is done (its signal watch ends).
func TestRunCancelsAfterBody(t *testing.T) {
	var seen context.Context
	Run(nil, io.Discard, io.Discard, func(ctx context.Context, _ []string, _, _ io.Writer) error {
		seen = ctx
		return nil
	})
	if seen.Err() == nil {
		t.Errorf("the body's context is still live after Run returned")
	}
}

func TestExitCode(t *testing.T) {
	for _, c := range []struct {
		err        error
		code       int
		wantStderr string
	}{
		{nil, 0, ""},
		{flag.ErrHelp, 0, ""},
		{errors.New("-steps = -1: need ≥ 1"), 1, "toy: -steps = -1: need ≥ 1\n"},
	} {
		var stderr bytes.Buffer
		if got := ExitCode(c.err, "toy: ", &stderr); got != c.code || stderr.String() != c.wantStderr {
			t.Errorf("ExitCode(%v) = %d, stderr %q; want %d, %q", c.err, got, stderr.String(), c.code, c.wantStderr)
		}
	}
}
