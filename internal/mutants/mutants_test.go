package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeModule writes a module named "fixture" with the given files (path → content) into a
// temporary directory and returns the directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module fixture\n\ngo 1.26\n"
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// enumSrc exercises every operator; its expected sites are listed by hand in TestEnumerate.
const enumSrc = `package enum

import "errors"

func Cmp(a, b int) bool {
	return a < b || a <= b && a > b || a >= b
}

func Eq(a, b int) bool { return a == b && a != b }

func Arith(x, y float64) float64 { return x + y - x*y/2 }

func Lit() (int, float64, float64) { return 0, 1.0, 2 }

func Check(x int) (int, error) {
	if x == 0 {
		return 0, errors.New("zero")
	}
	f := func() error { return errors.New("lit") }
	return x, f()
}

type T struct{}

func (t *T) Err(err error) error {
	if err != nil {
		return err
	}
	return nil
}

func Dup(x int) int {
	if x > 1 {
		return 0
	}
	return 0
}
`

func siteStrings(sites []Site) []string {
	var out []string
	for _, s := range sites {
		out = append(out, fmt.Sprintf("%s %s %s: %s → %s", s.Position(), s.Func, s.Op, s.Original, s.Mutated))
	}
	return out
}

func TestEnumerate(t *testing.T) {
	dir := writeModule(t, map[string]string{"enum/enum.go": enumSrc})
	pkgDir := filepath.Join(dir, "enum")
	sites, err := EnumerateFiles(pkgDir, []string{filepath.Join(pkgDir, "enum.go")})
	if err != nil {
		t.Fatal(err)
	}
	// Written by hand from enumSrc: one line per operator occurrence, in source order.
	// A binary expression's text is the whole expression; || and && nest by precedence.
	// A literal is named by its enclosing expression, or alone; a repeated key within
	// a function is numbered (Dup#2).
	want := []string{
		"enum.go:6:11 Cmp boundary: a < b → a <= b",
		"enum.go:6:15 Cmp logical: a < b || a <= b && a > b → a < b && a <= b && a > b",
		"enum.go:6:20 Cmp boundary: a <= b → a < b",
		"enum.go:6:25 Cmp logical: a <= b && a > b → a <= b || a > b",
		"enum.go:6:30 Cmp boundary: a > b → a >= b",
		"enum.go:6:34 Cmp logical: a < b || a <= b && a > b || a >= b → a < b || a <= b && a > b && a >= b",
		"enum.go:6:39 Cmp boundary: a >= b → a > b",
		"enum.go:9:35 Eq equality: a == b → a != b",
		"enum.go:9:40 Eq logical: a == b && a != b → a == b || a != b",
		"enum.go:9:45 Eq equality: a != b → a == b",
		"enum.go:11:45 Arith arithmetic: x + y → x - y",
		"enum.go:11:49 Arith arithmetic: x + y - x*y/2 → x + y + x*y/2",
		"enum.go:11:52 Arith arithmetic: x*y → x/y",
		"enum.go:11:54 Arith arithmetic: x*y/2 → x*y*2",
		"enum.go:13:45 Lit literal: 0 → 1",
		"enum.go:13:48 Lit literal: 1.0 → 0",
		"enum.go:16:5 Check negate-if: x == 0 → !(x == 0)",
		"enum.go:16:7 Check equality: x == 0 → x != 0",
		"enum.go:16:10 Check literal: x == 0 → x == 1",
		"enum.go:17:10 Check literal: 0 → 1",
		"enum.go:17:13 Check error-nil: errors.New(\"zero\") → nil",
		"enum.go:19:29 Check error-nil: errors.New(\"lit\") → nil",
		"enum.go:20:12 Check error-nil: f() → nil",
		"enum.go:26:5 T.Err negate-if: err != nil → !(err != nil)",
		"enum.go:26:9 T.Err equality: err != nil → err == nil",
		"enum.go:27:10 T.Err error-nil: err → nil",
		"enum.go:33:5 Dup negate-if: x > 1 → !(x > 1)",
		"enum.go:33:7 Dup boundary: x > 1 → x >= 1",
		"enum.go:33:9 Dup literal: x > 1 → x > 0",
		"enum.go:34:10 Dup literal: 0 → 1",
		"enum.go:36:9 Dup#2 literal: 0 → 1",
	}
	if got := siteStrings(sites); !slices.Equal(got, want) {
		t.Errorf("sites:\ngot\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Applying a site changes exactly the mutated expression.
	src := []byte(enumSrc)
	for _, s := range sites {
		m := string(s.Apply(src))
		if strings.Count(m, "\n") != strings.Count(enumSrc, "\n") {
			t.Errorf("%s: the mutant has a different number of lines", s.Position())
		}
		if m == enumSrc {
			t.Errorf("%s: the mutant equals the original", s.Position())
		}
	}
}

func TestDrawOrderRepeatable(t *testing.T) {
	a, b := drawOrder(50, 1), drawOrder(50, 1)
	if !slices.Equal(a, b) {
		t.Fatalf("seed 1 drew %v then %v", a, b)
	}
	sorted := slices.Sorted(slices.Values(a))
	for i, v := range sorted {
		if v != i {
			t.Fatalf("draw order %v is not a permutation of 0..49", a)
		}
	}
	// Two seeds agree on all 50 places with probability 1/50!: a different order is expected.
	if slices.Equal(a, drawOrder(50, 2)) {
		t.Errorf("seeds 1 and 2 drew the same order %v", a)
	}
}

// TestRemainingOrder: -skip S continues the draw where an uninterrupted run's first S
// sites end, and skipping past the end leaves nothing.
func TestRemainingOrder(t *testing.T) {
	full := drawOrder(50, 1)
	for _, tc := range []struct {
		skip int
		want []int
	}{
		{0, full},
		{1, full[1:]},
		{49, full[49:]},
		{50, []int{}},
		{51, []int{}},
	} {
		if got := remainingOrder(50, 1, tc.skip); !slices.Equal(got, tc.want) {
			t.Errorf("remainingOrder(50, 1, %d) = %v, want %v", tc.skip, got, tc.want)
		}
	}
}

// fixSrc and fixTest form the package judged end to end. The test catches a wrong sign of
// Check and a nil error, but never calls Check(0) (so the boundary mutant survives).
const fixSrc = `package fix

import "errors"

var errNeg = errors.New("negative")

// Check returns errNeg for x < 0.
func Check(x int) error {
	if x < 0 {
		return errNeg
	}
	return nil
}

// Name concatenates strings: the + → - mutant does not compile.
func Name(a string) string { return a + "!" }
`

const fixTest = `package fix

import "testing"

func TestCheck(t *testing.T) {
	if Check(-1) != errNeg {
		t.Error("Check(-1) should fail")
	}
	if Check(1) != nil {
		t.Error("Check(1) should pass")
	}
}
`

func TestRunFixture(t *testing.T) {
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc, "fix/fix_test.go": fixTest})
	// The survivor x < 0 → x <= 0 is marked equivalent here (it is not really: this only
	// checks that the file is read and matched).
	equiv := filepath.Join(dir, "equivalent.txt")
	line := strings.Join([]string{"fixture/fix", "fix.go", "Check", "boundary", "x < 0", "x <= 0", "test entry"}, "\t")
	if err := os.WriteFile(equiv, []byte("# comment\n\n"+line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	// -timeout-factor 1e6: the printed limit is 10⁶ × the baseline, far above the 10 s floor.
	if err := run([]string{"-dir", dir, "-pkg", "./fix", "-n", "10", "-seed", "7", "-equivalent", equiv, "-timeout-factor", "1e6"}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	out := stdout.String()
	// Verdicts derived from fixTest by hand: Check(-1) and Check(1) are the only calls.
	// x <= 0 and x < 1 agree with x < 0 on both; negating the condition or returning nil
	// breaks Check(-1) or Check(1). Name's + → - does not compile and is discarded.
	want := []string{
		"fix/fix.go:9:5 negate-if: x < 0 → !(x < 0)  KILLED",
		"fix/fix.go:9:7 boundary: x < 0 → x <= 0  EQUIVALENT",
		"fix/fix.go:9:9 literal: x < 0 → x < 1  SURVIVED",
		"fix/fix.go:10:10 error-nil: errNeg → nil  KILLED",
	}
	lineRE := regexp.MustCompile(`(?m)^\[(\d+)/10\] (.*)$`)
	var got []string
	for i, m := range lineRE.FindAllStringSubmatch(out, -1) {
		if m[1] != fmt.Sprint(i+1) {
			t.Errorf("progress %s at line %d", m[1], i+1)
		}
		got = append(got, m[2])
	}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("verdicts:\n%s\nwant (any order)\n%s\noutput:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
	// The sample follows the seeded draw order over the enumerated sites, skipping the
	// non-viable one.
	pkgDir := filepath.Join(dir, "fix")
	sites, err := EnumerateFiles(pkgDir, []string{filepath.Join(pkgDir, "fix.go")})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, i := range drawOrder(len(sites), 7) {
		if s := sites[i]; s.Func != "Name" {
			order = append(order, fmt.Sprintf("fix/fix.go:%d:%d %s", s.Line, s.Col, s.Op))
		}
	}
	for i := range min(len(order), len(got)) {
		if !strings.HasPrefix(got[i], order[i]+":") {
			t.Errorf("mutant %d is %q, want the draw order's %q", i+1, got[i], order[i])
		}
	}
	// The baseline (one test's run alone) takes at least a millisecond, so the limit is at
	// least 10⁶ × 1 ms = 1000 s.
	if m := regexp.MustCompile(`per-mutant test time limit (\S+) `).FindStringSubmatch(out); m == nil {
		t.Errorf("output lacks the time limit:\n%s", out)
	} else if d, err := time.ParseDuration(m[1]); err != nil || d < 1000*time.Second {
		t.Errorf("time limit %s with -timeout-factor 1e6, want ≥ 1000s", m[1])
	}
	// Without -v no go test output is echoed (its result lines "ok  \tfixture/fix\t…",
	// "FAIL\tfixture/fix\t…", "--- FAIL: …"), nor the coverage runs' progress, nor the
	// discarded mutants.
	if m := regexp.MustCompile(`(?m)^(ok\s|FAIL|--- FAIL|  coverage of test|\[discarded\]).*$`).FindString(out); m != "" {
		t.Errorf("output without -v echoes go test's output, %q:\n%s", m, out)
	}
	wantIn(t, "output", out,
		"./fix: killed 2 of 4 (50.0 %)\n",
		"timeouts 0 (counted as killed), equivalent 1, unexplained survivors 1, not viable (discarded) 1; killed 2 of 3 non-equivalent (66.7 %)\n",
		"  fixture/fix\tfix.go\tCheck\tliteral\tx < 0\tx < 1\n",
		"note: only 4 viable mutants exist, fewer than -n 10\n",
	)
}

func TestRunUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"-pkg", "./x", "-n", "0"},
		{"-pkg", "./x", "extra"},
		{"-pkg", "./x", "-timeout-factor", "NaN"},
		{"-pkg", "./x", "-skip", "-1"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(args, &stdout, &stderr); err == nil {
			t.Errorf("run(%q) = nil, want a usage error", args)
		}
	}
}

func TestReadEquivalentErrors(t *testing.T) {
	for _, text := range []string{
		"a\tb\tc\n",
		"p\tf\tF\top\tx\ty\t\n",
		"p\tf\tF\top\tx\ty\tr\np\tf\tF\top\tx\ty\tr2\n",
	} {
		if _, err := ReadEquivalent(strings.NewReader(text), "e.txt"); err == nil || !strings.Contains(err.Error(), "e.txt:") {
			t.Errorf("ReadEquivalent(%q) error = %v, want one naming the line", text, err)
		}
	}
}

// TestRepositoryEquivalentFile: the committed equivalence file parses, and every entry
// names a package of this module and one of the runner's operators.
func TestRepositoryEquivalentFile(t *testing.T) {
	f, err := os.Open("equivalent.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ReadEquivalent(f, "equivalent.txt")
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]bool{opBoundary: true, opEquality: true, opArithmetic: true, opLogical: true, opLiteral: true, opErrorNil: true, opNegateIf: true}
	for k := range m {
		if !strings.HasPrefix(k.Pkg, "github.com/infonce-lab/infonce-lab/") || !ops[k.Op] || !strings.HasSuffix(k.File, ".go") {
			t.Errorf("entry %q: unknown package, operator or file", k.String())
		}
	}
}

// TestReadEquivalentLines: comment and blank lines are skipped but counted, so an error
// names the offending line's number and what is wrong with it; a well-formed file maps
// each key to its reason.
func TestReadEquivalentLines(t *testing.T) {
	good := "p\tf.go\tF\tboundary\tx < 0\tx <= 0\tsame at 0"
	for _, tc := range []struct{ text, want string }{
		{"a\tb\tc\n", "e.txt:1: 3 tab-separated fields, want 7"},
		{"# c\n\n  \np\tf\tF\top\tx\ty\t\n", "e.txt:4: field 7 is empty"},
		{good + "\n\tf\tF\top\tx\ty\tr\n", "e.txt:2: field 1 is empty"},
		{good + "\n" + good + "\n", "e.txt:2: duplicate entry"},
	} {
		if _, err := ReadEquivalent(strings.NewReader(tc.text), "e.txt"); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ReadEquivalent(%q) error = %v, want one starting %q", tc.text, err, tc.want)
		}
	}
	m, err := ReadEquivalent(strings.NewReader("# comment\n\n"+good+"\n  # indented comment\n"), "e.txt")
	if err != nil {
		t.Fatal(err)
	}
	k := Key{"p", "f.go", "F", "boundary", "x < 0", "x <= 0"}
	if len(m) != 1 || m[k] != "same at 0" {
		t.Errorf("ReadEquivalent = %v, want {%v: same at 0}", m, k)
	}
	if got := k.String(); got != good[:strings.LastIndex(good, "\t")] {
		t.Errorf("Key.String() = %q, want the first six fields of %q", got, good)
	}
}

// TestListPackageErrors: a pattern matching two packages, or a package with test files
// only, is refused with an error naming the pattern.
func TestListPackageErrors(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go":             "package a\n",
		"b/b.go":             "package b\n",
		"onlytest/x_test.go": "package onlytest\n",
	})
	for _, tc := range []struct{ pattern, want string }{
		{"./...", `-pkg "./..." matches more than one package`},
		{"./onlytest", `-pkg "./onlytest" has no non-test Go files`},
	} {
		if _, err := listPackage(t.Context(), dir, tc.pattern); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("listPackage(%s) error = %v, want %q", tc.pattern, err, tc.want)
		}
	}
	p, err := listPackage(t.Context(), dir, "./a")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Package{ImportPath: "fixture/a", Dir: filepath.Join(dir, "a"), GoFiles: []string{filepath.Join(dir, "a", "a.go")}}); p.ImportPath != want.ImportPath || p.Dir != want.Dir || !slices.Equal(p.GoFiles, want.GoFiles) {
		t.Errorf("listPackage(./a) = %+v, want %+v", p, want)
	}
}

