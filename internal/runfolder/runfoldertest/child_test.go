package runfoldertest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// exitGuard bounds the waits of these tests for a command that should exit at once: a
// guard against a hung test, not a measurement.
const exitGuard = time.Minute

// idle is a pause that no test waits out: a command with -pause idle prints "step 0
// written" and then waits for a signal (or the cleanup's kill).
const idle = "1h"

func TestSelf(t *testing.T) {
	want, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	var got string
	r := Record(t, func(tb testing.TB) { got = Self(tb) })
	r.WantPass(t)
	if got != want {
		t.Errorf("Self = %q, want the test binary %q", got, want)
	}
}

// Start runs this test binary as the steps command (ChildEnv set): it writes its
// folder and prints its lines, and WaitExit reports each way of ending.
func TestStartAndWaitExit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	for _, c := range []struct {
		name      string
		args      []string
		code      int
		signalled bool
	}{
		{"success", []string{"-n", "2", "-out", out}, 0, false},
		{"error", []string{"-n", "-1"}, 1, false}, // runfolder.ExitCode's status for an error
		{"signal", []string{"-kill-self"}, -1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			child := Start(t, Self(t), c.args...)
			var code int
			var signalled bool
			Record(t, func(tb testing.TB) { code, signalled = child.WaitExit(tb, exitGuard) }).WantPass(t)
			if code != c.code || signalled != c.signalled {
				t.Errorf("exit code %d, signalled %v; want %d, %v; output:\n%s", code, signalled, c.code, c.signalled, child.Output())
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(out, "step-1.txt")); err != nil || string(b) != "step 1 of 2\n" {
		t.Errorf("the command's step-1.txt: %q, %v", b, err)
	}
}

func TestStartMissingBinary(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "absent")
	Record(t, func(tb testing.TB) { Start(tb, absent) }).WantReport(t, true, "absent")
}

// WaitExit ends a command that outlives its bound, and reports it.
func TestWaitExitBound(t *testing.T) {
	child := Start(t, Self(t), "-n", "2", "-pause", idle, "-out", t.TempDir())
	Record(t, func(tb testing.TB) { child.WaitExit(tb, 50*time.Millisecond) }).WantReport(t, true, "did not exit within 50ms")
	select {
	case <-child.done:
	default:
		t.Error("the command still runs after WaitExit's bound")
	}
}

func TestWaitFor(t *testing.T) {
	t.Run("a later line", func(t *testing.T) {
		// step 1 comes 100 ms after step 0, long after WaitFor begins to wait
		child := Start(t, Self(t), "-n", "2", "-pause", "100ms", "-out", t.TempDir())
		Record(t, func(tb testing.TB) { child.WaitFor(tb, "step 1 written") }).WantPass(t)
	})
	t.Run("the last line", func(t *testing.T) {
		child := Start(t, Self(t), "-n", "1", "-out", t.TempDir())
		Record(t, func(tb testing.TB) { child.WaitFor(tb, "done") }).WantPass(t)
	})
	t.Run("never printed", func(t *testing.T) {
		child := Start(t, Self(t), "-n", "1", "-out", t.TempDir())
		Record(t, func(tb testing.TB) { child.WaitFor(tb, "step 5 written") }).WantReport(t, true, "exited (<nil>) before printing")
	})
}

// A line that arrives while no WaitFor waits leaves a wake-up behind, so that a
// WaitFor that checks the output just before the line and then waits is woken by it
// (a lost wake-up would hang it until the two-minute guard).
func TestStartKeepsAWakeUp(t *testing.T) {
	child := Start(t, Self(t), "-n", "2", "-pause", idle, "-out", t.TempDir())
	guard := time.After(exitGuard)
	for !strings.Contains(child.Output(), "step 0 written") {
		select {
		case <-guard:
			t.Fatalf("no first step; output:\n%s", child.Output())
		case <-time.After(5 * time.Millisecond):
		}
	}
	if len(child.seen) != 1 {
		t.Errorf("%d wake-ups pending after a line nobody waited for, want 1", len(child.seen))
	}
}

func TestSignal(t *testing.T) {
	out := t.TempDir()
	child := Start(t, Self(t), "-n", "2", "-pause", idle, "-out", out)
	child.WaitFor(t, "step 0 written")
	Record(t, func(tb testing.TB) { child.Signal(tb, syscall.SIGTERM) }).WantPass(t)
	if code, signalled := child.WaitExit(t, exitGuard); code != 1 || signalled {
		t.Errorf("after SIGTERM: exit code %d, signalled %v; want the command's own 1; output:\n%s", code, signalled, child.Output())
	}
	Record(t, func(tb testing.TB) { child.Signal(tb, syscall.SIGTERM) }).WantReport(t, true, "process already finished")
}

func TestCheckHelpExitsZero(t *testing.T) {
	Record(t, func(tb testing.TB) { CheckHelpExitsZero(tb, []string{"-h"}, []string{"-n", "0", "-out", t.TempDir()}) }).WantPass(t)
	Record(t, func(tb testing.TB) { CheckHelpExitsZero(tb, []string{"-h"}, []string{"-n", "-1"}) }).WantReport(t, false, "[-n -1]: exit code 1 (signalled false)")
	Record(t, func(tb testing.TB) { CheckHelpExitsZero(tb, []string{"-kill-self"}) }).WantReport(t, false, "[-kill-self]: exit code -1 (signalled true)")
}

// TermAndCheck accepts the right stop (a non-zero status of the command's own after
// one SIGTERM, the process ended by a second), and reports each wrong one.
func TestTermAndCheck(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		twice    bool
		otherOut bool   // give TermAndCheck another folder than the command's
		want     string // in the report; empty: none
		ended    bool
	}{
		{"stops", nil, false, false, "", false},
		{"two signals", []string{"-on-stop", "hang"}, true, false, "", false},
		{"exit status 0", []string{"-on-stop", "succeed"}, false, false, "exit code 0, signalled false", false},
		{"says complete", []string{"-on-stop", "claim-complete"}, false, false, "says complete", false},
		{"no signal handling", []string{"no-handler"}, false, false, "exit code -1, signalled true", false},
		{"no manifest", nil, false, true, "manifest.json", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append(c.args, "-n", "2", "-pause", idle, "-out", out)
			child := Start(t, Self(t), args...)
			child.WaitFor(t, "step 0 written")
			check := out
			if c.otherOut {
				check = t.TempDir()
			}
			var m *runfolder.Manifest
			r := Record(t, func(tb testing.TB) { m = TermAndCheck(tb, child, check, c.twice) })
			if c.want == "" {
				r.WantPass(t)
				if m == nil || m.Complete || m.Notebook != "steps" {
					t.Errorf("TermAndCheck returned %+v, want the stopped run's manifest", m)
				}
				return
			}
			r.WantReport(t, c.ended, c.want)
		})
	}
}

func TestWaitForFile(t *testing.T) {
	t.Run("a later file", func(t *testing.T) {
		// step-1.txt comes 100 ms after step-0.txt, long after WaitForFile begins to wait
		out := t.TempDir()
		child := Start(t, Self(t), "-n", "2", "-pause", "100ms", "-out", out)
		Record(t, func(tb testing.TB) { child.WaitForFile(tb, filepath.Join(out, "step-1.txt")) }).WantPass(t)
	})
	t.Run("never written", func(t *testing.T) {
		out := t.TempDir()
		child := Start(t, Self(t), "-n", "1", "-out", out)
		Record(t, func(tb testing.TB) { child.WaitForFile(tb, filepath.Join(out, "step-5.txt")) }).WantReport(t, true, "exited (<nil>) before writing")
	})
}
