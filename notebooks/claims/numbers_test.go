package main

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/proofs"
)

// Numbers quoted in the READMEs are tied to what produces them. A quote is a verbatim
// piece of a README section in which the measured numbers are marked by braces,
// "misses T1 by **{4.09} %**"; the numbers outside braces are settings the text states
// (N = 1000, (α, β) = (1, −0.2)). Each braced number must equal its source rounded to the
// quoted precision: |source − quoted| ≤ half a unit of the quoted last digit. Every number
// of a checked section must lie inside some quote, so a number added without a source
// fails the test. Sources are either computed here from the code (analytic quantities:
// closed forms, exact enumeration, the level-2 optimum; a few seconds) or read from the
// committed ledger results/ledger.md (training numbers; refresh it with
// `go run ./notebooks/claims -out notebooks/claims/results`, about 20 s on 2 cores).

// quote is one checked piece of a README section.
type quote struct {
	text   string                       // verbatim, with the checked numbers in braces
	values func(t *testing.T) []float64 // the sources of the braced numbers, in order (nil: settings only)
}

// numberToken matches a number as the READMEs write it: −0.0582, +0.0168, 6.0e-3, 315.
var numberToken = regexp.MustCompile(`[−+-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?`)

// braced matches a checked number of a quote.
var braced = regexp.MustCompile(`\{([^{}]*)\}`)

// parseQuoted returns the value of a quoted number and half a unit of its last digit.
func parseQuoted(s string) (v, halfUnit float64, err error) {
	s = strings.ReplaceAll(s, "−", "-")
	mant, exp := s, 0
	if k := strings.IndexByte(s, 'e'); k >= 0 {
		mant = s[:k]
		if exp, err = strconv.Atoi(s[k+1:]); err != nil {
			return 0, 0, err
		}
	}
	decimals := 0
	if k := strings.IndexByte(mant, '.'); k >= 0 {
		decimals = len(mant) - k - 1
	}
	v, err = strconv.ParseFloat(s, 64)
	return v, 0.5 * math.Pow(10, float64(exp-decimals)), err
}

// checkSection checks the quotes against the section text and returns a problem for
// every quote not found, every checked number that disagrees with its source, and every
// number of the section that no quote covers.
func checkSection(t *testing.T, name, section string, quotes []quote) []string {
	t.Helper()
	var problems []string
	covered := make([]bool, len(section))
	for _, q := range quotes {
		plain := braced.ReplaceAllString(q.text, "$1")
		at := strings.Index(section, plain)
		if at < 0 {
			problems = append(problems, fmt.Sprintf("%s: quote not found verbatim: %q", name, plain))
			continue
		}
		for k := at; k < at+len(plain); k++ {
			covered[k] = true
		}
		marks := braced.FindAllStringSubmatch(q.text, -1)
		if len(marks) == 0 {
			continue
		}
		got := q.values(t)
		if len(got) != len(marks) {
			t.Fatalf("%s: quote %q has %d checked numbers, its source %d", name, plain, len(marks), len(got))
		}
		for k, m := range marks {
			want, half, err := parseQuoted(m[1])
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %q: %v", name, m[1], err))
				continue
			}
			// Half a unit of the last quoted digit, widened by 1e-9 relative for the float64
			// rounding of the source and of the decimal parse.
			if !(math.Abs(got[k]-want) <= half+1e-9*math.Abs(want)) {
				problems = append(problems, fmt.Sprintf("%s: %q quotes %s, the source gives %.6g", name, plain, m[1], got[k]))
			}
		}
	}
	for _, loc := range numberToken.FindAllStringIndex(section, -1) {
		if loc[0] > 0 && isIdentChar(section[:loc[0]]) {
			continue // part of a name: T1, c2, C30, χ²
		}
		if !covered[loc[0]] {
			line := 1 + strings.Count(section[:loc[0]], "\n")
			problems = append(problems, fmt.Sprintf("%s: number %q (section line %d) has no source: quote it in this test", name, section[loc[0]:loc[1]], line))
		}
	}
	return problems
}

