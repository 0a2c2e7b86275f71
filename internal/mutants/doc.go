// Command mutants is the project's mutation-testing runner: it measures whether a package's
// own tests notice small wrong changes to its code.
//
// Usage, from the repository root:
//
//	go run ./internal/mutants -pkg ./markov -n 80 -seed 1 [-skip S] [-v] [-equivalent internal/mutants/equivalent.txt] [-select=false]
//
// It parses the package's non-test Go files (those `go list` selects for this build) with
// go/ast and enumerates every mutation site, ordered by file, byte offset and operator:
//
//	boundary    <  ↔ <=,  >  ↔ >=
//	equality    == ↔ !=
//	arithmetic  +  ↔ -,   *  ↔ /
//	logical     && ↔ ||
//	literal     an integer or float literal equal to 0 → 1, equal to 1 → 0
//	error-nil   a returned value whose declared result type is error (not already nil) → nil
//	negate-if   if c → if !(c)
//
// It then draws sites in the order of a permutation from math/rand/v2's PCG seeded with
// (-seed, 0), after its first -skip sites (default 0; to finish an interrupted run of the
// same code, -skip its judged + discarded count and -n the mutants it lacked), and judges
// each by the package's own tests,
//
//	go test -count=1 -vet=off -failfast -overlay OVERLAY.json [-run '^(A|B|…)$'] -timeout LIMIT PKG
//
// (-failfast: the first failing test kills the mutant, so the rest need not run; -run:
// the tests that execute the mutated code, see "Test selection" below).
// where the overlay substitutes the mutated copy of one file (written to a temporary
// directory, removed at exit): no source file is edited. A mutant that does not compile is
// not viable: it is discarded and the next site is drawn, until -n viable mutants are judged
// (or the sites run out). A mutant is KILLED when a test fails, TIMEOUT when the test binary
// exceeds LIMIT = max(-timeout-factor × the baseline time, 10 s) — counted as
// killed, since a hang is noticed — and SURVIVED when the tests pass. Ctrl-C kills the
// running go test's process group, removes the temporary files and prints the summary so far.
//
// Output: one line per viable mutant, "[k/n] file:line:col operator: original → mutated
// VERDICT" (file relative to -dir; the position of a binary mutant is its operator's), then
//
//	PKG: killed K of N (R %)
//
// with N the viable mutants judged and K the killed ones (timeouts included), a line counting
// timeouts, equivalents, unexplained survivors and discarded mutants and giving the kill
// rate among non-equivalent mutants, K of N − equivalents, the equivalent survivors
// with their reasons, and each unexplained survivor's key. The exit status is non-zero only
// for usage and I/O errors (or an interrupt), never for a low kill rate.
//
// # Test selection
//
// With -select (the default), before sampling, the runner compiles the package's test binary
// once with coverage of the package itself (go test -c -cover -covermode=count
// -coverpkg=PKG), lists its top-level tests, examples and fuzz targets (-test.list), and runs
// each alone (-test.run '^Name$' -test.coverprofile …, in the package directory, as go test
// would) to map every coverage block to the tests that execute it. Subtests belong to their
// top-level test; t.Parallel and TestMain work as under go test (TestMain and package
// initialisation run in every test's run, so what they execute is mapped to every test).
// Every test must pass alone, else the run stops with an error (use -select=false). These
// runs are the baseline: the unmutated suite is not run again as a whole, and the baseline
// time is the sum of the runs' times (without selection it is one unmutated go test run,
// with no time limit). A
// mutant is then judged by the tests that execute the block holding its site: the
// innermost coverage block whose range holds the site's position (blocks nest only through
// function literals); for a site in a function body but in no block (a case expression),
// every test that executes any block of that top-level function's body; for any other
// site (package-level declarations, signatures) the whole suite. A site in a block that
// no test executes is only compiled (go test -run '^$'): if viable it SURVIVES, printed as
// "SURVIVED (not covered)" and counted among the survivors. A selected test whose run
// alone took more than a quarter of all the runs (and at least 10 s) is slow: it runs in a
// second go test run after the others pass, so a mutant a fast test kills never waits for
// it (go test runs tests in source order, and -failfast stops only at a failure).
//
// Why this cannot change a verdict. A coverage counter is incremented at the start of its
// block, and a block is a run of statements entered only at its start (cmd/cover starts a
// new block at every label and after every branching statement), so a test that evaluates
// any expression of a block increments the block's counter; every function body opens
// with a block, so evaluating a case expression of a body first executes a block of that
// body. A mutant differs from the original only inside its site's expression. A test that
// does not execute the block holding it therefore executes exactly the same statements with
// exactly the same values as on the original code, which passed: it passes on the mutant too,
// and leaving it out changes nothing. (Constants and types declared in a function body are
// the one compile-time reach of a site beyond its block: their scope lies after the
// declaration in the same block, which control reaches only through the declaring block's
// start, unless a goto jumps over a declaration — which no code here does.) The argument
// assumes, as go test itself does when it runs a test alone, that a test's outcome does not
// depend on package state left by other tests; caches filled by whichever test comes first
// (sync.Once) keep it, since alone each test that needs the cache fills it itself and so
// is mapped to the filling code. -failfast and the slow tests' second run change no
// verdict either: a mutant is killed as soon as one test fails, and survives when all pass.
//
// # Equivalent mutants
//
// A survivor that changes no behaviour (for example a boundary where both sides give the
// same value) is listed in an equivalence file, given with -equivalent; the repository's is
// internal/mutants/equivalent.txt. Such survivors are reported as EQUIVALENT and listed apart
// from unexplained survivors. One entry a line, seven tab-separated fields:
//
//	import path	file	function	operator	original	mutated	reason
//
// where file is relative to the package directory, function is the enclosing top-level
// function ("Recv.Method", "Func", or "-" outside functions), and original and mutated are the
// source text of the mutated expression with white space collapsed: the whole binary
// expression, the returned value, the if-condition, or for a literal its nearest enclosing
// expression (parentheses and signs skipped; the literal alone when it stands in a
// statement). When one function holds several sites with the same operator and texts, the
// second and later, in source order, have function "Name#2", "Name#3", …. The runner prints
// these keys under "unexplained survivors". The key holds no line number, so an entry
// survives unrelated edits. Blank lines and lines starting with # are ignored.
//
// The runner is not part of CI: a run of 80 mutants takes a few minutes on two cores (with
// test selection; a package whose suite takes long, such as proofs, gains most).
package main
