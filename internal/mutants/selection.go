package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// coverBlock is one block of a coverage profile: the source range
// [start, end) of a run of statements that execute together, in line.column form.
type coverBlock struct {
	file                string // file name relative to the package directory
	startLine, startCol int
	endLine, endCol     int
	tests               []string // top-level tests whose run alone executed the block
}

// contains reports whether line:col lies in [start, end).
func (b coverBlock) contains(line, col int) bool {
	if line < b.startLine || line == b.startLine && col < b.startCol {
		return false
	}
	return line < b.endLine || line == b.endLine && col < b.endCol
}

// coverMap maps the coverage blocks of a package to the top-level tests that execute them.
type coverMap struct {
	tests  []string                // every top-level test, example and fuzz target, in -test.list order
	blocks map[string][]coverBlock // file → its blocks, in profile order
	funcs  map[string][]funcBody   // file → the bodies of its top-level functions
	// elapsed is the total time of the tests' runs alone: the baseline of the time limit.
	elapsed time.Duration
}

// funcBody is the source range of a top-level function's body.
type funcBody struct {
	startLine, startCol, endLine, endCol int
}

// selection is the set of tests that judge one mutant.
type selection struct {
	all     bool     // run the whole suite (the site cannot be attributed)
	tests   []string // otherwise these tests; none means no test executes the site
	covered bool     // the site lies in a coverage block (or a function body) that the map knows
}

// runPattern is the -run pattern that selects exactly sel's tests, "" for the whole suite.
func (sel selection) runPattern() string {
	if sel.all {
		return ""
	}
	return "^(" + strings.Join(sel.tests, "|") + ")$"
}

// selectTests returns the tests that execute the block holding site s:
//   - the innermost coverage block whose range holds the site's position (blocks nest only
//     through function literals; the innermost is the one with the latest start);
//   - failing that, for a site in a top-level function's body (a case expression, which
//     lies between blocks), every test that executes any block of that body, since
//     evaluating anything in the body first executes the block that opens it;
//   - failing that (package-level declarations, signatures), the whole suite.
func (m *coverMap) selectTests(s Site) selection {
	var best *coverBlock
	for i, b := range m.blocks[s.Base] {
		if b.contains(s.Line, s.Col) && (best == nil || b.startLine > best.startLine ||
			b.startLine == best.startLine && b.startCol > best.startCol) {
			best = &m.blocks[s.Base][i]
		}
	}
	if best != nil {
		return selection{tests: best.tests, covered: true}
	}
	for _, f := range m.funcs[s.Base] {
		in := coverBlock{startLine: f.startLine, startCol: f.startCol, endLine: f.endLine, endCol: f.endCol}
		if !in.contains(s.Line, s.Col) {
			continue
		}
		set := map[string]bool{}
		inBody := 0
		for _, b := range m.blocks[s.Base] {
			if in.contains(b.startLine, b.startCol) {
				inBody++
				for _, t := range b.tests {
					set[t] = true
				}
			}
		}
		if inBody == 0 {
			break // coverage does not instrument this body: run everything
		}
		var tests []string
		for _, t := range m.tests {
			if set[t] {
				tests = append(tests, t)
			}
		}
		return selection{tests: tests, covered: true}
	}
	return selection{all: true}
}

