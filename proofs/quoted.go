package proofs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Quoted numbers. A number that README.md quotes as a finding of the ledger is pinned by a
// ledger check at the precision it is printed with: it passes iff the computed value
// rounds to the printed digits, |computed − printed| ≤ half a unit of the last printed
// digit (quotedCheck). The quote is derived from the printed text (quote.value), and a test
// (TestQuotesArePrintedWhereTheySay) asserts that the text is still printed there, so
// neither side can drift without a failure. Deterministic numbers (closed forms,
// enumeration, optima) are pinned on every run. Numbers of training runs are the seeded
// run's (seed DefaultSeed, full ledger), which reproduces them exactly (same seed, same
// numbers whatever the scheduling); with another seed or a quick run their checks are
// skipped, and the runs are judged by their k·SE checks only.

// quote is one number printed in a file of the repository.
type quote struct {
	File    string // path from the repository root
	Context string // text of File (up to line breaks and indentation) that contains Number
	Number  string // the number as printed: "4.09 %", "6.0e-3", "−0.0582", "315 %"
	Percent bool   // Number is in per cent though printed without "%" ("0.32" of "0.32–0.41 %")
	Seeded  bool   // a number of the seeded training run
}

// value returns the printed number (a trailing "%", or Percent, divides by 100) and half
// a unit of its last printed digit, in the same unit.
func (q quote) value() (v, half float64, err error) {
	s := strings.TrimSpace(q.Number)
	scale := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = strings.TrimSpace(t), 0.01
	}
	if q.Percent {
		scale = 0.01
	}
	s = strings.Replace(s, "−", "-", 1)
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		if exp, err = strconv.Atoi(s[i+1:]); err != nil {
			return 0, 0, fmt.Errorf("quote %q: exponent: %w", q.Number, err)
		}
	}
	decimals := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		decimals = len(mant) - i - 1
	}
	if v, err = strconv.ParseFloat(s, 64); err != nil {
		return 0, 0, fmt.Errorf("quote %q: %w", q.Number, err)
	}
	return v * scale, 0.5 * math.Pow(10, float64(exp-decimals)) * scale, nil
}

// quotedCheck compares measured with the number q quotes: Err = |measured − printed|,
// Tol = half a unit of the last printed digit. A seeded quote is skipped unless rc is the
// seeded full run.
func quotedCheck(rc RunConfig, route Route, quantity string, q quote, measured float64) Check {
	quantity = fmt.Sprintf("%s vs %q printed in %s", quantity, q.Number, q.File)
	if q.Seeded && (rc.Seed != DefaultSeed || rc.Quick) {
		c := skipped(route, quantity)
		c.Note = fmt.Sprintf("the number of the seeded run (seed %d, full ledger); this run is judged by its k·SE checks only", DefaultSeed)
		return c
	}
	want, half, err := q.value()
	c := Check{Route: route, Quantity: quantity, Predicted: want, Measured: measured, Err: math.Abs(measured - want), Tol: half,
		Origin: "half a unit of the last printed digit"}
	if q.Seeded {
		c.Origin += fmt.Sprintf(" (the seeded run, seed %d, reproduces it exactly)", DefaultSeed)
	}
	if q.Percent || strings.HasSuffix(strings.TrimSpace(q.Number), "%") {
		c.Unit = "rel" // printed in per cent
	}
	if err != nil || math.IsNaN(c.Err) {
		c.Err, c.Note = math.Inf(1), fmt.Sprint(err)
	}
	return c
}

// quotes lists every number the ledger pins; TestQuotesArePrintedWhereTheySay reads each
// File and finds Context with Number in it.
var quotes = []quote{
	quoteC13Mean,
	quoteC23Low, quoteC23High,
	quoteC24DriftUp, quoteC24DriftDown, quoteC24SettleUp, quoteC24SettleDown,
	quoteC27RhoMin,
	quoteC29Gap, quoteC29TauStar, quoteC29ToOptLow, quoteC29ToOptHigh, quoteC29ToT1Low, quoteC29ToT1High,
	quoteC17N2, quoteC17N16, quoteC17N128, quoteC17Limit,
	quoteC23SmallN16, quoteC23SmallN100,
}

// The numbers of README.md's "What the lab finds on the paper's toy".
var (
	quoteC13Mean = quote{"README.md", "lands on T1 within 0.035 %", "0.035 %", false, true}
	quoteC23Low  = quote{"README.md", "on T2 within 0.18–0.19 %", "0.18", true, true}
	quoteC23High = quote{"README.md", "on T2 within 0.18–0.19 %", "0.19 %", false, true}
	// The exact quasi-stationary probability of free-logit SGD at (1, 0) and small N.
	quoteC23SmallN16  = quote{"README.md", "at N = 16 free logits fall 9 % short of T2", "9 %", false, false}
	quoteC23SmallN100 = quote{"README.md", "at N = 100, 1.5 %", "1.5 %", false, false}

	quoteC29Gap       = quote{"README.md", "it misses T1 by **4.09 %**", "4.09 %", false, false}
	quoteC29TauStar   = quote{"README.md", "τ* ≈ 6.9", "6.9", false, false}
	quoteC29ToOptLow  = quote{"README.md", "land **0.32–0.41 %** from that optimum", "0.32", true, true}
	quoteC29ToOptHigh = quote{"README.md", "land **0.32–0.41 %** from that optimum", "0.41 %", false, true}
	quoteC29ToT1Low   = quote{"README.md", "4.2–4.3 % from T1", "4.2", true, true}
	quoteC29ToT1High  = quote{"README.md", "4.2–4.3 % from T1", "4.3 %", false, true}

	quoteC24DriftUp    = quote{"README.md", "every logit moves by +0.0168 per SGD step at (1, −0.2)", "+0.0168", false, false}
	quoteC24DriftDown  = quote{"README.md", "−0.0582 at (0.5, 0.2), lr 0.5", "−0.0582", false, false}
	quoteC24SettleUp   = quote{"README.md", "the probabilities settle 26 % and 315 % from T2", "26 %", false, false}
	quoteC24SettleDown = quote{"README.md", "the probabilities settle 26 % and 315 % from T2", "315 %", false, false}
	quoteC27RhoMin     = quote{"README.md", "min ρ = 0.867", "0.867", false, false}

	quoteC17N2    = quote{"README.md", "misses T1 by a relative 6.0e-3 at N = 2", "6.0e-3", false, false}
	quoteC17N16   = quote{"README.md", "1.3e-3 at N = 16", "1.3e-3", false, false}
	quoteC17N128  = quote{"README.md", "1.7e-4 at N = 128", "1.7e-4", false, false}
	quoteC17Limit = quote{"README.md", "N·gap → max_i χ²_i = 0.02209", "0.02209", false, false}
)
