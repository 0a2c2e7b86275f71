package runfoldertest

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// ChildEnv is set in the environment of a test binary that Start runs as the command
// itself.
const ChildEnv = "INFONCE_LAB_RUN_AS_COMMAND"

// MainIfChild runs main and exits when this test binary was started by Start; a
// command's TestMain calls it first, which makes the test binary the command.
func MainIfChild(main func()) {
	if os.Getenv(ChildEnv) == "1" {
		main()
		os.Exit(0)
	}
}

// Self returns the path of the running test binary: started by Start, it is the
// command (MainIfChild), real main, real signals, its own process, and no build step.
func Self(t testing.TB) string {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary: %v", err)
	}
	return bin
}

// Child is a running command whose stdout and stderr lines are collected.
type Child struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	text strings.Builder
	seen chan struct{} // gets a value after each line
	done chan struct{} // closed when the process has exited
	err  error         // of Wait
}

// Start starts bin with args and ChildEnv=1 in its environment; the test's cleanup
// kills it if it is still running.
func Start(t testing.TB, bin string, args ...string) *Child {
	t.Helper()
	c := &Child{cmd: exec.Command(bin, args...), seen: make(chan struct{}, 1), done: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), ChildEnv+"=1")
	r, w := io.Pipe()
	c.cmd.Stdout, c.cmd.Stderr = w, w
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			c.mu.Lock()
			c.text.WriteString(sc.Text() + "\n")
			c.mu.Unlock()
			select {
			case c.seen <- struct{}{}:
			default:
			}
		}
	}()
	go func() {
		c.err = c.cmd.Wait()
		w.Close()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// Output returns what the command printed so far.
func (c *Child) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text.String()
}

// WaitFor waits until the output contains s; it fails the test when the command
// exits first or after a generous two minutes (a guard against a hung test, not a
// measurement).
func (c *Child) WaitFor(t testing.TB, s string) {
	t.Helper()
	guard := time.After(2 * time.Minute)
	for !strings.Contains(c.Output(), s) {
		select {
		case <-c.seen:
		case <-c.done:
			if strings.Contains(c.Output(), s) {
				return
			}
			t.Fatalf("the command exited (%v) before printing %q; output:\n%s", c.err, s, c.Output())
		case <-guard:
			t.Fatalf("no %q after two minutes; output:\n%s", s, c.Output())
		}
	}
}

// Signal sends sig to the command.
func (c *Child) Signal(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// WaitExit waits for the command to exit within bound and returns its exit code (−1
// when a signal ended it) and whether a signal ended it; it fails the test and kills
// the command when bound passes first.
func (c *Child) WaitExit(t testing.TB, bound time.Duration) (code int, signalled bool) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(bound):
		c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("the command did not exit within %v of the signal; output:\n%s", bound, c.Output())
	}
	var ee *exec.ExitError
	if c.err == nil {
		return 0, false
	}
	if !errors.As(c.err, &ee) {
		t.Fatal(c.err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, true
	}
	return ee.ExitCode(), false
}

// StopBound is the promised bound on a stop after the first SIGINT or SIGTERM (a
// scheduler's SIGKILL follows SIGTERM after 30 s by default).
const StopBound = 5 * time.Second

// CheckHelpExitsZero runs the command (this test binary, MainIfChild) with each of
// the argument lists and fails t unless each exits with status 0: -h is not an error.
func CheckHelpExitsZero(t testing.TB, argLists ...[]string) {
	t.Helper()
	for _, args := range argLists {
		c := Start(t, Self(t), args...)
		if code, signalled := c.WaitExit(t, 2*time.Minute); code != 0 || signalled {
			t.Errorf("%v: exit code %d (signalled %v), want 0; output:\n%s", args, code, signalled, c.Output())
		}
	}
}

// TermAndCheck sends SIGTERM (a second one when twice is set, 100 ms later) and checks
// the stop: an exit within StopBound, with a non-zero status of the command's own
// (by the signal when twice), and a manifest in out that says complete=false, which it
// returns.
func TermAndCheck(t testing.TB, c *Child, out string, twice bool) *runfolder.Manifest {
	t.Helper()
	c.Signal(t, syscall.SIGTERM)
	if twice {
		time.Sleep(100 * time.Millisecond) // the first signal is handled by then
		c.Signal(t, syscall.SIGTERM)
	}
	code, signalled := c.WaitExit(t, StopBound)
	if twice != signalled || (!signalled && code == 0) {
		t.Errorf("exit code %d, signalled %v; want a non-zero exit, by the signal iff it came twice; output:\n%s", code, signalled, c.Output())
	}
	m, err := runfolder.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Complete {
		t.Errorf("the manifest of the stopped command says complete")
	}
	return m
}
