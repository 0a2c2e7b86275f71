package proofs

import (
	"fmt"
	"math"
	"strings"
)

// Verdict returns "PASS", "FAIL" or "SKIP" (every check skipped) for o.
func (o *Outcome) Verdict() string {
	switch {
	case o.Skipped():
		return "SKIP"
	case o.Pass():
		return "PASS"
	}
	return "FAIL"
}

// Line formats o on one line: id, statement, routes, then the headline check's predicted
// and measured values, error, tolerance and its origin, and the verdict.
func (o *Outcome) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s %s | routes: %s | ", o.ID, o.Statement, o.RouteList())
	if c, ok := o.Headline(); ok {
		b.WriteString(c.Summary())
	} else {
		b.WriteString("no check run")
	}
	if o.Err != nil {
		fmt.Fprintf(&b, " | error: %s", firstLine(o.Err.Error()))
	}
	nPass, nRun := o.counts()
	fmt.Fprintf(&b, " | %d/%d checks | %s", nPass, nRun, o.Verdict())
	return b.String()
}

func (o *Outcome) counts() (pass, run int) {
	for _, c := range o.Checks {
		if c.Skipped {
			continue
		}
		run++
		if c.Pass() {
			pass++
		}
	}
	return pass, run
}

// Summary formats a check: "[route] quantity at entry: predicted P, measured M, error E
// ≤ tol T (origin)".
func (c Check) Summary() string {
	if c.Skipped {
		return fmt.Sprintf("[%s] %s: skipped (%s)", c.Route, c.Quantity, c.Note)
	}
	entry := ""
	if c.Entry != "" {
		entry = " at " + c.Entry
	}
	rel := "≤"
	if c.AtLeast {
		rel = "≥"
	}
	return fmt.Sprintf("[%s] %s%s: predicted %s, measured %s, error %s %s tol %s (%s)",
		c.Route, c.Quantity, entry, num(c.Predicted), num(c.Measured), withUnit(c.Err, c.Unit), rel, withUnit(c.Tol, c.Unit), c.Origin)
}

// num formats a value with 6 significant digits.
func num(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.6g", x)
}

func withUnit(x float64, unit string) string {
	switch unit {
	case "rel":
		return fmt.Sprintf("%.3g %%", 100*x)
	case "":
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprintf("%.3g %s", x, unit)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
