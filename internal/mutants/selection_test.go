package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// selSrc and selTest form the package whose coverage map TestCoverMap checks by hand: a
// package-level site, a function only TestMain calls, an if and its body, case
// expressions (which lie in no coverage block), a function literal and an uncalled function.
const selSrc = `package sel

var limit = 1 + 1

var ready bool

func Setup() { ready = 2 > 1 }

func Abs(x int) int {
	if x < 0 {
		return 0 - x
	}
	return x
}

func Sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func Twice(x int) int {
	g := func(y int) int { return y * 2 }
	return g(x) + limit - limit
}

func Unused(x int) bool { return x == 3 }
`

const selTest = `package sel

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	Setup()
	os.Exit(m.Run())
}

func TestAbsNeg(t *testing.T) {
	t.Parallel()
	if Abs(-2) != 2 {
		t.Error("Abs(-2)")
	}
}

func TestAbsPos(t *testing.T) {
	t.Run("two", func(t *testing.T) {
		if Abs(2) != 2 {
			t.Error("Abs(2)")
		}
	})
}

func TestSign(t *testing.T) {
	if !ready {
		t.Fatal("TestMain did not run Setup")
	}
	if Sign(3) != 1 {
		t.Error("Sign(3)")
	}
}

func BenchmarkAbs(b *testing.B) {
	for b.Loop() {
		Abs(-1)
	}
}

func ExampleTwice() {
	fmt.Println(Twice(3))
	// Output: 6
}
`

// describe formats a selection as "all", "none" or the selected tests.
func describe(sel selection) string {
	switch {
	case sel.all:
		return "all"
	case len(sel.tests) == 0:
		return "none"
	}
	return strings.Join(sel.tests, " ")
}