// fixPackage writes the module with fix/fix.go alone and returns its folder, the package
// and its mutation sites.
func fixPackage(t *testing.T) (string, Package, []Site) {
	t.Helper()
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	pkgDir := filepath.Join(dir, "fix")
	file := filepath.Join(pkgDir, "fix.go")
	sites, err := EnumerateFiles(pkgDir, []string{file})
	if err != nil {
		t.Fatal(err)
	}
	return dir, Package{ImportPath: "fixture/fix", Dir: pkgDir, GoFiles: []string{file}}, sites
}

// TestSampleAndJudgeIOErrors: a source file that cannot be read, or a temporary folder
// the mutant cannot be written to, stops the run with that error (before any go test).
func TestSampleAndJudgeIOErrors(t *testing.T) {
	dir, pkg, sites := fixPackage(t)
	pkgDir := pkg.Dir
	c := config{pkg: "./fix", n: 1, dir: dir}
	missingTmp := filepath.Join(t.TempDir(), "no-such-tmp")
	if _, err := sampleAndJudge(t.Context(), c, pkg, sites, nil, nil, minLimit, missingTmp, io.Discard); err == nil || !strings.Contains(err.Error(), "no-such-tmp") {
		t.Errorf("sampleAndJudge into a missing temporary folder: error %v, want one naming it", err)
	}
	gone := slices.Clone(sites)
	for i := range gone {
		gone[i].File = filepath.Join(pkgDir, "gone.go")
	}
	if _, err := sampleAndJudge(t.Context(), c, pkg, gone, nil, nil, minLimit, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "gone.go") {
		t.Errorf("sampleAndJudge of a missing source file: error %v, want one naming it", err)
	}
}