// TestCheckSectionFails feeds the checker a section with a wrong number, a number no
// quote covers and a quote that is not in the text, and expects exactly those problems.
func TestCheckSectionFails(t *testing.T) {
	section := "The gap is 4.08 % at N = 1000, and 7 more.\nT1 and c2 are names."
	quotes := []quote{
		{text: "gap is {4.08} % at N = 1000", values: func(*testing.T) []float64 { return []float64{4.0898} }},
		{text: "absent {1.0}", values: func(*testing.T) []float64 { return []float64{1} }},
	}
	got := checkSection(t, "fixture", section, quotes)
	want := []string{
		`fixture: "gap is 4.08 % at N = 1000" quotes 4.08, the source gives 4.0898`,
		`fixture: quote not found verbatim: "absent 1.0"`,
		`fixture: number "7" (section line 1) has no source: quote it in this test`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// isIdentChar reports whether the text before a number ends in a letter, digit, '_',
// '²' or '/' (a name such as T1, a subscript, or a path).
func isIdentChar(before string) bool {
	r := []rune(before)
	c := r[len(r)-1]
	return c == '_' || c == '/' || c == '²' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c > 0x370 && c < 0x3ff)
}

// readmeSection returns the text of the markdown section that starts with heading,
// up to the next heading of the same or a higher level.
func readmeSection(t *testing.T, path, heading string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	at := strings.Index(s, "\n"+heading+"\n")
	if at < 0 {
		t.Fatalf("%s: no heading %q", path, heading)
	}
	s = s[at+len(heading)+2:]
	level := strings.Count(strings.Fields(heading)[0], "#")
	for k := 0; k < len(s); {
		nl := strings.IndexByte(s[k:], '\n')
		if nl < 0 {
			break
		}
		line := s[k+nl+1:]
		if strings.HasPrefix(line, strings.Repeat("#", level)+" ") || (level > 1 && strings.HasPrefix(line, strings.Repeat("#", level-1)+" ")) {
			return s[:k+nl+1]
		}
		k += nl + 1
	}
	return s
}

// committedLedger holds the parsed checks table of results/ledger.md.
var committedLedger struct {
	once sync.Once
	rows [][]string
	err  error
}

// ledgerCells returns the cells of the first row of the committed ledger's checks
// table with the given id and a quantity containing quantity.
func ledgerCells(t *testing.T, id, quantity string) []string {
	t.Helper()
	committedLedger.once.Do(func() {
		data, err := os.ReadFile("results/ledger.md")
		if err != nil {
			committedLedger.err = err
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			if cells := splitRow(line); len(cells) == 11 {
				committedLedger.rows = append(committedLedger.rows, cells)
			}
		}
	})
	if committedLedger.err != nil {
		t.Fatal(committedLedger.err)
	}
	for _, r := range committedLedger.rows {
		if r[0] == id && strings.Contains(r[2], quantity) {
			return r
		}
	}
	t.Fatalf("results/ledger.md: no check of %s with quantity containing %q", id, quantity)
	return nil
}

// splitRow splits a markdown table row on unescaped '|' and unescapes "\|".
func splitRow(line string) []string {
	if !strings.HasPrefix(line, "| ") {
		return nil
	}
	var cells []string
	var cur strings.Builder
	for k := 1; k < len(line); k++ {
		switch {
		case line[k] == '\\' && k+1 < len(line) && line[k+1] == '|':
			cur.WriteByte('|')
			k++
		case line[k] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[k])
		}
	}
	return cells
}

// ledgerCorrected returns the committed ledger's corrected statement of claim id as a
// one-cell row (column 0), for cellNumbers.
func ledgerCorrected(t *testing.T, id string) []string {
	t.Helper()
	data, err := os.ReadFile("results/ledger.md")
	if err != nil {
		t.Fatal(err)
	}
	prefix := "- **" + id + "** "
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, prefix) {
			return []string{line}
		}
	}
	t.Fatalf("results/ledger.md: no corrected statement of %s", id)
	return nil
}

// ledgerChecks counts the committed ledger's checks of claim id.
func ledgerChecks(t *testing.T, id string) int {
	t.Helper()
	ledgerCells(t, id, "") // parses the ledger
	n := 0
	for _, r := range committedLedger.rows {
		if r[0] == id {
			n++
		}
	}
	return n
}

// Columns of the ledger's checks table.
const (
	colPredicted = 4
	colMeasured  = 5
	colError     = 6
	colNote      = 10
)

