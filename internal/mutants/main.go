// Command mutants is the project's mutation-testing runner; see doc.go.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "mutants:", err)
		}
		os.Exit(2)
	}
}

// config holds the parsed command line.
type config struct {
	pkg           string
	n             int
	seed          uint64
	skip          int
	verbose       bool
	equivalent    string
	dir           string
	timeoutFactor float64
	selectTests   bool
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("mutants", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.pkg, "pkg", "", "package to mutate, as given to go test (e.g. ./markov); required")
	fs.IntVar(&c.n, "n", 80, "number of viable mutants to sample")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the PCG generator that draws the sample")
	fs.IntVar(&c.skip, "skip", 0, "skip the first S sites of the draw order, compiled or not (to finish an interrupted run: S = its judged + discarded count)")
	fs.BoolVar(&c.verbose, "v", false, "also print discarded (non-compiling) mutants and the test output of survivors")
	fs.StringVar(&c.equivalent, "equivalent", "", "file of survivors judged equivalent (format in doc.go)")
	fs.StringVar(&c.dir, "dir", ".", "directory in which go list and go test run")
	fs.BoolVar(&c.selectTests, "select", true, "judge each mutant by the tests that execute its coverage block only (see doc.go); false runs the whole suite for every mutant")
	fs.Float64Var(&c.timeoutFactor, "timeout-factor", 10, "a mutant's test time limit, as a multiple of the baseline time (at least 10 s)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/mutants -pkg ./markov [-n 80] [-seed 1] [-skip 0] [-v] [-equivalent FILE] [-select=false]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() != 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.pkg == "":
		return c, errors.New("-pkg is required")
	case c.n < 1:
		return c, fmt.Errorf("-n = %d, want ≥ 1", c.n)
	case c.skip < 0:
		return c, fmt.Errorf("-skip = %d, want ≥ 0", c.skip)
	case !(c.timeoutFactor >= 1):
		return c, fmt.Errorf("-timeout-factor = %v, want ≥ 1", c.timeoutFactor)
	}
	return c, nil
}

// minLimit is the least per-mutant test time limit.
const minLimit = 10 * time.Second

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	pkg, err := listPackage(ctx, c.dir, c.pkg)
	if err != nil {
		return err
	}
	sites, err := EnumerateFiles(pkg.Dir, pkg.GoFiles)
	if err != nil {
		return err
	}
	equiv := map[Key]string{}
	if c.equivalent != "" {
		f, err := os.Open(c.equivalent)
		if err != nil {
			return err
		}
		equiv, err = ReadEquivalent(f, c.equivalent)
		f.Close()
		if err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "mutants-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The baseline: without selection, one go test run of the whole suite; with selection,
	// the coverage runs of the tests one by one, each of which must pass.
	var cover *coverMap
	var baseline time.Duration
	var baselineText string
	if c.selectTests {
		var progress io.Writer
		if c.verbose {
			progress = stdout
		}
		if cover, err = buildCoverMap(ctx, c.dir, pkg, tmp, progress); err != nil {
			return err
		}
		baseline = cover.elapsed
		baselineText = fmt.Sprintf("baseline: each test alone with coverage, %.1fs in all", baseline.Seconds())
	} else {
		start := time.Now()
		base, out, err := goTest(ctx, c.dir, c.pkg, "", "", 0)
		if err != nil {
			return err
		}
		if base != Passed {
			return fmt.Errorf("the unmutated tests of %s do not pass:\n%s", c.pkg, out)
		}
		baseline = time.Since(start)
		baselineText = fmt.Sprintf("baseline go test %.1fs", baseline.Seconds())
	}
	limit := max(time.Duration(c.timeoutFactor*float64(baseline)), minLimit)
	fmt.Fprintf(stdout, "%s: %d mutation sites in %d files; %s, per-mutant test time limit %s (a timeout counts as killed)\n",
		c.pkg, len(sites), len(pkg.GoFiles), baselineText, limit.Round(time.Second))
	if cover != nil {
		fmt.Fprintf(stdout, "test selection: coverage map of %s\n", cover.summary())
	}

	res, err := sampleAndJudge(ctx, c, pkg, sites, equiv, cover, limit, tmp, stdout)
	summarize(stdout, c.pkg, res)
	if err != nil {
		return err
	}
	if res.viable < c.n {
		fmt.Fprintf(stdout, "note: only %d viable mutants exist, fewer than -n %d\n", res.viable, c.n)
	}
	return nil
}