// TestCancelledAndBadInputs: the runner's error paths that need no go command. A
// cancelled context interrupts sampleAndJudge ("interrupted after 0 mutants") and
// runTestBinary (the context's error); a caller's expired deadline is an error of goTest
// without a limit, not a timeout; a missing coverage profile, a malformed profile line
// and a file with no path relative to the package folder are errors naming them.
func TestCancelledAndBadInputs(t *testing.T) {
	dir, pkg, sites := fixPackage(t)
	pkgDir := pkg.Dir
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	c := config{pkg: "./fix", n: 1, dir: dir}
	if _, err := sampleAndJudge(cancelled, c, pkg, sites, nil, nil, minLimit, t.TempDir(), io.Discard); err == nil || err.Error() != "interrupted after 0 mutants" {
		t.Errorf("sampleAndJudge with a cancelled context: error %v, want interrupted after 0 mutants", err)
	}
	if _, err := runTestBinary(cancelled, os.Args[0], pkgDir, "-test.list", ".*"); !errors.Is(err, context.Canceled) {
		t.Errorf("runTestBinary with a cancelled context: error %v, want context.Canceled", err)
	}
	expired, cancelExpired := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancelExpired()
	if o, _, err := goTest(expired, dir, "./fix", "", "", 0); err == nil {
		t.Errorf("goTest without a limit, caller's deadline passed: %v and no error, want the context's error", o)
	}
	var m coverMap
	missing := filepath.Join(t.TempDir(), "no-such-profile.out")
	if err := m.addProfile(missing, "fixture/fix", "TestX", map[string]int{}); err == nil || !strings.Contains(err.Error(), "no-such-profile.out") {
		t.Errorf("addProfile of a missing file: error %v, want one naming it", err)
	}
	for _, line := range []string{"fixture/fix/fix.go:1.2,3.4 5", "fixture/fix/fix.go:1.2;3.4 5 6", "no colon at all"} {
		if _, _, err := parseProfileLine(line, "fixture/fix"); err == nil || !strings.Contains(err.Error(), "is not a profile line") {
			t.Errorf("parseProfileLine(%q): error %v, want not a profile line", line, err)
		}
	}
	// A relative file name (this package's site.go, from the test's folder) has no path
	// relative to an absolute folder.
	header := filepath.Join(t.TempDir(), "header.out")
	if err := os.WriteFile(header, []byte("fixture/fix/fix.go:1.2,3.4 5 6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.addProfile(header, "fixture/fix", "TestX", map[string]int{}); err == nil || !strings.Contains(err.Error(), "header.out:1: ") {
		t.Errorf("addProfile of a profile without its mode header: error %v, want one naming its line 1", err)
	}
	// A line whose file name is empty (colon first) belongs to no file of the package.
	if b, n, err := parseProfileLine(":1.2,3.4 5 6", "fixture/fix"); err != nil || b.file != "" || n != 6 {
		t.Errorf("parseProfileLine(\":1.2,3.4 5 6\") = %+v, %d, %v; want a block of no file, count 6", b, n, err)
	}
	if _, err := EnumerateFiles(t.TempDir(), []string{"site.go"}); err == nil || !strings.Contains(err.Error(), "site.go") {
		t.Errorf("EnumerateFiles of a relative file name under an absolute folder: error %v, want one naming it", err)
	}
}

// TestMain runs the command's main instead of the tests when the environment asks for it
// (TestMainExit runs this test binary as the command).
func TestMain(m *testing.M) {
	if os.Getenv("MUTANTS_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestMainExit: the command exits with status 2 on a usage error, printing the error after
// "mutants: ", and on -h, printing the usage only.
func TestMainExit(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		wantStderr string
		noPrefix   bool
	}{
		{args: nil, wantStderr: "mutants: -pkg is required\n"},
		{args: []string{"-h"}, wantStderr: "usage: go run ./internal/mutants", noPrefix: true},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "MUTANTS_RUN_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("mutants %q: %v, want exit status 2", tc.args, err)
		}
		if got := stderr.String(); !strings.Contains(got, tc.wantStderr) || tc.noPrefix && strings.Contains(got, "mutants: ") {
			t.Errorf("mutants %q: stderr %q, want %q (with the \"mutants: \" prefix: %v)", tc.args, got, tc.wantStderr, !tc.noPrefix)
		}
	}
}

// TestRunTempDirError: a temporary folder that cannot be made stops the run with an error
// naming it (go's own work folder is kept usable through GOTMPDIR).
func TestRunTempDirError(t *testing.T) {
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	t.Setenv("GOTMPDIR", t.TempDir())
	missing := filepath.Join(t.TempDir(), "no-such-tmp")
	t.Setenv("TMPDIR", missing)
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-dir", dir, "-pkg", "./fix"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("run with TMPDIR=%s: error %v, want one naming it", missing, err)
	}
}

