package runfoldertest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Recorder is a testing.TB that records the failures a check reports instead of
// failing the test that runs the check: the tests of a shared check run it on bad
// input through Record and assert that it reported, since a check that cannot fail
// checks nothing. Every method it does not override is the real test's (TempDir,
// Cleanup, Chdir, Logf, Helper, …).
type Recorder struct {
	testing.TB

	mu       sync.Mutex
	messages []string // of Error, Errorf, Fatal, Fatalf, Skip and Skipf, in order
	failed   bool     // Error, Errorf, Fail or an ending call was made
	ended    bool     // Fatal, Fatalf or FailNow ended the check
	skipped  bool     // Skip, Skipf or SkipNow ended the check
}

// Record runs check with a new Recorder on its own goroutine, as the testing package
// runs a test (Fatal and Skip end that goroutine by runtime.Goexit), and returns the
// Recorder once check has returned or ended.
func Record(t testing.TB, check func(tb testing.TB)) *Recorder {
	t.Helper()
	r := &Recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return r
}

func (r *Recorder) log(failed bool, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, msg)
	r.failed = r.failed || failed
}

func (r *Recorder) end(skip bool) {
	r.mu.Lock()
	if skip {
		r.skipped = true
	} else {
		r.failed, r.ended = true, true
	}
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *Recorder) Error(args ...any)                 { r.log(true, fmt.Sprintln(args...)) }
func (r *Recorder) Errorf(format string, args ...any) { r.log(true, fmt.Sprintf(format, args...)) }
func (r *Recorder) Fail()                             { r.log(true, "Fail") }
func (r *Recorder) FailNow()                          { r.end(false) }
func (r *Recorder) Fatal(args ...any)                 { r.log(true, fmt.Sprintln(args...)); r.end(false) }
func (r *Recorder) Fatalf(format string, args ...any) {
	r.log(true, fmt.Sprintf(format, args...))
	r.end(false)
}
func (r *Recorder) Skip(args ...any) { r.log(false, fmt.Sprintln(args...)); r.end(true) }
func (r *Recorder) Skipf(format string, args ...any) {
	r.log(false, fmt.Sprintf(format, args...))
	r.end(true)
}
func (r *Recorder) SkipNow() { r.end(true) }

// Failed reports whether the check reported a failure.
func (r *Recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

// Ended reports whether the check ended by Fatal, Fatalf or FailNow.
func (r *Recorder) Ended() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ended
}

// Skipped reports whether the check ended by Skip, Skipf or SkipNow.
func (r *Recorder) Skipped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.skipped
}

// Messages returns the messages the check reported, in order.
func (r *Recorder) Messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.messages)
}

// WantPass fails t unless the check recorded in r reported nothing: it accepts good
// input.
func (r *Recorder) WantPass(t testing.TB) {
	t.Helper()
	if r.Failed() || r.Skipped() {
		t.Errorf("the check reported on good input: %q", r.Messages())
	}
}

// WantReport fails t unless the check recorded in r reported a failure with a message
// containing s, ending the check (Fatal) when ended is set and going on (Error)
// otherwise.
func (r *Recorder) WantReport(t testing.TB, ended bool, s string) {
	t.Helper()
	msgs := r.Messages()
	if !r.Failed() || r.Ended() != ended || !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, s) }) {
		t.Errorf("the check reported %q (ended %v); want a failure naming %q (ended %v)", msgs, r.Ended(), s, ended)
	}
}
