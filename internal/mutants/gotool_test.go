package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeGo puts first on PATH a go command that runs the shell case arms given (matched on
// its first argument, e.g. `test) exit 0;;`) and hands every other command to the real go.
func fakeGo(t *testing.T, arms string) {
	t.Helper()
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := t.TempDir()
	script := "#!/bin/sh\ncase \"$1\" in\n" + arms + "\nesac\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestListPackageUnreadableOutput: a go list that succeeds but prints no JSON (here
// nothing at all) is an error naming the pattern, not an empty package.
func TestListPackageUnreadableOutput(t *testing.T) {
	fakeGo(t, "list) exit 0;;")
	p, err := listPackage(t.Context(), t.TempDir(), "./fix")
	if err == nil || !strings.HasPrefix(err.Error(), "go list ./fix: ") {
		t.Errorf("listPackage with go list printing nothing = %+v, %v; want an error starting \"go list ./fix: \"", p, err)
	}
}

// TestRunListError: a -pkg that go list cannot resolve stops the run with go list's
// error, before anything is judged.
func TestRunListError(t *testing.T) {
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	var stdout, stderr bytes.Buffer
	err := run([]string{"-dir", dir, "-pkg", "./no-such-package"}, &stdout, &stderr)
	if err == nil || !strings.HasPrefix(err.Error(), "go list ./no-such-package: ") {
		// Only the error's first line: a run that went on would quote go test's
		// "FAIL . [setup failed]", which the runner reads anywhere in a mutant's output
		// as a mutant that does not compile (gotool.go), hiding this kill.
		first, _, _ := strings.Cut(fmt.Sprint(err), "\n")
		t.Errorf("run -pkg ./no-such-package: error %q…, want go list's", first)
	}
	if stdout.Len() != 0 {
		t.Errorf("run -pkg ./no-such-package printed\n%s\nwant nothing", &stdout)
	}
}

// TestRunNote: the note on too few viable mutants appears exactly when fewer than -n
// exist. With a go test that always passes (so every mutant compiles and survives), fix.go
// has 5 viable mutants (counted by hand: x < 0 gives negate-if, boundary and literal,
// return errNeg an error-nil, a + "!" an arithmetic one): -n 5 judges them all with no
// note, -n 6 says only 5 exist.
func TestRunNote(t *testing.T) {
	fakeGo(t, "test) exit 0;;")
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	for _, n := range []int{5, 6} {
		var stdout, stderr bytes.Buffer
		if err := run([]string{"-dir", dir, "-pkg", "./fix", "-n", strconv.Itoa(n), "-select=false"}, &stdout, &stderr); err != nil {
			t.Fatalf("run -n %d: %v\n%s%s", n, err, &stdout, &stderr)
		}
		out := stdout.String()
		wantIn(t, fmt.Sprintf("output of -n %d", n), out, "./fix: killed 0 of 5 (0.0 %)\n")
		if got := strings.Contains(out, "note:"); got != (n > 5) {
			t.Errorf("-n %d: output has a note: %v, want %v\n%s", n, got, n > 5, out)
		} else if got {
			wantIn(t, "output of -n 6", out, "note: only 5 viable mutants exist, fewer than -n 6\n")
		}
	}
}

// TestGoTestCancelKillsProcessGroup: cancelling a go test run kills its whole process
// group, so no process it started (a test binary; here the fake go's sleep 600) outlives
// it. Whether the sleep still runs is read from /proc/PID/fd: goTest returns only after
// the output pipe the sleep shares is closed (EOF), so a killed sleep has no open files
// left (gone, a zombie, or exiting), while a surviving one still holds them.
func TestGoTestCancelKillsProcessGroup(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	pidFile := filepath.Join(t.TempDir(), "sleep.pid")
	t.Setenv("MUTANTS_SLEEP_PID", pidFile)
	fakeGo(t, `test) sleep 600 & echo $! > "$MUTANTS_SLEEP_PID.tmp"; mv "$MUTANTS_SLEEP_PID.tmp" "$MUTANTS_SLEEP_PID"; wait; exit 0;;`)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	type result struct {
		o   Outcome
		err error
	}
	done := make(chan result, 1)
	go func() {
		o, _, err := goTest(ctx, dir, "./fix", "", "", 0)
		done <- result{o, err}
	}()
	// Wait for the sleep to start (the pid file is renamed into place whole), then cancel.
	var pid int
	for pid == 0 {
		select {
		case r := <-done:
			t.Fatalf("goTest returned %v, %v before its sleep started", r.o, r.err)
		default:
		}
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
				t.Fatalf("pid file %q: %v", b, err)
			}
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	cancel()
	r := <-done
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("goTest cancelled without a limit: %v, %v; want context.Canceled", r.o, r.err)
	}
	if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil && len(fds) > 0 {
		t.Errorf("the sleep (pid %d) started by the cancelled go test still runs with %d open files", pid, len(fds))
		syscall.Kill(pid, syscall.SIGKILL) // the process this test started
	}
}