// TestEnumerateSmall enumerates two small files by hand. A bare return in a function
// without results is no error-nil site (and no reason to fail): void.go has exactly its
// if's three sites. Sites at the same offset are ordered by operator name: in first.go
// the literal 0 and the negated condition both start at the 0.
func TestEnumerateSmall(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"void.go", "package void\n\nfunc Void(x int) {\n\tif x > 0 {\n\t\treturn\n\t}\n}\n", []string{
			"void.go:4:5 Void negate-if: x > 0 → !(x > 0)",
			"void.go:4:7 Void boundary: x > 0 → x >= 0",
			"void.go:4:9 Void literal: x > 0 → x > 1",
		}},
		{"first.go", "package first\n\nfunc F(x int) {\n\tif 0 < x {\n\t}\n}\n", []string{
			"first.go:4:5 F literal: 0 < x → 1 < x",
			"first.go:4:5 F negate-if: 0 < x → !(0 < x)",
			"first.go:4:7 F boundary: 0 < x → 0 <= x",
		}},
	} {
		dir := t.TempDir()
		file := filepath.Join(dir, tc.name)
		if err := os.WriteFile(file, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		sites, err := EnumerateFiles(dir, []string{file})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range sites {
			got = append(got, fmt.Sprintf("%s %s %s: %s → %s", s.Position(), s.Func, s.Op, s.Original, s.Mutated))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("sites of %s:\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestSummarize: the summary of a hand-made result, whole: one killed mutant judged by
// selected tests, one equivalent and one unexplained survivor judged by the whole suite,
// two discarded; and of an empty result (rates 0, no selection line, no lists).
func TestSummarize(t *testing.T) {
	site := func(line int) Site {
		return Site{Base: "f.go", Line: line, Col: 2, Op: opBoundary, Original: "a < b", Mutated: "a <= b"}
	}
	key := Key{"p", "f.go", "F", opBoundary, "a < b", "a <= b"}
	res := result{judged: []judged{
		{site: site(1), outcome: Failed, subset: true},
		{site: site(2), outcome: Passed, reason: "same at a = b"},
		{site: site(3), key: key, outcome: Passed},
	}, viable: 3, discarded: 2}
	var b strings.Builder
	summarize(&b, "./p", res)
	want := "./p: killed 1 of 3 (33.3 %)\n" +
		"  timeouts 0 (counted as killed), equivalent 1, unexplained survivors 1, not viable (discarded) 2; killed 1 of 2 non-equivalent (50.0 %)\n" +
		"  test selection: 1 of 3 judged by the tests that execute the site (0 of them executed by no test: survived without running), 2 by the whole suite\n" +
		"equivalent survivors:\n" +
		"  f.go:2:2 boundary: a < b → a <= b  (same at a = b)\n" +
		"unexplained survivors (as -equivalent keys; an entry needs a 7th tab-separated field, the reason):\n" +
		"  p\tf.go\tF\tboundary\ta < b\ta <= b\n"
	if got := b.String(); got != want {
		t.Errorf("summary:\n%s\nwant\n%s", got, want)
	}
	b.Reset()
	summarize(&b, "./p", result{})
	want = "./p: killed 0 of 0 (0.0 %)\n" +
		"  timeouts 0 (counted as killed), equivalent 0, unexplained survivors 0, not viable (discarded) 0; killed 0 of 0 non-equivalent (0.0 %)\n"
	if got := b.String(); got != want {
		t.Errorf("summary of nothing:\n%s\nwant\n%s", got, want)
	}
	// The coverage map's one-line description counts the blocks no test executes.
	m := &coverMap{tests: []string{"TestA"}, blocks: map[string][]coverBlock{
		"f.go": {{tests: []string{"TestA"}}, {}, {tests: []string{"TestA"}}},
	}}
	if got, want := m.summary(), "1 tests, 3 coverage blocks, 1 executed by no test"; got != want {
		t.Errorf("coverMap.summary() = %q, want %q", got, want)
	}
}

// TestGoTestArgs: the go test command line of a mutant (overlay, -run, the limit as the
// binary's -timeout, the command stopped 2 minutes of build time later) and of the
// baseline without selection (no overlay, no -run, no limit at all).
func TestGoTestArgs(t *testing.T) {
	for _, tc := range []struct {
		overlay, runRE string
		limit          time.Duration
		want           string
		stopAfter      time.Duration
	}{
		{"/t/o.json", "^(TestA)$", 30 * time.Second, "test -count=1 -vet=off -failfast -overlay /t/o.json -run ^(TestA)$ -timeout 30s ./p", 150 * time.Second},
		{"", "", 0, "test -count=1 -vet=off -failfast -timeout 0 ./p", 0},
		{"", "", -time.Second, "test -count=1 -vet=off -failfast -timeout 0 ./p", 0},
	} {
		args, stop := goTestArgs("./p", tc.overlay, tc.runRE, tc.limit)
		if got := strings.Join(args, " "); got != tc.want || stop != tc.stopAfter {
			t.Errorf("goTestArgs(%q, %q, %v) = %q, stop after %v; want %q, %v", tc.overlay, tc.runRE, tc.limit, got, stop, tc.want, tc.stopAfter)
		}
	}
}

// TestRunNoTestFiles: with test selection, a package without test files stops the run
// with an error saying so (no coverage map can be built).
func TestRunNoTestFiles(t *testing.T) {
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-dir", dir, "-pkg", "./fix"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "no test files") {
		t.Errorf("run on a package without tests: error %v, want one saying it has no test files", err)
	}
}

// TestDrawOrderGolden pins the documented draw order, a permutation from PCG(seed, 0)
// (doc.go), so that a seed draws the same sample in every version of the runner and runs
// stay comparable. Golden values from rand.New(rand.NewPCG(seed, 0)).Perm(10), Go 1.26.
func TestDrawOrderGolden(t *testing.T) {
	for seed, want := range map[uint64][]int{1: {6, 3, 1, 9, 7, 4, 8, 2, 0, 5}, 7: {0, 8, 6, 4, 3, 5, 7, 1, 9, 2}} {
		if got := drawOrder(10, seed); !slices.Equal(got, want) {
			t.Errorf("drawOrder(10, %d) = %v, want %v", seed, got, want)
		}
	}
}

// TestShort: expressions up to 90 runes print whole, longer ones as their first 89 runes
// and "…" (90 runes).
func TestShort(t *testing.T) {
	exact := strings.Repeat("é", 90)
	if got := short(exact); got != exact {
		t.Errorf("short of 90 runes = %q, want it unchanged", got)
	}
	long := strings.Repeat("x", 100)
	if got, want := short(long), strings.Repeat("x", 89)+"…"; got != want {
		t.Errorf("short of 100 runes = %q, want %q", got, want)
	}
}

// TestSummarizeOne: the rate of a single killed mutant, and the selection line when the
// only mutant judged by selected tests is one no test executes.
func TestSummarizeOne(t *testing.T) {
	s := Site{Base: "f.go", Line: 1, Col: 2, Op: opBoundary, Original: "a < b", Mutated: "a <= b"}
	var b strings.Builder
	summarize(&b, "./p", result{judged: []judged{{site: s, outcome: Failed}}, viable: 1})
	if got, want := b.String(), "./p: killed 1 of 1 (100.0 %)\n"; !strings.HasPrefix(got, want) {
		t.Errorf("summary of one killed mutant:\n%s\nwant it to start %q", got, want)
	}
	b.Reset()
	summarize(&b, "./p", result{judged: []judged{{site: s, key: Key{"p", "f.go", "F", opBoundary, "a < b", "a <= b"}, outcome: Passed, subset: true, notCovered: true}}, viable: 1})
	if want := "  test selection: 1 of 1 judged by the tests that execute the site (1 of them executed by no test: survived without running), 0 by the whole suite\n"; !strings.Contains(b.String(), want) {
		t.Errorf("summary of one uncovered survivor:\n%s\nwant the line %q", b.String(), want)
	}
}

// TestRunEquivalentFileErrors: a missing or malformed -equivalent file stops the run with
// an error naming it.
func TestRunEquivalentFileErrors(t *testing.T) {
	dir := writeModule(t, map[string]string{"fix/fix.go": fixSrc})
	bad := filepath.Join(dir, "bad-equivalent.txt")
	if err := os.WriteFile(bad, []byte("only\tthree\tfields\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "missing-equivalent.txt"), bad} {
		var stdout, stderr bytes.Buffer
		if err := run([]string{"-dir", dir, "-pkg", "./fix", "-equivalent", file}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), file) {
			t.Errorf("run -equivalent %s: error %v, want one naming the file", file, err)
		}
	}
}

// TestSampleAndJudgeGoError: a go command that cannot start (its folder is gone) is an
// error of the run, not a verdict.
func TestSampleAndJudgeGoError(t *testing.T) {
	dir, pkg, sites := fixPackage(t)
	gone := filepath.Join(dir, "no-such-folder")
	c := config{pkg: "./fix", n: 1, dir: gone}
	if _, err := sampleAndJudge(t.Context(), c, pkg, sites, nil, nil, minLimit, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "go test ./fix") {
		t.Errorf("sampleAndJudge with go run in a missing folder: error %v, want go test's", err)
	}
}

// wantIn reports each of wants that out (described by what) does not contain.
func wantIn(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// TestRunBaselineToolchainError: with -select=false the baseline is one go test run; when
// the go command itself fails there (here a go on PATH that passes `go list` to the real
// one and exits 2 on `go test`, printing no FAIL line), run stops with go test's error,
// not with "the unmutated tests do not pass", which would blame the package's tests.
func TestRunBaselineToolchainError(t *testing.T) {
	fakeGo(t, "test) echo 'go: simulated toolchain failure' >&2; exit 2;;")
	dir, _, _ := fixPackage(t)
	var stdout, stderr bytes.Buffer
	err := run([]string{"-dir", dir, "-pkg", "./fix", "-n", "1", "-select=false"}, &stdout, &stderr)
	if err == nil || !strings.HasPrefix(err.Error(), "go test ./fix: exit status 2: go: simulated toolchain failure") {
		t.Errorf("run -select=false with go test failing: error %v, want go test's exit status and message\n%s%s", err, &stdout, &stderr)
	}
}

// TestSampleAndJudgeNoWorkingDirectory: with a relative -dir and a current folder that
// no longer exists (removed while the test stands in it, so os.Getwd fails), the run
// stops with that error before judging anything.
func TestSampleAndJudgeNoWorkingDirectory(t *testing.T) {
	_, pkg, sites := fixPackage(t)
	gone := t.TempDir()
	t.Chdir(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Getwd(); err == nil {
		t.Skip("os.Getwd works in a removed folder on this system")
	}
	var stdout bytes.Buffer
	res, err := sampleAndJudge(t.Context(), config{pkg: "./fix", n: 1, dir: "."}, pkg, sites, nil, nil, minLimit, t.TempDir(), &stdout)
	if !errors.Is(err, os.ErrNotExist) || res.viable != 0 || stdout.Len() != 0 {
		t.Errorf("sampleAndJudge in a removed folder = %d viable, %v, printed %q; want no mutant and getwd's not-exist error", res.viable, err, &stdout)
	}
}

// TestLiteralContextAtRoot: the context of a literal is its nearest enclosing expression
// other than parentheses and signs, also when that expression is the root of the walk
// (stack[0]); with only a sign above it, or a statement, the literal itself.
func TestLiteralContextAtRoot(t *testing.T) {
	lit := &ast.BasicLit{Kind: token.INT, Value: "1"}
	sum := &ast.BinaryExpr{X: ast.NewIdent("x"), Op: token.ADD, Y: lit}
	neg := &ast.UnaryExpr{Op: token.SUB, X: lit}
	stmt := &ast.ExprStmt{X: lit}
	for _, tc := range []struct {
		name  string
		stack []ast.Node
		want  ast.Node
	}{
		{"x + 1 at the root", []ast.Node{sum}, sum},
		{"x + (-1) at the root", []ast.Node{sum, &ast.ParenExpr{X: neg}, neg}, sum},
		{"-1 at the root", []ast.Node{neg}, lit},
		{"1 in a statement", []ast.Node{stmt}, lit},
		{"no ancestors", nil, lit},
	} {
		if got := literalContext(lit, tc.stack); got != tc.want {
			t.Errorf("%s: literalContext = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}