// judged is one viable mutant and its verdict.
type judged struct {
	site    Site
	key     Key
	outcome Outcome
	reason  string // non-empty for a survivor listed as equivalent
	// notCovered marks a survivor whose site no test executes: it compiled, and no test ran.
	notCovered bool
	// subset marks a mutant judged by a selection of the tests rather than the whole suite.
	subset bool
}

type result struct {
	judged    []judged
	viable    int
	discarded int
}

// drawOrder is the seeded order in which sites are drawn: a permutation from PCG(seed, 0).
func drawOrder(nSites int, seed uint64) []int {
	return rand.New(rand.NewPCG(seed, 0)).Perm(nSites)
}

// remainingOrder is drawOrder without its first skip sites (none left if skip ≥ nSites):
// a run with -skip S draws what an uninterrupted run draws after its first S sites.
func remainingOrder(nSites int, seed uint64, skip int) []int {
	return drawOrder(nSites, seed)[min(skip, nSites):]
}

// sampleAndJudge draws sites in seeded order and judges each until c.n viable mutants are
// judged or the sites run out.
//
// With a coverage map (cover non-nil), a mutant is judged by the tests that execute its
// site's block (coverMap.selectTests); a site that no test executes is only compiled (with
// -run '^$', which runs no test) and, if viable, survives as "not covered".
func sampleAndJudge(ctx context.Context, c config, pkg Package, sites []Site, equiv map[Key]string, cover *coverMap, limit time.Duration, tmp string, stdout io.Writer) (result, error) {
	var res result
	srcs := map[string][]byte{}
	root, err := filepath.Abs(c.dir)
	if err != nil {
		return res, err
	}
	for _, i := range remainingOrder(len(sites), c.seed, c.skip) {
		if res.viable == c.n {
			break
		}
		s := sites[i]
		src, ok := srcs[s.File]
		if !ok {
			if src, err = os.ReadFile(s.File); err != nil {
				return res, err
			}
			srcs[s.File] = src
		}
		overlay, err := writeOverlay(tmp, s, s.Apply(src))
		if err != nil {
			return res, err
		}
		sel := selection{all: true}
		if cover != nil {
			sel = cover.selectTests(s)
		}
		phases := []string{sel.runPattern()}
		if cover != nil {
			phases = cover.phases(sel)
		}
		notCovered := !sel.all && len(sel.tests) == 0
		if notCovered {
			phases = []string{"^$"} // compile the mutant, run no test
		}
		outcome, out, err := runPhases(phases, func(runRE string) (Outcome, []byte, error) {
			return goTest(ctx, c.dir, c.pkg, overlay, runRE, limit)
		})
		if err != nil {
			if ctx.Err() != nil {
				return res, fmt.Errorf("interrupted after %d mutants", res.viable)
			}
			return res, err
		}
		pos := s.Position()
		if rel, err := filepath.Rel(root, s.File); err == nil {
			pos = fmt.Sprintf("%s:%d:%d", filepath.ToSlash(rel), s.Line, s.Col)
		}
		if outcome == BuildFailed {
			res.discarded++
			if c.verbose {
				fmt.Fprintf(stdout, "[discarded] %s %s: %s → %s does not compile\n", pos, s.Op, s.Original, s.Mutated)
			}
			continue
		}
		res.viable++
		j := judged{site: s, key: KeyOf(pkg.ImportPath, s), outcome: outcome,
			notCovered: notCovered && outcome == Passed, subset: !sel.all}
		verdict := outcome.String()
		if j.notCovered {
			verdict += " (not covered)"
		}
		if outcome == Passed {
			if r, ok := equiv[j.key]; ok {
				j.reason = r
				verdict = "EQUIVALENT"
			}
		}
		res.judged = append(res.judged, j)
		fmt.Fprintf(stdout, "[%d/%d] %s %s: %s → %s  %s\n", res.viable, c.n, pos, s.Op, short(s.Original), short(s.Mutated), verdict)
		if c.verbose && cover != nil {
			if sel.all {
				fmt.Fprintf(stdout, "  judged by the whole suite (the site lies in no coverage block)\n")
			} else {
				fmt.Fprintf(stdout, "  judged by %d of %d tests: %s\n", len(sel.tests), len(cover.tests), strings.Join(sel.tests, " "))
			}
		}
		if c.verbose && outcome == Passed {
			fmt.Fprintf(stdout, "%s", out)
		}
	}
	return res, nil
}

