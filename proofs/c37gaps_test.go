package proofs

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Quoted by notebooks/reference/README.md ("Loss 0, the reference's default run", five Go
// seeds): the derived target R × N on the toy at N = 1000, printed with 4 decimals, and the
// per-seed max_ab relative gap of the monitored matrix to T1 and to R, mean ± SD over the
// five seeds.
var (
	readmeRTimesN = [][]float64{{1.2106, 0.9304, 0.8584}, {0.9433, 1.0706, 0.9859}, {0.8699, 0.9855, 1.1442}}
	readmeC37Gap  = map[string]struct{ mean, sd float64 }{"T1": {0.0614, 0.0102}, "R (derived)": {0.0528, 0.0107}}
)

// checkC37Scale checks the numbers of C37's two checks (o is the C37 outcome of the ledger's
// own 3-seed run, reused from TestC37_ReferenceGINMissesTargets, which trains for minutes).
//
//   - Predicted is the target × N at the check's entry: T1 × N from docs/theory.md §7's
//     printed T1 (9 decimals: within ½·10⁻⁹·N = 5e-7), R × N from the README's 4 decimals
//     (within ½·10⁻⁴).
//   - Measured is the seed mean × N there, so its relative gap |Measured/Predicted − 1| is
//     at most max_ab |mean_ab − t_ab|/t_ab ≤ the mean over the 3 seeds of each seed's max_ab
//     gap (triangle inequality). The README quotes that per-seed gap as mean ± SD over 5
//     seeds; a 3-seed mean of it lies within t·SD·√(1/3 + 1/5) of the 5-seed mean, t the
//     one-sided Student t quantile at 1 − FamilyAlpha with 4 degrees of freedom (SD from 5
//     seeds). So the gap is ≤ mean + t·SD·√(1/3 + 1/5) (about 11 %), far from what a seed sum
//     read as a mean (×3) or a wrong scale would give.
func checkC37Scale(t *testing.T, o Outcome) {
	t.Helper()
	k := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 4}.Quantile(1 - FamilyAlpha)
	seen := 0
	for _, c := range o.Checks {
		for name, q := range readmeC37Gap {
			if !strings.Contains(c.Quantity, "− "+name+"_ab|") {
				continue
			}
			seen++
			var a, b int
			if _, err := fmt.Sscanf(c.Entry, "(%d, %d)", &a, &b); err != nil || a < 0 || a > 2 || b < 0 || b > 2 {
				t.Errorf("C37 %s check: entry %q is not a toy pair (%v)", name, c.Entry, err)
				continue
			}
			want, tol := goldenT1[a][b]*referenceN, 0.5e-9*referenceN
			if name != "T1" {
				want, tol = readmeRTimesN[a][b], 0.5e-4
			}
			if !(math.Abs(c.Predicted-want) <= tol) {
				t.Errorf("C37 %s check: predicted %v at %s, want the printed %v (±%g)", name, c.Predicted, c.Entry, want, tol)
			}
			bound := q.mean + k*q.sd*math.Sqrt(1.0/3+1.0/5)
			if gap := math.Abs(c.Measured/c.Predicted - 1); !(gap <= bound) {
				t.Errorf("C37 %s check: seed mean × N = %v at %s is %.3g %% from the target %v, beyond the README's per-seed gap bound %.3g %%", name, c.Measured, c.Entry, 100*gap, c.Predicted, 100*bound)
			}
		}
	}
	if seen != 2 {
		t.Errorf("C37 has %d checks against T1 and R, want 2", seen)
	}
}