// cellNumbers returns the numbers of a ledger cell that follow each of the given
// prefixes ("" for the cell's first number).
func cellNumbers(t *testing.T, cells []string, col int, prefixes ...string) []float64 {
	t.Helper()
	var out []float64
	for _, p := range prefixes {
		cell := cells[col]
		at := strings.Index(cell, p)
		if at < 0 {
			t.Fatalf("ledger %s: %q not in %q", cells[0], p, cell)
		}
		m := numberToken.FindString(cell[at+len(p):])
		v, _, err := parseQuoted(m)
		if err != nil {
			t.Fatalf("ledger %s: %q: %v", cells[0], m, err)
		}
		out = append(out, v)
	}
	return out
}

// Analytic sources, computed once.
var analytic struct {
	once     sync.Once
	opt      *optimum.Result
	gaps     []enumerate.GapRow
	offLine  [2]*proofs.FreeLogitFixedPoint // (1, −0.2), (0.5, 0.2) at N = 1000
	scSmallN [2]*proofs.FreeLogitFixedPoint // (1, 0) at N = 16, 100
	err      error
}

func sources(t *testing.T) *feature.Space {
	t.Helper()
	s := feature.Toy()
	analytic.once.Do(func() {
		var err error
		if analytic.opt, err = optimum.InfoNCE(s, optimum.Options{Tau: 1, N: feature.ToyBatchSize, Seed: 1}); err != nil {
			analytic.err = err
			return
		}
		analytic.gaps = enumerate.GapTable(s, []int{2, 16, 128})
		for k, ab := range [][2]float64{{1, -0.2}, {0.5, 0.2}} {
			if analytic.offLine[k], err = proofs.ExactFreeLogitFixedPoint(s, feature.ToyBatchSize, "scinfonce", ab[0], ab[1]); err != nil {
				analytic.err = err
				return
			}
		}
		for k, n := range []int{16, 100} {
			if analytic.scSmallN[k], err = proofs.ExactFreeLogitFixedPoint(s, n, "scinfonce", 1, 0); err != nil {
				analytic.err = err
				return
			}
		}
	})
	if analytic.err != nil {
		t.Fatal(analytic.err)
	}
	return s
}

// sgdRate is the free-logit learning rate of the ledger's training, at which the READMEs
// quote the per-step drift.
const sgdRate = proofs.FreeLogitLR

func pct(v float64) float64 { return 100 * v }