func TestCoverMap(t *testing.T) {
	dir := writeModule(t, map[string]string{"sel/sel.go": selSrc, "sel/sel_test.go": selTest})
	pkg, err := listPackage(context.Background(), dir, "./sel")
	if err != nil {
		t.Fatal(err)
	}
	m, err := buildCoverMap(context.Background(), dir, pkg, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The benchmark is not a test go test runs; the example is.
	if want := []string{"TestAbsNeg", "TestAbsPos", "TestSign", "ExampleTwice"}; !slices.Equal(m.tests, want) {
		t.Errorf("tests %v, want %v", m.tests, want)
	}
	sites, err := EnumerateFiles(pkg.Dir, pkg.GoFiles)
	if err != nil {
		t.Fatal(err)
	}
	// Written by hand from selSrc and selTest, by source line: every site of a line has the
	// same selection here.
	want := map[int]string{
		3:  "all",                                         // package-level var: no block
		7:  "TestAbsNeg TestAbsPos TestSign ExampleTwice", // Setup runs in TestMain, before every test
		10: "TestAbsNeg TestAbsPos",                       // the if condition, in Abs's first block
		11: "TestAbsNeg",                                  // the body, taken for x < 0 only
		18: "TestSign",                                    // a case expression: no block, so Sign's tests
		19: "TestSign",                                    // Sign(3) takes the first case
		20: "TestSign",                                    // evaluated only for x ≤ 0, but in no block
		21: "none",                                        // the second case's body: no test reaches it
		23: "none",                                        // after the switch: no test reaches it
		27: "ExampleTwice",                                // in the function literal's block
		28: "ExampleTwice",                                // the block after the literal's statement
		31: "none",                                        // Unused
	}
	lines := map[int]bool{}
	for _, s := range sites {
		lines[s.Line] = true
		w, ok := want[s.Line]
		if !ok {
			t.Errorf("%s %s: a site on a line the test does not expect", s.Position(), s.Op)
			continue
		}
		sel := m.selectTests(s)
		if got := describe(sel); got != w {
			t.Errorf("%s %s %s: selected %q, want %q", s.Position(), s.Op, s.Original, got, w)
		}
		if p := sel.runPattern(); sel.all != (p == "") {
			t.Errorf("%s: run pattern %q for selection %q", s.Position(), p, describe(sel))
		}
	}
	for l := range want {
		if !lines[l] {
			t.Errorf("no site on line %d", l)
		}
	}
	// The run pattern selects exactly the named top-level tests.
	sel := selection{tests: []string{"TestAbsNeg", "TestAbsPos"}}
	re := regexp.MustCompile(sel.runPattern())
	for name, match := range map[string]bool{"TestAbsNeg": true, "TestAbsPos": true, "TestAbsNegative": false, "TestSign": false} {
		if re.MatchString(name) != match {
			t.Errorf("pattern %q matches %s: %v, want %v", re, name, !match, match)
		}
	}
}

// TestSelectionKeepsVerdicts judges a sample of the fixture's mutants with and without
// test selection: the verdicts must agree, the uncovered survivor being marked.
func TestSelectionKeepsVerdicts(t *testing.T) {
	dir := writeModule(t, map[string]string{"sel/sel.go": selSrc, "sel/sel_test.go": selTest})
	lineRE := regexp.MustCompile(`(?m)^\[\d+/5\] (.*)$`)
	verdicts := func(extra ...string) ([]string, string) {
		var stdout, stderr bytes.Buffer
		args := append([]string{"-dir", dir, "-pkg", "./sel", "-n", "5", "-seed", "1"}, extra...)
		if err := run(args, &stdout, &stderr); err != nil {
			t.Fatalf("run %q: %v\n%s%s", args, err, &stdout, &stderr)
		}
		var got []string
		for _, m := range lineRE.FindAllStringSubmatch(stdout.String(), -1) {
			got = append(got, m[1])
		}
		return got, stdout.String()
	}
	with, outWith := verdicts("-v")
	without, outWithout := verdicts("-select=false")
	// Seed 1 draws these five sites (the draw order is checked in TestRunFixture); the
	// verdicts are derived by hand from selTest: Sign(3) is the same for x ≥ 0, Abs(−2)
	// becomes −2 with 0 + x, no test reaches Sign's return −1, limit − limit cancels any
	// limit, and Abs(±2) is the same for x < 1.
	want := []string{
		"sel/sel.go:18:9 boundary: x > 0 → x >= 0  SURVIVED",
		"sel/sel.go:11:12 arithmetic: 0 - x → 0 + x  KILLED",
		"sel/sel.go:21:11 literal: 1 → 0  SURVIVED (not covered)",
		"sel/sel.go:3:17 literal: 1 + 1 → 1 + 0  SURVIVED",
		"sel/sel.go:10:9 literal: x < 0 → x < 1  SURVIVED",
	}
	if !slices.Equal(with, want) {
		t.Errorf("with selection:\n%s\nwant\n%s\noutput:\n%s", strings.Join(with, "\n"), strings.Join(want, "\n"), outWith)
	}
	want[2] = strings.TrimSuffix(want[2], " (not covered)")
	if !slices.Equal(without, want) {
		t.Errorf("without selection:\n%s\nwant\n%s\noutput:\n%s", strings.Join(without, "\n"), strings.Join(want, "\n"), outWithout)
	}
	wantIn(t, "output", outWith,
		"test selection: coverage map of 4 tests, ",
		"test selection: 4 of 5 judged by the tests that execute the site (1 of them executed by no test: survived without running), 1 by the whole suite\n",
		"./sel: killed 1 of 5 (20.0 %)\n",
	)
	// -v (the run with selection) adds each coverage run's progress, each mutant's test
	// selection, and the go test output of the four survivors (the uncovered one's with no
	// test run), none of the killed one's.
	wantIn(t, "verbose output", outWith,
		"  coverage of test 1/4 ",
		"  coverage of test 4/4 ",
		"  judged by the whole suite (the site lies in no coverage block)\n",
		"  judged by 0 of 4 tests: \n",
		"  judged by 2 of 4 tests: TestAbsNeg TestAbsPos\n",
		"  judged by 1 of 4 tests: TestAbsNeg\n",
		"  judged by 1 of 4 tests: TestSign\n",
	)
	if n := len(regexp.MustCompile(`(?m)^ok\s+fixture/sel\b`).FindAllString(outWith, -1)); n != 4 || strings.Contains(outWith, "--- FAIL") {
		t.Errorf("verbose output echoes %d passing go test runs (want the 4 survivors') or a failing one:\n%s", n, outWith)
	}
	if strings.Contains(outWithout, "test selection") {
		t.Errorf("-select=false printed a selection line:\n%s", outWithout)
	}
}

// TestPhases: a test that took more than a quarter of all the runs alone (and ≥ 10 s) runs
// after the others, in a go test run of its own.
func TestPhases(t *testing.T) {
	m := &coverMap{
		tests:   []string{"TestA", "TestSlow", "TestB"},
		times:   map[string]time.Duration{"TestA": time.Second, "TestSlow": time.Minute, "TestB": 2 * time.Second},
		elapsed: 63 * time.Second,
	}
	for _, c := range []struct {
		sel  selection
		want []string
	}{
		{selection{tests: []string{"TestA", "TestSlow"}}, []string{"^(TestA)$", "^(TestSlow)$"}},
		{selection{all: true}, []string{"^(TestA|TestB)$", "^(TestSlow)$"}},
		{selection{tests: []string{"TestA", "TestB"}}, []string{"^(TestA|TestB)$"}},
		{selection{tests: []string{"TestSlow"}}, []string{"^(TestSlow)$"}},
	} {
		if got := m.phases(c.sel); !slices.Equal(got, c.want) {
			t.Errorf("phases(%q) = %q, want %q", describe(c.sel), got, c.want)
		}
	}
	// 9 s is below the 10 s floor: one phase, the whole suite.
	m.times["TestSlow"], m.elapsed = 9*time.Second, 12*time.Second
	if got := m.phases(selection{all: true}); !slices.Equal(got, []string{""}) {
		t.Errorf("phases(all) with no slow test = %q, want one run of the whole suite", got)
	}
}

// TestSelectInnermost: among the blocks holding a site, the one with the latest start
// judges it: a function literal's block on the same line as its enclosing block (start
// column later), or on a later line whatever its column, whichever order the profile
// lists them in.
func TestSelectInnermost(t *testing.T) {
	outer := coverBlock{file: "f.go", startLine: 2, startCol: 20, endLine: 9, endCol: 2, tests: []string{"TestOuter"}}
	sameLine := coverBlock{file: "f.go", startLine: 2, startCol: 30, endLine: 2, endCol: 50, tests: []string{"TestSameLine"}}
	nextLine := coverBlock{file: "f.go", startLine: 3, startCol: 5, endLine: 4, endCol: 3, tests: []string{"TestNextLine"}}
	for _, tc := range []struct {
		blocks    []coverBlock
		line, col int
		want      string
	}{
		{[]coverBlock{outer, sameLine}, 2, 40, "TestSameLine"},
		{[]coverBlock{sameLine, outer}, 2, 40, "TestSameLine"},
		{[]coverBlock{outer, nextLine}, 3, 10, "TestNextLine"},
		{[]coverBlock{nextLine, outer}, 3, 10, "TestNextLine"},
		{[]coverBlock{nextLine, outer}, 5, 1, "TestOuter"},
	} {
		m := &coverMap{blocks: map[string][]coverBlock{"f.go": tc.blocks}}
		sel := m.selectTests(Site{Base: "f.go", Line: tc.line, Col: tc.col})
		if !sel.covered || sel.all || !slices.Equal(sel.tests, []string{tc.want}) {
			t.Errorf("site %d:%d in blocks starting %d:%d, %d:%d: selection %s, want %s",
				tc.line, tc.col, tc.blocks[0].startLine, tc.blocks[0].startCol, tc.blocks[1].startLine, tc.blocks[1].startCol, describe(sel), tc.want)
		}
	}
}

// TestRunPhases: the phases run in order until one does not pass; its outcome (or error)
// is the mutant's, and the later phases do not run. All passing: passed.
func TestRunPhases(t *testing.T) {
	errGo := errors.New("go: broken")
	for _, tc := range []struct {
		results []Outcome // outcome of each phase; BuildFailed+1 stands for an error
		want    Outcome
		wantErr bool
		ran     int
	}{
		{[]Outcome{Passed, Passed}, Passed, false, 2},
		{[]Outcome{Failed, Passed}, Failed, false, 1},
		{[]Outcome{Passed, Failed}, Failed, false, 2},
		{[]Outcome{TimedOut, Passed}, TimedOut, false, 1},
		{[]Outcome{BuildFailed, Passed}, BuildFailed, false, 1},
		{[]Outcome{BuildFailed + 1, Passed}, Passed, true, 1},
	} {
		var ran []string
		phases := []string{"^(TestFast)$", "^(TestSlow)$"}
		got, out, err := runPhases(phases, func(runRE string) (Outcome, []byte, error) {
			i := len(ran)
			ran = append(ran, runRE)
			if tc.results[i] == BuildFailed+1 {
				return Passed, nil, errGo
			}
			return tc.results[i], []byte(runRE), nil
		})
		if (err != nil) != tc.wantErr || !tc.wantErr && (got != tc.want || string(out) != ran[len(ran)-1]) || !slices.Equal(ran, phases[:tc.ran]) {
			t.Errorf("phase outcomes %v: runPhases = %v, %q, %v after running %q; want %v (error %v) after %q",
				tc.results, got, out, err, ran, tc.want, tc.wantErr, phases[:tc.ran])
		}
	}
}

// TestContains: a block's range [start, end) in line.column order, on one line and over
// several lines.
func TestContains(t *testing.T) {
	b := coverBlock{startLine: 2, startCol: 5, endLine: 4, endCol: 3}
	for _, tc := range []struct {
		line, col int
		want      bool
	}{
		{1, 9, false}, {2, 4, false}, {2, 5, true}, {2, 90, true}, {3, 1, true}, {3, 90, true},
		{4, 1, true}, {4, 2, true}, {4, 3, false}, {5, 1, false},
	} {
		if got := b.contains(tc.line, tc.col); got != tc.want {
			t.Errorf("[2.5, 4.3) contains %d.%d = %v, want %v", tc.line, tc.col, got, tc.want)
		}
	}
	one := coverBlock{startLine: 7, startCol: 10, endLine: 7, endCol: 20}
	for col, want := range map[int]bool{9: false, 10: true, 19: true, 20: false} {
		if got := one.contains(7, col); got != want {
			t.Errorf("[7.10, 7.20) contains 7.%d = %v, want %v", col, got, want)
		}
	}
}

// TestSelectUninstrumentedBody: a site in a function body that no coverage block lies in
// (a file coverage did not instrument) is judged by the whole suite; a site in a body with
// blocks by their tests; a site in no body by the whole suite.
func TestSelectUninstrumentedBody(t *testing.T) {
	m := &coverMap{
		tests:  []string{"TestA", "TestB"},
		blocks: map[string][]coverBlock{"f.go": {{file: "f.go", startLine: 3, startCol: 2, endLine: 3, endCol: 9, tests: []string{"TestB"}}}},
		funcs: map[string][]funcBody{
			"f.go": {{startLine: 2, startCol: 20, endLine: 6, endCol: 2}},
			"g.go": {{startLine: 1, startCol: 20, endLine: 4, endCol: 2}},
		},
	}
	for _, tc := range []struct {
		site Site
		want string
	}{
		{Site{Base: "g.go", Line: 2, Col: 5}, "all"},
		{Site{Base: "f.go", Line: 4, Col: 5}, "TestB"},
		{Site{Base: "f.go", Line: 9, Col: 1}, "all"},
	} {
		if got := describe(m.selectTests(tc.site)); got != tc.want {
			t.Errorf("site %s: selection %s, want %s", tc.site.Position(), got, tc.want)
		}
	}
}

// TestAddFuncBodiesErrors: a file that does not parse, or whose name has no path relative
// to the package folder, is an error naming it.
func TestAddFuncBodiesErrors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.go")
	if err := os.WriteFile(broken, []byte("package broken\n\nfunc F( {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := &coverMap{funcs: map[string][]funcBody{}}
	if err := m.addFuncBodies(dir, broken); err == nil || !strings.Contains(err.Error(), "broken.go") {
		t.Errorf("addFuncBodies of a file that does not parse: error %v, want one naming it", err)
	}
	// This package's site.go, by a name relative to the test's folder.
	if err := m.addFuncBodies(dir, "site.go"); err == nil || !strings.Contains(err.Error(), "site.go") {
		t.Errorf("addFuncBodies of a relative file name under an absolute folder: error %v, want one naming it", err)
	}
}
