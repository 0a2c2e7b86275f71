package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Package is what the runner needs to know of the package under test.
type Package struct {
	ImportPath string
	Dir        string
	GoFiles    []string // absolute paths of the non-test Go files of the build
}

// listPackage resolves pattern (one package) with `go list`, run in dir.
func listPackage(ctx context.Context, dir, pattern string) (Package, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-json", "--", pattern)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return Package{}, fmt.Errorf("go list %s: %v: %s", pattern, err, strings.TrimSpace(errb.String()))
	}
	dec := json.NewDecoder(&out)
	var p struct {
		ImportPath string
		Dir        string
		GoFiles    []string
		CgoFiles   []string
	}
	if err := dec.Decode(&p); err != nil {
		return Package{}, fmt.Errorf("go list %s: %v", pattern, err)
	}
	if dec.More() {
		return Package{}, fmt.Errorf("-pkg %q matches more than one package; give one", pattern)
	}
	pkg := Package{ImportPath: p.ImportPath, Dir: p.Dir}
	for _, f := range append(p.GoFiles, p.CgoFiles...) {
		pkg.GoFiles = append(pkg.GoFiles, filepath.Join(p.Dir, f))
	}
	if len(pkg.GoFiles) == 0 {
		return Package{}, fmt.Errorf("-pkg %q has no non-test Go files", pattern)
	}
	return pkg, nil
}

// Outcome of one go test run.
type Outcome int

const (
	Passed      Outcome = iota // the tests passed: with a mutant, it survived
	Failed                     // a test failed: the mutant is killed
	TimedOut                   // the run exceeded its time limit: counted as killed
	BuildFailed                // the package or its tests did not compile: the mutant is not viable
)

func (o Outcome) String() string {
	return [...]string{"SURVIVED", "KILLED", "TIMEOUT", "NOT-VIABLE"}[o]
}

var (
	buildFailedRE = regexp.MustCompile(`\[(build|setup) failed\]`)
	timedOutRE    = regexp.MustCompile(`panic: test timed out after`)
)

// goTest runs `go test -count=1 -vet=off -failfast [-overlay overlay] [-run runRE] pkg` in
// dir: -failfast stops at the first failing test, which is enough to kill a mutant. The
// test binary gets limit as its -timeout; the whole command (build included) is stopped at
// limit plus buildAllowance. limit ≤ 0 means no limit (-timeout 0). The command runs in its own process
// group, which is killed on cancellation so that no test binary outlives it.
func goTest(ctx context.Context, dir, pkg, overlay, runRE string, limit time.Duration) (Outcome, []byte, error) {
	args, stopAfter := goTestArgs(pkg, overlay, runRE, limit)
	if stopAfter > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, stopAfter)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && limit > 0 {
			return TimedOut, out.Bytes(), nil
		}
		return 0, out.Bytes(), ctx.Err()
	case err == nil:
		return Passed, out.Bytes(), nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return 0, out.Bytes(), fmt.Errorf("go test %s: %v", pkg, err)
	}
	switch {
	case buildFailedRE.Match(out.Bytes()):
		return BuildFailed, out.Bytes(), nil
	case timedOutRE.Match(out.Bytes()):
		return TimedOut, out.Bytes(), nil
	case bytes.Contains(out.Bytes(), []byte("FAIL")):
		return Failed, out.Bytes(), nil
	}
	return 0, out.Bytes(), fmt.Errorf("go test %s: %v: %s", pkg, err, strings.TrimSpace(out.String()))
}

// goTestArgs returns goTest's command line (after "go") and the time after which the
// whole command is stopped, 0 for never (limit ≤ 0).
func goTestArgs(pkg, overlay, runRE string, limit time.Duration) (args []string, stopAfter time.Duration) {
	args = []string{"test", "-count=1", "-vet=off", "-failfast"}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	if runRE != "" {
		args = append(args, "-run", runRE)
	}
	if limit <= 0 {
		args = append(args, "-timeout", "0") // not go test's default of 10 minutes
	} else {
		args = append(args, "-timeout", limit.String())
		stopAfter = limit + buildAllowance
	}
	return append(args, pkg), stopAfter
}

// buildAllowance is added to a mutant's test time limit for compiling and linking it.
const buildAllowance = 2 * time.Minute

// writeOverlay writes the mutated file and the overlay JSON that substitutes it for the
// original into tmp, returning the JSON's path.
func writeOverlay(tmp string, s Site, mutated []byte) (string, error) {
	file := filepath.Join(tmp, "mutant_"+filepath.Base(s.File))
	if err := os.WriteFile(file, mutated, 0o644); err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {s.File: file}})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlay, b, 0o644); err != nil {
		return "", err
	}
	return overlay, nil
}
