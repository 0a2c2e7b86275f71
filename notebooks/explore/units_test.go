package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// A file of the exploration that cannot be written (its name taken by a directory,
// kept by -force) is an error naming it, and the manifest says the run did not
// complete: the resolved config.json (first) and each figure before the phase diagram
// (after the trainings).
func TestWriteErrorsLeaveIncompleteRun(t *testing.T) {
	for _, name := range []string{"config.json", "pair_statistics.png", "targets.png"} {
		out := filepath.Join(t.TempDir(), "out")
		runiotest.Block(t, filepath.Join(out, name))
		err := run([]string{"-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-quick", "-force", "-out", out}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a directory at %s: error %v, want one naming it", name, err)
		}
		if m, rerr := runfolder.ReadManifest(out); rerr != nil || m.Complete {
			t.Errorf("a directory at %s: manifest complete=%v (%v), want false", name, m != nil && m.Complete, rerr)
		}
	}
}

// The quick trainings average the parameters over the second half: from step
// steps/2, or not at all when that is step 0 (-steps 1). The report states it.
func TestAveragingFromHalf(t *testing.T) {
	for _, c := range []struct{ steps, from int }{{3, 1}, {1, 0}} {
		out := t.TempDir()
		if err := run([]string{"-tpm", "[[0.9,0.1],[0.2,0.8]]", "-n", "16", "-restarts", "1", "-steps", strconv.Itoa(c.steps), "-formats", "", "-out", out}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		report, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		if want := "parameters averaged from step " + strconv.Itoa(c.from) + ","; !strings.Contains(string(report), want) {
			t.Errorf("-steps %d: report lacks %q", c.steps, want)
		}
	}
}

// Figures name the states by their labels up to 64 states, and by index beyond.
func TestLabelsOnlyForFewStates(t *testing.T) {
	for _, m := range []int{64, 65} {
		rows := make([][]float64, m)
		names := make([]string, m)
		for i := range rows {
			rows[i] = make([]float64, m)
			rows[i][i] = 1
			names[i] = "s" + strconv.Itoa(i)
		}
		a, err := markov.New(rows)
		if err != nil {
			t.Fatal(err)
		}
		u, err := markov.Uniform(m)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := feature.NewSpace(u.Values(nil), a)
		if err != nil {
			t.Fatal(err)
		}
		got := labels(&study{s: &scenario.Scenario{Labels: names}, sp: sp})
		if (m <= 64) != (len(got) == m) || (m > 64 && got != nil) {
			t.Errorf("m = %d: labels %v", m, got)
		}
		if got := labels(&study{s: &scenario.Scenario{}, sp: sp}); got != nil {
			t.Errorf("m = %d without labels: %v", m, got)
		}
	}
}

// The SC optimum is searched exactly when (α, β) ≠ (1, 0) (at (1, 0) SC-InfoNCE's
// target is T1's problem): at (1, −0.2) and (1.2, 0) it is, at (1, 0) not.
func TestSCOptimumOffInfoNCE(t *testing.T) {
	for _, c := range []struct {
		alpha, beta float64
		want        bool
	}{{1, -0.2, true}, {1.2, 0, true}, {1, 0, false}} {
		st := &study{s: scenario.Default(), sp: feature.Toy(), n: 64, tau: 1, alpha: c.alpha, beta: c.beta}
		st.optimum(&options{maxOptimumStates: 3, restarts: 1}) // m = 3 states: not above the cap
		if st.infonce == nil || (st.sc != nil) != c.want {
			t.Errorf("(α, β) = (%v, %v): InfoNCE optimum %v, SC optimum searched %v, want %v", c.alpha, c.beta, st.infonce != nil, st.sc != nil, c.want)
		}
	}
}

// pairList names at most max pairs and counts the rest.
func TestPairListCut(t *testing.T) {
	sp := feature.Toy()
	var ps []feature.Pair
	for i := range 3 {
		for j := range 3 {
			ps = append(ps, feature.Pair{I: i, J: j})
		}
	}
	if got, want := pairList(sp, ps[:2], 2), "(0,0), (0,1)"; got != want {
		t.Errorf("2 pairs, max 2: %q, want %q", got, want)
	}
	if got, want := pairList(sp, ps, 2), "(0,0), (0,1), … (7 more)"; got != want {
		t.Errorf("9 pairs, max 2: %q, want %q", got, want)
	}
}

// within holds up to and including tol, only where every gap is defined.
func TestWithinInclusive(t *testing.T) {
	for _, c := range []struct {
		g    relGap
		want bool
	}{
		{relGap{max: 0.05, defined: 3}, true},
		{relGap{max: 0.0500001, defined: 3}, false},
		{relGap{max: 0.01, defined: 3, undefined: 1}, false},
		{relGap{}, false},
	} {
		if got := c.g.within(0.05); got != c.want {
			t.Errorf("%+v within 5 %%: %v, want %v", c.g, got, c.want)
		}
	}
}

// Above -max-optimum-states the searches are skipped, and the report says why.
func TestOptimumSkippedAboveCap(t *testing.T) {
	st := &study{s: scenario.Default(), sp: feature.Toy(), n: 64, tau: 1, alpha: 1.2, beta: 0}
	st.optimum(&options{maxOptimumStates: 2, restarts: 1})
	if st.infonce != nil || st.sc != nil || st.infonceErr == nil || st.infonceErr.Error() != "skipped: m = 3 states > -max-optimum-states = 2" {
		t.Errorf("m = 3 over a cap of 2: InfoNCE %v, SC %v, error %v", st.infonce != nil, st.sc != nil, st.infonceErr)
	}
}

// An 8-state TPM (the largest whose matrices the report prints) gets the ρ table. With
// a uniform source q_i = 1/8 and, off the diagonal, c1_ij = (2·0.93·0.01 + 6·0.01²)/8
// = 0.0024, so ρ_min = 0.0024·64 = 0.1536: at α = 100, β = 0.5 the collapse condition
// α ρ_ij ≥ 1 + β = 1.5 holds, and the report says so with 1 + β; at α = 5, β = 0.7 it
// fails, α ρ_min = 0.768 < 1 + β = 1.7, and the report says that with 1 + β too.
func TestEightStateReport(t *testing.T) {
	var rows []string
	for i := range 8 {
		r := make([]string, 8)
		for j := range r {
			r[j] = "0.01"
		}
		r[i] = "0.93"
		rows = append(rows, "["+strings.Join(r, ",")+"]")
	}
	for _, c := range []struct{ alpha, beta, line string }{
		{"100", "0.5", "the collapsed configuration is stationary (R2): α ρ_min = 15.36 ≥ 1 + β = 1.5."},
		{"5", "0.7", "collapse is not stationary (R2 needs α ρ_ij ≥ 1 + β for every pair; here α ρ_min = 0.768 < 1 + β = 1.7)."},
	} {
		out := t.TempDir()
		if err := run([]string{"-tpm", "[" + strings.Join(rows, ",") + "]", "-n", "16", "-quick", "-alpha", c.alpha, "-beta", c.beta, "-formats", "", "-out", out}, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"ρ:\n\n| |", c.line} {
			if !strings.Contains(string(b), want) {
				t.Errorf("α = %s, β = %s: report lacks %q:\n%s", c.alpha, c.beta, want, b)
			}
		}
	}
}

// The phase diagram's window holds every reference setting with a margin of at least
// 0.2, and the report's (α, β) with 0.4 to spare in α (right of it; the window starts
// at α = 0) and 0.3 on either side in β: at the defaults (1, 0), at a reference
// setting, and at points beyond the default window on each side.
func TestPhaseWindowHoldsThePoints(t *testing.T) {
	for _, p := range [][2]float64{{1, 0}, {2, -0.4}, {5, 0}, {1, 1.5}, {1, -2}, {0.1, 0.5}} {
		alpha, beta := p[0], p[1]
		a1, b0, b1 := phaseWindow(alpha, beta)
		if !(alpha+0.4 <= a1 && b0 <= beta-0.3 && beta+0.3 <= b1) {
			t.Errorf("(α, β) = (%v, %v): window α ≤ %v, β in [%v, %v] does not hold it with its margins", alpha, beta, a1, b0, b1)
		}
		for _, r := range referenceSettings {
			// 1e-12: the margins 0.2 are differences of decimals, exact only to rounding.
			if !(r.Alpha+0.2 <= a1+1e-12 && b0 <= r.Beta-0.2+1e-12 && r.Beta+0.2 <= b1+1e-12) {
				t.Errorf("(α, β) = (%v, %v): window α ≤ %v, β in [%v, %v] does not hold %s (%v, %v) with a margin of 0.2", alpha, beta, a1, b0, b1, r.Label, r.Alpha, r.Beta)
			}
		}
	}
}