// buildCoverMap compiles the package's test binary with coverage of the package itself,
// lists its top-level tests, runs each alone with a coverage profile and records which
// tests execute which blocks. Each run must pass: a test that fails alone, with no
// mutant, would make selection unsound, so it is an error. The runs have no time limit,
// like the baseline go test run without selection.
func buildCoverMap(ctx context.Context, dir string, pkg Package, tmp string, progress io.Writer) (*coverMap, error) {
	bin := filepath.Join(tmp, "cover.test")
	if err := os.MkdirAll(filepath.Join(tmp, "covdata"), 0o755); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-vet=off", "-cover", "-covermode=count", "-coverpkg="+pkg.ImportPath, "-o", bin, pkg.ImportPath)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go test -c -cover %s: %v: %s", pkg.ImportPath, err, strings.TrimSpace(string(out)))
	}
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("go test -c %s wrote no test binary (the package has no test files?)", pkg.ImportPath)
	}
	out, err := runTestBinary(ctx, bin, pkg.Dir, "-test.list", ".*")
	if err != nil {
		return nil, fmt.Errorf("listing the tests of %s: %v\n%s", pkg.ImportPath, err, out)
	}
	m := &coverMap{blocks: map[string][]coverBlock{}, funcs: map[string][]funcBody{}}
	for _, name := range strings.Split(string(out), "\n") {
		// -test.list prints one name a line: tests, examples, fuzz targets and benchmarks;
		// go test runs no benchmark without -bench.
		if token.IsIdentifier(name) && (strings.HasPrefix(name, "Test") || strings.HasPrefix(name, "Example") || strings.HasPrefix(name, "Fuzz")) {
			m.tests = append(m.tests, name)
		}
	}
	index := map[string]int{} // "file:start,end" → index in m.blocks[file]
	profile := filepath.Join(tmp, "cover.out")
	for i, name := range m.tests {
		start := time.Now()
		out, err := runTestBinary(ctx, bin, pkg.Dir, "-test.run", "^"+name+"$", "-test.count=1", "-test.coverprofile="+profile)
		if err != nil {
			return nil, fmt.Errorf("test %s of %s, run alone with coverage, does not pass (test selection needs every test to pass alone; use -select=false): %v\n%s", name, pkg.ImportPath, err, out)
		}
		m.elapsed += time.Since(start)
		if err := m.addProfile(profile, pkg.ImportPath, name, index); err != nil {
			return nil, err
		}
		if progress != nil {
			fmt.Fprintf(progress, "  coverage of test %d/%d %s: %.1fs\n", i+1, len(m.tests), name, time.Since(start).Seconds())
		}
	}
	for _, f := range pkg.GoFiles {
		if err := m.addFuncBodies(pkg.Dir, f); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// runTestBinary runs a compiled test binary in dir (where go test runs it), without time
// limit, in its own process group, killed on cancellation, and returns its combined output.
func runTestBinary(ctx context.Context, bin, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"-test.timeout=0"}, args...)...)
	cmd.Dir = dir
	// The binary's own coverage output (not the profile) goes to a directory of its own.
	cmd.Env = append(os.Environ(), "GOCOVERDIR="+filepath.Join(filepath.Dir(bin), "covdata"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		return out.Bytes(), ctx.Err()
	}
	return out.Bytes(), err
}

// addProfile reads a count-mode coverage profile of one test's run and records the test
// against every block it executed (count > 0). Every run lists the same blocks.
func (m *coverMap) addProfile(file, importPath, test string, index map[string]int) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if line == 1 {
			if !strings.HasPrefix(t, "mode: ") {
				return fmt.Errorf("%s:1: %q is not a coverage profile header", file, t)
			}
			continue
		}
		b, count, err := parseProfileLine(t, importPath)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", file, line, err)
		}
		if b.file == "" {
			continue // a file of another package
		}
		k := fmt.Sprintf("%s:%d.%d,%d.%d", b.file, b.startLine, b.startCol, b.endLine, b.endCol)
		i, ok := index[k]
		if !ok {
			i = len(m.blocks[b.file])
			index[k] = i
			m.blocks[b.file] = append(m.blocks[b.file], b)
		}
		if count > 0 {
			bs := m.blocks[b.file]
			if n := len(bs[i].tests); n == 0 || bs[i].tests[n-1] != test {
				bs[i].tests = append(bs[i].tests, test)
			}
		}
	}
	return sc.Err()
}

// parseProfileLine parses "importpath/file.go:l0.c0,l1.c1 numStmt count". A block of a file
// outside the package importPath is returned with an empty file.
func parseProfileLine(t, importPath string) (coverBlock, int, error) {
	var b coverBlock
	colon := strings.LastIndex(t, ":")
	if colon < 0 {
		return b, 0, fmt.Errorf("%q is not a profile line", t)
	}
	name, rest := t[:colon], t[colon+1:]
	var numStmt, count int
	if n, err := fmt.Sscanf(rest, "%d.%d,%d.%d %d %d", &b.startLine, &b.startCol, &b.endLine, &b.endCol, &numStmt, &count); n != 6 || err != nil {
		return b, 0, fmt.Errorf("%q is not a profile line: %v", t, err)
	}
	if dir, base := path.Split(name); strings.TrimSuffix(dir, "/") == importPath {
		b.file = base
	}
	return b, count, nil
}

// addFuncBodies records the body ranges of the top-level functions of one source file.
func (m *coverMap) addFuncBodies(dir, file string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	base, err := filepath.Rel(dir, file)
	if err != nil {
		return err
	}
	base = filepath.ToSlash(base)
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		s, e := fset.Position(fd.Body.Lbrace), fset.Position(fd.Body.End())
		m.funcs[base] = append(m.funcs[base], funcBody{s.Line, s.Column, e.Line, e.Column})
	}
	return nil
}

// summary describes the map in one line: tests, blocks, and blocks no test executes.
func (m *coverMap) summary() string {
	var blocks, uncovered int
	for _, bs := range m.blocks {
		for _, b := range bs {
			blocks++
			if len(b.tests) == 0 {
				uncovered++
			}
		}
	}
	return strconv.Itoa(len(m.tests)) + " tests, " + strconv.Itoa(blocks) + " coverage blocks, " + strconv.Itoa(uncovered) + " executed by no test"
}