// TestReadmeNumbers checks every number of the README's findings ("What the lab finds on
// the paper's toy").
func TestReadmeNumbers(t *testing.T) {
	section := readmeSection(t, "../../README.md", "## What the lab finds on the paper's toy")
	c23 := func(t *testing.T) []float64 {
		var worst float64
		for _, ab := range []string{"(1, 0)", "(1.5, 0.5)", "(0.8, -0.2)"} {
			cells := ledgerCells(t, "C23", "(α, β) = "+ab+": max_ij |P̄_ij − T2_ij|/T2_ij")
			worst = math.Max(worst, cellNumbers(t, cells, colError, "")[0])
		}
		return []float64{worst}
	}
	quotes := []quote{
		{text: "(m = 3, π uniform, A = [[.5 .3 .2] [.2 .5 .3] [.2 .3 .5]], N = 1000, τ = 1; commands below."},
		{text: "3×3 logit matrix (the mean of\n  16 runs"},
		{text: "lands on T1 within {0.035} % (single runs {0.09}–{0.31} %)", values: func(t *testing.T) []float64 {
			c := ledgerCells(t, "C13", "max_ij |P̄_ij − T1_ij|/T1_ij")
			return append(cellNumbers(t, c, colError, ""), cellNumbers(t, c, colNote, "max gap ", "% to ")...)
		}},
		{text: "on the line α − β = 1, on T2 within {0.19} %", values: c23},
		{text: "jitters by about 1 %"}, // the sc-convergence caption's estimate (figures/gallery/index.md), not a measurement
		{text: "s_ii = 1/τ"},
		{text: "misses T1 by **{4.09} %**", values: func(t *testing.T) []float64 { sources(t); return []float64{pct(analytic.opt.MaxRelGap)} }},
		{text: "τ* ≈ {6.9}", values: func(t *testing.T) []float64 { sources(t); return []float64{optimum.SlackLimit(analytic.opt.Cosine)} }},
		{text: "Trained per-state embeddings land **{0.41} %** from that optimum and {4.3} % from T1, the\n  MLP **{0.32} %** and {4.2} %", values: func(t *testing.T) []float64 {
			l2 := ledgerCells(t, "C29", "level 2 (per-state embeddings)")
			l3 := ledgerCells(t, "C29", "level 3 (MLP on noisy features)")
			a := cellNumbers(t, l2, colNote, "to the optimum ", "to T1 ")
			b := cellNumbers(t, l3, colNote, "to the optimum ", "to T1 ")
			return []float64{a[0], a[1], b[0], b[1]}
		}},
		{text: "T2 is attainable only on α − β = 1 (R1)"},
		{text: "moves by {+0.0168} per SGD step at (1, −0.2) and {−0.0582} at (0.5, 0.2), lr 0.5", values: func(t *testing.T) []float64 {
			sources(t)
			return []float64{-sgdRate * analytic.offLine[0].Drift, -sgdRate * analytic.offLine[1].Drift}
		}},
		{text: "settle {26} % and {315} % from T2", values: func(t *testing.T) []float64 {
			s := sources(t)
			return []float64{
				pct(feature.MaxRelGap(analytic.offLine[0].Prob, s.SCTarget(feature.ToyBatchSize, 1, -0.2))),
				pct(feature.MaxRelGap(analytic.offLine[1].Prob, s.SCTarget(feature.ToyBatchSize, 0.5, 0.2))),
			}
		}},
		{text: "(1, −0.2) collapses to\n  one point"},
		{text: "αρ_ij ≥ 1 + β for all pairs; min ρ = {0.867}", values: func(t *testing.T) []float64 {
			lo, _ := sources(t).RhoRange()
			return []float64{lo}
		}},
		{text: "and (0.5, 0.2) spreads to the lowest mean cosine −1/(m−1)"},
		{text: "holds for level 1 only"},
		{text: "CIFAR-10"},
		{text: "N → ∞"},
		{text: "log ρ + const at every N ≥ 2"},
		{text: "misses T1 by a relative {6.0e-3} at N = 2, {1.3e-3} at\n  N = 16, {1.7e-4} at N = 128; N·gap → max_i χ²_i = {0.02209}", values: func(t *testing.T) []float64 {
			s := sources(t)
			g := analytic.gaps
			return []float64{g[0].Gap, g[1].Gap, g[2].Gap, enumerate.GapLimit(s)}
		}},
		{text: "correct to O(1/N) only: the exact stationary point\n  of free-logit SGD (α = 1, β = 0) falls {9.5} % short of T2 at N = 16 and {1.5} % at N = 100", values: func(t *testing.T) []float64 {
			s := sources(t)
			return []float64{
				pct(feature.MaxRelGap(analytic.scSmallN[0].Prob, s.SCTarget(16, 1, 0))),
				pct(feature.MaxRelGap(analytic.scSmallN[1].Prob, s.SCTarget(100, 1, 0))),
			}
		}},
		{text: "docs/theory.md §4"},
		{text: "docs/theory.md §10"},
	}
	for _, p := range checkSection(t, "README.md", section, quotes) {
		t.Error(p)
	}
}