// runPhases runs the go test runs of one mutant's phases in order and returns the first
// that does not pass (or errs), else the last: a mutant is killed as soon as one phase
// fails, and survives only when all pass.
func runPhases(phases []string, goTest func(runRE string) (Outcome, []byte, error)) (Outcome, []byte, error) {
	var outcome Outcome
	var out []byte
	var err error
	for _, runRE := range phases {
		if outcome, out, err = goTest(runRE); err != nil || outcome != Passed {
			break
		}
	}
	return outcome, out, err
}

// short truncates long expressions for the progress lines.
func short(s string) string {
	const max = 90
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// summarize prints the summary line `PKG: killed K of N (R %)` and the survivors.
func summarize(w io.Writer, pkg string, res result) {
	var killed, timeouts, equivalent, subset, notCovered int
	var unexplained, equivs []judged
	for _, j := range res.judged {
		if j.subset {
			subset++
		}
		if j.notCovered {
			notCovered++
		}
		switch {
		case j.outcome == Failed:
			killed++
		case j.outcome == TimedOut:
			killed++
			timeouts++
		case j.reason != "":
			equivalent++
			equivs = append(equivs, j)
		default:
			unexplained = append(unexplained, j)
		}
	}
	n := len(res.judged)
	rate := 0.0
	if n > 0 {
		rate = 100 * float64(killed) / float64(n)
	}
	fmt.Fprintf(w, "%s: killed %d of %d (%.1f %%)\n", pkg, killed, n, rate)
	rateNE := 0.0
	if n-equivalent > 0 {
		rateNE = 100 * float64(killed) / float64(n-equivalent)
	}
	fmt.Fprintf(w, "  timeouts %d (counted as killed), equivalent %d, unexplained survivors %d, not viable (discarded) %d; killed %d of %d non-equivalent (%.1f %%)\n",
		timeouts, equivalent, len(unexplained), res.discarded, killed, n-equivalent, rateNE)
	if subset+notCovered > 0 {
		fmt.Fprintf(w, "  test selection: %d of %d judged by the tests that execute the site (%d of them executed by no test: survived without running), %d by the whole suite\n",
			subset, n, notCovered, n-subset)
	}
	if len(equivs) > 0 {
		fmt.Fprintln(w, "equivalent survivors:")
		for _, j := range equivs {
			fmt.Fprintf(w, "  %s %s: %s → %s  (%s)\n", j.site.Position(), j.site.Op, j.site.Original, j.site.Mutated, j.reason)
		}
	}
	if len(unexplained) > 0 {
		fmt.Fprintln(w, "unexplained survivors (as -equivalent keys; an entry needs a 7th tab-separated field, the reason):")
		for _, j := range unexplained {
			fmt.Fprintf(w, "  %s\n", j.key)
		}
	}
}
