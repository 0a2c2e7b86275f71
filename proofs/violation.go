package proofs

import (
	"fmt"
	"math"
)

// Violation reports a claim that failed on one input: Quantity at Entry is Got, while the
// claim demands Got Relation Want within Tol.
type Violation struct {
	Claim    string  // ledger id, e.g. "C11"
	Quantity string  // what was compared, e.g. "c1(1−T1) − (N−1)c2·T1"
	Entry    string  // the offending entry, e.g. "(2, 5)"; empty for a scalar
	Got      float64 // the value found
	Relation string  // "=", "≥", "≤", "<", ">"
	Want     float64 // the value or bound demanded
	Tol      float64 // the float64 rounding allowance
	Detail   string  // optional explanation
}

func (v *Violation) Error() string {
	entry := ""
	if v.Entry != "" {
		entry = " at " + v.Entry
	}
	detail := ""
	if v.Detail != "" {
		detail = ": " + v.Detail
	}
	diff := ""
	if !math.IsNaN(v.Got) && !math.IsNaN(v.Want) && !math.IsInf(v.Got, 0) && !math.IsInf(v.Want, 0) {
		diff = fmt.Sprintf(", off by %.3g", v.Got-v.Want)
	}
	return fmt.Sprintf("%s: %s%s = %.17g, want %s %.17g within %.3g%s%s",
		v.Claim, v.Quantity, entry, v.Got, v.Relation, v.Want, v.Tol, diff, detail)
}

// at formats a matrix entry.
func at(i, j int) string { return fmt.Sprintf("(%d, %d)", i, j) }

// atRow formats a vector entry.
func atRow(i int) string { return fmt.Sprintf("[%d]", i) }