// TestClaimsReadmeNumbers checks every number of the claims notebook's findings ("What
// it found"): training numbers against the committed ledger, analytic ones against the
// code.
func TestClaimsReadmeNumbers(t *testing.T) {
	section := readmeSection(t, "README.md", "## What it found (seed 20251115, full run, 18 s on 2 cores)")
	one := func(id, quantity string, col int, prefix string) func(*testing.T) []float64 {
		return func(t *testing.T) []float64 { return cellNumbers(t, ledgerCells(t, id, quantity), col, prefix) }
	}
	maxOf := func(id string, col int, quantities ...string) func(*testing.T) []float64 {
		return func(t *testing.T) []float64 {
			worst := math.Inf(-1)
			for _, q := range quantities {
				worst = math.Max(worst, cellNumbers(t, ledgerCells(t, id, q), col, "")[0])
			}
			return []float64{worst}
		}
	}
	sc := []string{"(α, β) = (1, 0): ", "(α, β) = (1.5, 0.5): ", "(α, β) = (0.8, -0.2): "}
	var scToT2, scToFixed []string
	for _, ab := range sc {
		scToT2 = append(scToT2, ab+"max_ij |P̄_ij − T2_ij|/T2_ij")
		scToFixed = append(scToFixed, ab+"max_ij |P̄_ij − E[P](θ*)_ij|/SE_ij")
	}
	quotes := []quote{
		{text: "All 30 claims pass as checked"},
		{text: "SC on α − β = 1 (C23)"},
		{text: "the mean of 16 runs is {0.035} % from T1 (claim: 0.5 %;\n  single runs {0.09}–{0.31} %), and {1.3} SE from the exact fixed point", values: func(t *testing.T) []float64 {
			c := ledgerCells(t, "C13", "max_ij |P̄_ij − T1_ij|/T1_ij")
			v := append(cellNumbers(t, c, colError, ""), cellNumbers(t, c, colNote, "max gap ", "% to ")...)
			return append(v, one("C13", "exact fixed point of training", colError, "")(t)...)
		}},
		{text: "(C14, C11, C17)**: training learns log ρ + const ({1.1} SE)", values: one("C14", "(centred logits)", colError, "")},
		{text: "(checked N = 2 … 1000 by enumeration, residual\n  ≤ {4e-13})", values: one("C17", "toy exact minimiser", colMeasured, "")},
		{text: "O(ρ/N), {3.6e-4} in logit differences at N = 1000", values: func(t *testing.T) []float64 {
			return cellNumbers(t, ledgerCorrected(t, "C14"), 0, "N = 1000: ")
		}},
		{text: "(k·SE = {2e-3})", values: func(t *testing.T) []float64 { return cellNumbers(t, ledgerCorrected(t, "C14"), 0, "k·SE = ") }},
		{text: "only to O(1/N): the\n  relative Jensen gap is {6.0e-3}, {1.3e-3}, {1.7e-4}, {2.2e-5} at N = 2, 16, 128, 1000, and\n  N·gap → {0.0221} (= max_i Σ_j q_j(ρ_ij − 1)²)", values: func(t *testing.T) []float64 {
			s := feature.Toy()
			var out []float64
			for _, g := range enumerate.GapTable(s, []int{2, 16, 128, 1000}) {
				out = append(out, g.Gap)
			}
			return append(out, enumerate.GapLimit(s))
		}},
		{text: "16-run means are {0.18}–{0.19} % from T2 (within 0.5 %)", values: func(t *testing.T) []float64 {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, q := range scToT2 {
				v := cellNumbers(t, ledgerCells(t, "C23", q), colError, "")[0]
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			return []float64{lo, hi}
		}},
		{text: "the exact quasi-stationary probability of SGD is {0.06}–{0.16} % *below* T2 (O(ρ/N))", values: func(t *testing.T) []float64 {
			v := cellNumbers(t, ledgerCorrected(t, "C23"), 0, "SGD is -", "% to -")
			return []float64{v[1], v[0]}
		}},
		{text: "training agrees with it (≤ {1.2} SE) while being up to {6.4} SE from T2", values: func(t *testing.T) []float64 {
			return append(maxOf("C23", colError, scToFixed...)(t), cellNumbers(t, ledgerCorrected(t, "C23"), 0, "up to ")...)
		}},
		{text: "η(α − β − 1 + E[P])/6 per step — {+0.01675} for (1, −0.2), {−0.0582} for (0.5, 0.2) at\n  η = 0.5, matched by training to {1e-9}", values: func(t *testing.T) []float64 {
			sources(t)
			match := maxOf("C24", colError, "(α, β) = (1, -0.2): drift", "(α, β) = (0.5, 0.2): drift")(t)
			return []float64{-sgdRate * analytic.offLine[0].Drift, -sgdRate * analytic.offLine[1].Drift, match[0]}
		}},
		{text: "P settles {26} % ({315} %) from T2, beyond\n  the R1 bound of {17} % ({233} %)", values: func(t *testing.T) []float64 {
			s := sources(t)
			return []float64{
				pct(feature.MaxRelGap(analytic.offLine[0].Prob, s.SCTarget(feature.ToyBatchSize, 1, -0.2))),
				pct(feature.MaxRelGap(analytic.offLine[1].Prob, s.SCTarget(feature.ToyBatchSize, 0.5, 0.2))),
				one("C24", "(α, β) = (1, -0.2): max_ij |P̄_ij − T2_ij|/T2_ij", colNote, "closer than ")(t)[0],
				one("C24", "(α, β) = (0.5, 0.2): max_ij |P̄_ij − T2_ij|/T2_ij", colNote, "closer than ")(t)[0],
			}
		}},
		{text: "R2 holds on {200} generated spaces", values: one("C27", "collapsed configuration stationary iff", colNote, "")},
		{text: "collapsed for (1, −0.2) (all cosines {1}) and spread for (0.5, 0.2) (cosines ≈ {−0.5})", values: func(t *testing.T) []float64 {
			return cellNumbers(t, ledgerCells(t, "C27", "level-2 SC optimum"), colNote, "cosine ", "), ")
		}},
		{text: "within {0.022} of those cosines", values: maxOf("C27", colError, "embedding (α, β) = (1, -0.2)", "embedding (α, β) = (0.5, 0.2)")},
		{text: "(spread {3e-5}) or spreads (class cosines fall by ≥ {1.2}, within-class spread rises to {0.8})", values: func(t *testing.T) []float64 {
			c := ledgerCells(t, "C27", "mlp (α, β) = (0.5, 0.2)")
			return []float64{
				one("C27", "mlp (α, β) = (1, -0.2)", colMeasured, "")(t)[0],
				-cellNumbers(t, c, colError, "")[0],
				cellNumbers(t, c, colNote, "rose to ")[0],
			}
		}},
		{text: "P_ii·P_ji = P_jj·P_ij, so T1 is missed by at least 1 − exp(−max|log(T1_ii/T1_jj)|/4)\n  = {3.35} % on the toy; the level-2 optimum misses it by {4.09} %", values: func(t *testing.T) []float64 {
			sources(t)
			return []float64{pct(one("C29", "toy level-2 optimum", colPredicted, "")(t)[0]), pct(analytic.opt.MaxRelGap)}
		}},
		{text: "per-state embeddings {0.41} % from it ({4.3} % from T1), the MLP {0.32} %\n  ({4.2} % from T1)", values: func(t *testing.T) []float64 {
			a := cellNumbers(t, ledgerCells(t, "C29", "level 2 (per-state embeddings)"), colNote, "to the optimum ", "to T1 ")
			b := cellNumbers(t, ledgerCells(t, "C29", "level 3 (MLP on noisy features)"), colNote, "to the optimum ", "to T1 ")
			return []float64{a[0], a[1], b[0], b[1]}
		}},
		{text: "**Gradients (C30)**: {21} hand-written gradients", values: func(t *testing.T) []float64 { return []float64{float64(ledgerChecks(t, "C30"))} }},
		// The breakdown of C30's gradients by kind, as proofs/finitediff.go lists them.
		{text: "(7 losses' embedding gradients or SC\n  fields, 4 logit and 3 count gradients, 3 models, 2 population objectives"},
	}
	for _, p := range checkSection(t, "notebooks/claims/README.md", section, quotes) {
		t.Error(p)
	}
}

// TestParseQuoted checks the precision rule on hand-computed cases.
func TestParseQuoted(t *testing.T) {
	for _, tc := range []struct {
		in      string
		v, half float64
		reason  string
	}{
		{"4.09", 4.09, 0.005, "two decimals"},
		{"315", 315, 0.5, "an integer"},
		{"−0.0582", -0.0582, 0.00005, "a Unicode minus"},
		{"+0.0168", 0.0168, 0.00005, "an explicit plus"},
		{"6.0e-3", 6.0e-3, 0.05e-3, "one decimal of the mantissa"},
		{"1.7e-4", 1.7e-4, 0.05e-4, "negative exponent"},
	} {
		v, half, err := parseQuoted(tc.in)
		// Exact decimal inputs: the parse and the power of ten are correct to a few ulps.
		if err != nil || !(math.Abs(v-tc.v) <= 1e-15*math.Abs(tc.v)) || !(math.Abs(half-tc.half) <= 1e-15*tc.half) {
			t.Errorf("%s (%s): got %v ± %v, %v; want %v ± %v", tc.in, tc.reason, v, half, err, tc.v, tc.half)
		}
	}
}
