package main

import (
	"bytes"
	"context"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// The numbers the figures draw, at the quick settings, against values derived apart
// from the builders: the closed forms T1 = ρ/(ρ + N − 1) and T2 = (αρ − β)/(N − 1)
// (docs/theory.md §4, from the toy's ρ), the optimum package's minimisers, the claims of
// docs/theory.md (C29: the level-2 optimum is τ-independent up to τ*), and the spread of
// two or three replicates (with two, the mean is the midpoint of min and max).

// closeTol is the tolerance of a closed form against the feature package's evaluation
// of the same quantity: a few roundings of values of order 1.
const closeTol = 1e-12

// optTol is the tolerance between two evaluations of an optimum's quantity that the
// theory says are equal (C29: the gap at every τ ≤ τ*, the affine cosines): the
// optimum package's convergence (its gaps agree to about 1e-9 at the quick settings).
const optTol = 1e-6

// t1 is the InfoNCE target T1 = ρ/(ρ + N − 1) (docs/theory.md §4).
func t1(rho float64, n int) float64 { return rho / (rho + float64(n-1)) }

// t2 is the SC-InfoNCE target T2 = (αρ − β)/(N − 1) (docs/theory.md §4).
func t2(rho float64, n int, a, b float64) float64 { return (a*rho - b) / float64(n-1) }

// noteNumber returns the number printed after prefix in a note, failing the test when
// there is none.
func noteNumber(t *testing.T, note, prefix string) float64 {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + ` (-?[0-9.]+) %`).FindStringSubmatch(note)
	if m == nil {
		t.Fatalf("note %q lacks %q followed by a percentage", note, prefix)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// trainedGap trains reps replicates of cfg (simulate.Replicates, as the figures do) and
// returns 100 × max_ij |P̄_ij − want(i, j)|/want(i, j) over ordered pairs, P̄ the mean over
// replicates of the trained model's positive-pair probability: the gap a note prints.
func trainedGap(t *testing.T, cfg simulate.Config, reps int, want func(i, j int) float64) float64 {
	t.Helper()
	res, err := simulate.Replicates(context.Background(), cfg, reps, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Space.Len()
	var gap float64
	for i := range m {
		for j := range m {
			var mean float64
			for _, r := range res {
				mean += r.PairProb.At(i, j) / float64(reps)
			}
			gap = math.Max(gap, math.Abs(mean-want(i, j))/want(i, j))
		}
	}
	return 100 * gap
}

// checkSpread2 checks a two-replicate spread: lo ≤ mean ≤ hi and mean = (lo + hi)/2 to
// rounding (the mean of two numbers is their midpoint).
func checkSpread2(t *testing.T, what string, mean, lo, hi float64) {
	t.Helper()
	if !(lo <= mean && mean <= hi) || !scalar.EqualWithinAbsOrRel(mean, (lo+hi)/2, 1e-14, 1e-14) {
		t.Errorf("%s: mean %v, min %v, max %v: want the midpoint of two replicates", what, mean, lo, hi)
	}
}

// checkWindow checks a shared y range drawn around values vs: the top is the largest
// value plus max(pad × spread, minPad), and the bottom the smallest value minus the
// same margin, lowered further by room × the range (room for notes below the curves).
func checkWindow(t *testing.T, what string, panels []plots.ConvergencePanel, vs []float64, pad, minPad, room float64) {
	t.Helper()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	d := math.Max(pad*(hi-lo), minPad)
	wantHi := hi + d
	wantLo := lo - d - room*(wantHi-(lo-d))
	for _, p := range panels {
		if !scalar.EqualWithinAbs(p.YMax, wantHi, closeTol) || !scalar.EqualWithinAbs(p.YMin, wantLo, closeTol) {
			t.Errorf("%s, %s: y range [%v, %v], want [%v, %v]", what, p.Title, p.YMin, p.YMax, wantLo, wantHi)
		}
	}
}

func TestYWindow(t *testing.T) {
	// Spread 2, pad 0.25: margin 0.5; NaN ignored.
	if lo, hi := yWindow([]float64{1, math.NaN(), 3, 2}, 0.25, 0.1); lo != 0.5 || hi != 3.5 {
		t.Errorf("yWindow = [%v, %v], want [0.5, 3.5]", lo, hi)
	}
	// One value: the spread is 0, the margin minPad.
	if lo, hi := yWindow([]float64{1}, 0.25, 0.1); !scalar.EqualWithinAbs(lo, 0.9, 1e-15) || !scalar.EqualWithinAbs(hi, 1.1, 1e-15) {
		t.Errorf("yWindow of one value = [%v, %v], want [0.9, 1.1]", lo, hi)
	}
}

// checkTitles fails the test unless the panels have exactly these titles, in order.
func checkTitles(t *testing.T, panels []plots.ConvergencePanel, titles ...string) {
	t.Helper()
	if len(panels) != len(titles) {
		t.Fatalf("%d panels, want %d", len(panels), len(titles))
	}
	for k, p := range panels {
		if p.Title != titles[k] {
			t.Errorf("panel %d: title %q, want %q", k, p.Title, titles[k])
		}
	}
}

// TestInfoNCEConvergenceData checks the infonce-convergence figure's numbers.
func TestInfoNCEConvergenceData(t *testing.T) {
	in := defaultInputs(true, nil)
	s, n := in.Space, in.N
	rho := s.DensityRatio()
	panels, opt, err := infonceConvergence(in)
	if err != nil {
		t.Fatal(err)
	}
	checkTitles(t, panels, "free logits", "per-state embeddings, d = 4", "MLP 8→16→16→16")
	var all []float64
	for k, p := range panels {
		// The level-2 optimum in the panel's dimension (none for free logits).
		var o *optimum.Result
		if dim := []int{0, 4, 16}[k]; dim > 0 {
			if o, err = optimum.InfoNCE(s, optimum.Options{Dim: dim, Tau: 1, N: n, Seed: 1}); err != nil {
				t.Fatal(err)
			}
		}
		var symGap, optGap, optT1 float64 // lower bounds of the notes' gaps, from the symmetrised traces
		for _, tr := range p.Traces {
			want := float64(n) * t1(rho.At(tr.I, tr.J), n)
			if !scalar.EqualWithinRel(tr.Target, want, closeTol) {
				t.Errorf("%s (%d, %d): target %v, want T1·N = %v", p.Title, tr.I, tr.J, tr.Target, want)
			}
			checkSpread2(t, p.Title+" final", tr.Final, tr.FinalLo, tr.FinalHi)
			symGap = math.Max(symGap, math.Abs(tr.Final-tr.Target)/tr.Target)
			if o == nil {
				if !math.IsNaN(tr.Optimum) {
					t.Errorf("%s (%d, %d): optimum %v, want none (NaN)", p.Title, tr.I, tr.J, tr.Optimum)
				}
				continue
			}
			wantOpt := float64(n) * (o.Prob.At(tr.I, tr.J) + o.Prob.At(tr.J, tr.I)) / 2
			if !scalar.EqualWithinRel(tr.Optimum, wantOpt, closeTol) {
				t.Errorf("%s (%d, %d): optimum %v, want %v", p.Title, tr.I, tr.J, tr.Optimum, wantOpt)
			}
			optGap = math.Max(optGap, math.Abs(tr.Final-tr.Optimum)/tr.Optimum)
			optT1 = math.Max(optT1, math.Abs(tr.Optimum-tr.Target)/tr.Target)
			all = append(all, tr.Target, tr.Optimum)
		}
		// The notes' gaps are over ordered pairs: at least the symmetrised ones (the
		// relative error of a mean of two is at most the larger of the two), less the
		// printed rounding of 0.005 %.
		if g := noteNumber(t, p.Note, "max gap to T1"); !(g >= 100*symGap-0.005) {
			t.Errorf("%s: note says %v %% to T1, below the traces' %v %%", p.Title, g, 100*symGap)
		}
		// The free-logit and embedding levels retrained: the note's gaps exactly, to
		// their printed 0.005 %.
		if k < 2 {
			cfg := in.logitConfig("infonce", 1, 0, n, in.Set.LogitSteps)
			if k == 1 {
				cfg = in.embeddingConfig("infonce", 1, 0, in.Set.EmbeddingSteps, "warmup-cosine")
			}
			want := trainedGap(t, cfg, 2, func(i, j int) float64 { return t1(rho.At(i, j), n) })
			if g := noteNumber(t, p.Note, "max gap to T1"); !scalar.EqualWithinAbs(g, want, 0.005+1e-9) {
				t.Errorf("%s: note says %v %% to T1, want %.4f %%", p.Title, g, want)
			}
			if k == 1 {
				want := trainedGap(t, cfg, 2, func(i, j int) float64 { return o.Prob.At(i, j) })
				if g := noteNumber(t, p.Note, "to the level-2 optimum"); !scalar.EqualWithinAbs(g, want, 0.005+1e-9) {
					t.Errorf("%s: note says %v %% to the optimum, want %.4f %%", p.Title, g, want)
				}
			}
		}
		if o == nil {
			if strings.Contains(p.Note, "optimum") {
				t.Errorf("%s: note %q mentions an optimum", p.Title, p.Note)
			}
			continue
		}
		if g := noteNumber(t, p.Note, "to the level-2 optimum"); !(g >= 100*optGap-0.005) {
			t.Errorf("%s: note says %v %% to the optimum, below the traces' %v %%", p.Title, g, 100*optGap)
		}
		// The optimum's own gap to T1, recomputed over ordered pairs from the closed form.
		var exact float64
		for i := range s.Len() {
			for j := range s.Len() {
				want := t1(rho.At(i, j), n)
				exact = math.Max(exact, math.Abs(o.Prob.At(i, j)-want)/want)
			}
		}
		if g := noteNumber(t, p.Note, "(optimum to T1:"); !scalar.EqualWithinAbs(g, 100*exact, 0.005+1e-9) || !(g >= 100*optT1-0.005) {
			t.Errorf("%s: note says the optimum is %v %% from T1, want %.4f %% (printed to 0.01)", p.Title, g, 100*exact)
		}
	}
	for _, tr := range panels[0].Traces {
		all = append(all, tr.Target)
	}
	checkWindow(t, "infonce-convergence", panels, all, 0.35, 0.05, 0.25)
	for _, want := range []string{"N = 64, τ = 1, 2 seeds"} {
		if !strings.Contains(opt.Subtitle, want) {
			t.Errorf("subtitle %q lacks %q", opt.Subtitle, want)
		}
	}
	if opt.MeanLabel != "mean over 2 seeds, band min–max" {
		t.Errorf("mean label %q", opt.MeanLabel)
	}
}

// In dimension d = 1 the embedding level still has its level-2 optimum (the unit
// embeddings are then ±1).
func TestInfoNCEConvergenceDimOne(t *testing.T) {
	in := defaultInputs(true, nil)
	in.Set.Dim = 1
	panels, _, err := infonceConvergence(in)
	if err != nil {
		t.Fatal(err)
	}
	o, err := optimum.InfoNCE(in.Space, optimum.Options{Dim: 1, Tau: 1, N: in.N, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tr := panels[1].Traces[0] // (0, 0)
	if want := float64(in.N) * o.Prob.At(0, 0); panels[1].Title != "per-state embeddings, d = 1" || !scalar.EqualWithinRel(tr.Optimum, want, closeTol) {
		t.Errorf("%s: optimum of (0, 0) %v, want %v", panels[1].Title, tr.Optimum, want)
	}
}

// TestSCConvergenceData checks the sc-convergence figure's numbers.
func TestSCConvergenceData(t *testing.T) {
	in := defaultInputs(true, nil)
	s, n := in.Space, in.N
	rho := s.DensityRatio()
	panels, opt, err := scConvergence(in)
	if err != nil {
		t.Fatal(err)
	}
	checkTitles(t, panels, "α = 1, β = 0", "α = 1.5, β = 0.5", "α = 0.8, β = −0.2")
	var all []float64
	for k, p := range panels {
		a, b := onLine[k][0], onLine[k][1]
		if len(p.Traces) != 6 {
			t.Errorf("%s: %d traces, want the 6 pairs i ≤ j", p.Title, len(p.Traces))
		}
		var gap float64
		for _, tr := range p.Traces {
			want := float64(n) * t2(rho.At(tr.I, tr.J), n, a, b)
			if !scalar.EqualWithinRel(tr.Target, want, closeTol) {
				t.Errorf("%s (%d, %d): target %v, want T2·N = %v", p.Title, tr.I, tr.J, tr.Target, want)
			}
			checkSpread2(t, p.Title+" final", tr.Final, tr.FinalLo, tr.FinalHi)
			gap = math.Max(gap, math.Abs(tr.Final-tr.Target)/tr.Target)
			all = append(all, tr.Target)
		}
		// Retrained: the note's gap exactly, to its printed 0.005 %; at least the
		// symmetrised traces' gap.
		want := trainedGap(t, in.logitConfig("scinfonce", a, b, n, in.Set.SCSteps), 2, func(i, j int) float64 { return t2(rho.At(i, j), n, a, b) })
		if g := noteNumber(t, p.Note, "max gap to T2"); !scalar.EqualWithinAbs(g, want, 0.005+1e-9) || !(g >= 100*gap-0.005) {
			t.Errorf("%s: note says %v %%, want %.4f %% (at least the traces' %v %%)", p.Title, g, want, 100*gap)
		}
	}
	checkWindow(t, "sc-convergence", panels, all, 0.35, 0.05, 0.12)
	// SCSteps = 40: the average runs from step 40/5 = 8 to the last, 39.
	if want := "N = 64, τ = 1, free logits, SGD lr 0.5, 2 seeds; records are single iterates, squares the Polyak average of steps 8–39"; opt.Subtitle != want {
		t.Errorf("subtitle %q, want %q", opt.Subtitle, want)
	}
}

// TestOffLineData checks the sc-off-line figure's numbers: the optimum of the SC
// potential is full collapse (cosine 1) at (1, −0.2), and at (0.5, 0.2) a spread
// configuration of mean cosine −1/(m − 1) = −1/2 (docs/theory.md §4, R2).
func TestOffLineData(t *testing.T) {
	in := defaultInputs(true, nil)
	s := in.Space
	panels, opt, err := offLinePanels(in)
	if err != nil {
		t.Fatal(err)
	}
	checkTitles(t, panels, "α = 1, β = −0.2", "α = 1, β = 0", "α = 0.5, β = 0.2")
	for k, p := range panels {
		a, b := offLine[k][0], offLine[k][1]
		if p.Note != regimeNote(s, a, b) {
			t.Errorf("%s: note %q", p.Title, p.Note)
		}
		// The spreading curves end at the bottom: the note goes to the top.
		if want := []plots.Corner{plots.MiddleRight, plots.MiddleRight, plots.TopRight}[k]; p.NoteAt != want {
			t.Errorf("%s: note at %v, want %v", p.Title, p.NoteAt, want)
		}
		if p.YMin != -0.8 || p.YMax != 1.08 { // −1/(m−1) − 0.3 and 1.08 for m = 3
			t.Errorf("%s: y range [%v, %v], want [−0.8, 1.08]", p.Title, p.YMin, p.YMax)
		}
		if len(p.Rules) != 2 || p.Rules[0].At != 1 || p.Rules[1].At != -0.5 || !strings.HasSuffix(p.Rules[1].Label, "= −0.50") {
			t.Errorf("%s: rules %+v, want collapse at 1 and −1/(m−1) = −0.50", p.Title, p.Rules)
		}
		if len(p.Traces) != 3 {
			t.Fatalf("%s: %d traces, want the 3 pairs i < j", p.Title, len(p.Traces))
		}
		var sum float64
		for c, tr := range p.Traces {
			if want := offDiagonalPairs(3)[c]; tr.I != want.I || tr.J != want.J {
				t.Errorf("%s: trace %d is (%d, %d), want %v", p.Title, c, tr.I, tr.J, want)
			}
			if !math.IsNaN(tr.Target) || !math.IsNaN(tr.Final) {
				t.Errorf("%s: target %v, final %v; want none", p.Title, tr.Target, tr.Final)
			}
			for st := range tr.Mean {
				checkSpread2(t, p.Title, tr.Mean[st], tr.Lo[st], tr.Hi[st])
				if !(tr.Lo[st] >= -1-1e-12 && tr.Hi[st] <= 1+1e-12) { // cosines, to rounding
					t.Errorf("%s: cosine band [%v, %v] outside [−1, 1]", p.Title, tr.Lo[st], tr.Hi[st])
				}
			}
			sum += tr.Optimum
		}
		switch k {
		case 0:
			if !scalar.EqualWithinAbs(sum, 3, optTol) {
				t.Errorf("%s: optimum cosines sum to %v, want full collapse (3)", p.Title, sum)
			}
		case 2:
			// 1e-3: this optimum lies on the boundary of the PSD cone (the embeddings sum
			// to zero, the Gram matrix is singular), where the search stops about 3e-4
			// short (−0.49967 at d = 4); far finer than the distance to the interior
			// optimum's cosines (about 0.8) or to collapse.
			if !scalar.EqualWithinAbs(sum/3, -0.5, 1e-3) {
				t.Errorf("%s: optimum mean cosine %v, want −1/2", p.Title, sum/3)
			}
		}
	}
	if !strings.Contains(opt.Subtitle, "d = 4, N = 64, τ = 1, Adam lr 0.02 constant, 2 seeds") || opt.MeanLabel != "mean over 2 seeds, band min–max" {
		t.Errorf("subtitle %q, mean label %q", opt.Subtitle, opt.MeanLabel)
	}
}

// TestReferenceData checks the reference-experiment figure's numbers at the quick
// settings (batch size 60, epochs 0–2, two seeds).
func TestReferenceData(t *testing.T) {
	var log bytes.Buffer
	in := defaultInputs(true, &log)
	s := in.Space
	const n = 60
	rho := s.DensityRatio()
	derived := s.ReferenceMonitorTarget(n)
	panels, opt, err := referencePanels(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 6 {
		t.Fatalf("%d panels, want 2 losses × 3 rows", len(panels))
	}
	var all []float64
	for k, p := range panels {
		lt, a := k/3, k%3
		if want := "loss " + strconv.Itoa(lt) + ", row " + s.Label(a); p.Title != want {
			t.Errorf("panel %d: title %q, want %q", k, p.Title, want)
		}
		var l2 *optimum.Result
		if lt == 0 {
			l2, err = optimum.InfoNCE(s, optimum.Options{Tau: 1, N: n, Seed: 1})
		} else {
			l2, err = optimum.SC(s, 1, 0, optimum.Options{Tau: 1, N: n, Seed: 1})
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Traces) != 3 || len(p.Rules) != 3 {
			t.Fatalf("%s: %d traces, %d rules; want 3 each", p.Title, len(p.Traces), len(p.Rules))
		}
		var gap float64
		for b, tr := range p.Traces {
			if tr.I != a || tr.J != b {
				t.Errorf("%s: trace (%d, %d), want (%d, %d)", p.Title, tr.I, tr.J, a, b)
			}
			if want := n * derived.At(a, b); !scalar.EqualWithinRel(tr.Target, want, closeTol) {
				t.Errorf("%s (%d, %d): target %v, want %v", p.Title, a, b, tr.Target, want)
			}
			if want := n * l2.Prob.At(a, b); !scalar.EqualWithinRel(tr.Optimum, want, closeTol) {
				t.Errorf("%s (%d, %d): optimum %v, want %v", p.Title, a, b, tr.Optimum, want)
			}
			if !math.IsNaN(tr.Final) || !math.IsNaN(tr.FinalLo) || !math.IsNaN(tr.FinalHi) {
				t.Errorf("%s (%d, %d): a final marker %v", p.Title, a, b, tr.Final)
			}
			if len(tr.Steps) != 3 || tr.Steps[0] != 0 || tr.Steps[2] != 2 {
				t.Errorf("%s: epochs %v, want 0, 1, 2", p.Title, tr.Steps)
			}
			for e := range tr.Mean {
				checkSpread2(t, p.Title, tr.Mean[e], tr.Lo[e], tr.Hi[e])
			}
			last := tr.Mean[len(tr.Mean)-1] / n
			gap = math.Max(gap, math.Abs(last-derived.At(a, b))/derived.At(a, b))
			// The printed target: T1 for loss 0, T2(1, 0) for loss 1, in the pair's colour.
			printed := t1(rho.At(a, b), n)
			if lt == 1 {
				printed = t2(rho.At(a, b), n, 1, 0)
			}
			r := p.Rules[b]
			if !scalar.EqualWithinRel(r.At, n*printed, closeTol) || r.Color != pairColor(a, b) || r.Dash != plots.DashDot {
				t.Errorf("%s (%d, %d): rule at %v in %v, want %v in the pair's colour, dash-dot", p.Title, a, b, r.At, r.Color, n*printed)
			}
			all = append(all, tr.Mean...)
			all = append(all, tr.Target, tr.Optimum, r.At)
		}
		if g := noteNumber(t, p.Note, "gap to derived"); !scalar.EqualWithinAbs(g, 100*gap, 0.05+1e-9) {
			t.Errorf("%s: note says %v %%, want %.3f %% (printed to 0.1)", p.Title, g, 100*gap)
		}
	}
	checkWindow(t, "reference-experiment", panels, all, 0.05, 0.02, 0)
	// Seeds Seed + 0 and Seed + 1 of each loss, 2+1 epochs each.
	for _, want := range []string{"reference loss 0 seed 1: 2+1 epochs", "reference loss 0 seed 2: 2+1 epochs", "reference loss 1 seed 1:", "reference loss 1 seed 2:"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if !strings.Contains(opt.Subtitle, "N = 60, τ = 1") || !strings.Contains(opt.Subtitle, "over 2 seeds") {
		t.Errorf("subtitle %q", opt.Subtitle)
	}
}

// pairColor is the colour plots gives the pair {i, j} of the toy's 3 states: the k-th
// qualitative colour for the k-th pair of trace.UpperPairs (plots.PairTrace's doc).
func pairColor(i, j int) color.Color {
	for k, p := range trace.UpperPairs(3) {
		if p == (feature.Pair{I: min(i, j), J: max(i, j)}) {
			return plots.Qualitative(k)
		}
	}
	panic("no such pair")
}

// unorderedPairRank enumerates the pairs i ≤ j in row order, whichever way round asked.
func TestUnorderedPairRank(t *testing.T) {
	for m := 1; m <= 5; m++ {
		for k, p := range trace.UpperPairs(m) {
			if got, back := unorderedPairRank(p.I, p.J, m), unorderedPairRank(p.J, p.I, m); got != k || back != k {
				t.Errorf("m = %d: rank of (%d, %d) %d, of (%d, %d) %d; want %d", m, p.I, p.J, got, p.J, p.I, back, k)
			}
		}
	}
}

// TestClusteringData checks the clustering figure's panels: learned class-mean cosines
// (unit diagonal, symmetric) and each loss's own unit-embedding optimum.
func TestClusteringData(t *testing.T) {
	in := defaultInputs(true, nil)
	s := in.Space
	panels, opt, err := clusteringPanels(in)
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{"InfoNCE", "SC: α = 0.5, β = −0.5", "SC: α = 1, β = 0", "SC: α = 2, β = 1"}
	if len(panels) != len(titles) {
		t.Fatalf("%d panels, want %d", len(panels), len(titles))
	}
	o := optimum.Options{Dim: 4, Tau: 1, N: 64, Seed: 1}
	for k, p := range panels {
		if p.Title != titles[k] {
			t.Errorf("panel %d: title %q, want %q", k, p.Title, titles[k])
		}
		var want *optimum.Result
		if k == 0 {
			want, err = optimum.InfoNCE(s, o)
		} else {
			want, err = optimum.SC(s, clusterRuns[k].alpha, clusterRuns[k].beta, o)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(p.Optimum, want.Cosine, closeTol) {
			t.Errorf("%s: optimum cosines %v, want %v", p.Title, mat.Formatted(p.Optimum), mat.Formatted(want.Cosine))
		}
		for i := range 3 {
			for j := range 3 {
				v := p.Learned.At(i, j)
				if i == j && !scalar.EqualWithinAbs(v, 1, 1e-12) || !scalar.EqualWithinAbs(v, p.Learned.At(j, i), 1e-12) {
					t.Errorf("%s: learned cosines %v: want a unit diagonal, symmetric (to rounding)", p.Title, mat.Formatted(p.Learned))
				}
			}
		}
	}
	if !strings.Contains(opt.Subtitle, "d = 4, N = 64, τ = 1, Adam lr 0.02, warm-up then cosine, 20 steps, mean over 1 seeds") {
		t.Errorf("subtitle %q", opt.Subtitle)
	}
}

// meanClassCosine averages the replicates' matrices and names a replicate without
// geometry.
func TestMeanClassCosine(t *testing.T) {
	geo := func(v ...float64) *simulate.Result {
		return &simulate.Result{Geometry: &simulate.Geometry{ClassCosine: mat.NewDense(2, 2, v)}}
	}
	got, err := meanClassCosine([]*simulate.Result{geo(1, 0.5, 0.5, 1), geo(1, -0.1, -0.1, 1), geo(1, 0.2, 0.2, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if want := mat.NewDense(2, 2, []float64{1, 0.2, 0.2, 1}); !mat.EqualApprox(got, want, 1e-15) {
		t.Errorf("mean %v, want %v", mat.Formatted(got), mat.Formatted(want))
	}
	if _, err := meanClassCosine([]*simulate.Result{geo(1, 0, 0, 1), {}}); err == nil || !strings.Contains(err.Error(), "replicate 1") {
		t.Errorf("error %v, want one naming replicate 1", err)
	}
}

// TestBatchSizeData checks the batch-size figure's numbers: the targets each trained
// series aims at, the steps at each N (in the log), and the exact gap at N = 16 of
// docs/theory.md §4 (1.3e-3).
func TestBatchSizeData(t *testing.T) {
	var log bytes.Buffer
	in := defaultInputs(true, &log)
	in.Set.GapSizes = []int{16}
	s := in.Space
	rho := s.DensityRatio()
	o, err := batchSizeOptions(in)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []feature.Pair{{I: 0, J: 0}, {I: 0, J: 2}} // largest and smallest ρ (TestToyChoices)
	if len(o.Pairs) != 2 || o.Pairs[0] != pairs[0] || o.Pairs[1] != pairs[1] || o.Alpha != 1 || o.Beta != 0 {
		t.Errorf("pairs %v, α %v, β %v", o.Pairs, o.Alpha, o.Beta)
	}
	// Batch sizes 8 and 32: curves from max(2, 8/2) = 4 to 2·32 = 64.
	if o.NMin != 4 || o.NMax != 64 {
		t.Errorf("curves from N = %d to %d, want 4 to 64", o.NMin, o.NMax)
	}
	if len(o.Measured) != 6 {
		t.Fatalf("%d series, want 3 losses × 2 pairs", len(o.Measured))
	}
	for k, sr := range o.Measured {
		l, p := batchLosses[k/2], pairs[k%2]
		if sr.Name != l.name || sr.I != p.I || sr.J != p.J || sr.Aim != l.aim || sr.Marker != l.marker {
			t.Errorf("series %d: %s (%d, %d) aim %v marker %v", k, sr.Name, sr.I, sr.J, sr.Aim, sr.Marker)
		}
		if len(sr.N) != 2 || sr.N[0] != 8 || sr.N[1] != 32 {
			t.Fatalf("%s: N = %v, want 8, 32", sr.Name, sr.N)
		}
		for i, n := range sr.N {
			want := t1(rho.At(p.I, p.J), n)
			if l.aim == plots.AimT2 {
				want = t2(rho.At(p.I, p.J), n, 1, 0)
			}
			if !scalar.EqualWithinRel(sr.Target[i], want, closeTol) {
				t.Errorf("%s (%d, %d) at N = %d: target %v, want %v", sr.Name, p.I, p.J, n, sr.Target[i], want)
			}
			checkSpread2(t, sr.Name, sr.Mean[i], sr.Lo[i], sr.Hi[i])
		}
	}
	// docs/theory.md §4: the gap is 1.3e-3 at N = 16 (two digits), N × gap → 0.02209.
	if len(o.Gap) != 1 || o.Gap[0].N != 16 || !scalar.EqualWithinAbs(o.Gap[0].Gap, 1.3e-3, 0.05e-3) {
		t.Errorf("gap table %+v, want 1.3e-3 at N = 16", o.Gap)
	}
	if !scalar.EqualWithinAbs(o.GapLimit, 0.02209, 0.000005) {
		t.Errorf("gap limit %v, want 0.02209", o.GapLimit)
	}
	// Steps max(30, 2000/N): 250 at N = 8, 62 at N = 32.
	for _, want := range []string{
		"infonce, free logits, N = 8: 2 × 250 steps", "infonce, free logits, N = 32: 2 × 62 steps",
		"dcl, free logits, N = 32: 2 × 62 steps",
		"exact enumeration: gap to T1 at 1 batch sizes up to N = 16 in",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if !strings.Contains(o.Subtitle, "≥ 0.002 million anchors per run, 2 seeds") {
		t.Errorf("subtitle %q", o.Subtitle)
	}
}

// A batch size too small for exact enumeration is refused before any training, named.
func TestBatchSizeGapSizeRefused(t *testing.T) {
	in := defaultInputs(true, nil)
	in.Set.GapSizes = []int{2, 1}
	if _, err := batchSizeOptions(in); err == nil || !strings.Contains(err.Error(), "N = 1") {
		t.Errorf("error %v, want one naming N = 1", err)
	}
}

// TestTemperatureData checks the temperature figure against C29 (docs/theory.md §5):
// for d ≥ m = 3 the optimum's gap to T1 is the same at every τ ≤ τ*, its cosines are
// affine in τ, cos(τ) = 1 + τ(cos(1) − 1), and τ* is where J + τ(G(1) − J) stops being
// positive semi-definite; for d = 2 the rank constraint binds, so the gap is larger.
func TestTemperatureData(t *testing.T) {
	var log bytes.Buffer
	in := defaultInputs(true, &log)
	d, err := temperatureData(in)
	if err != nil {
		t.Fatal(err)
	}
	// Taus 5 from 0.1 to 10 on a log grid: 0.1 × 10^(k/2).
	if len(d.Tau) != 5 {
		t.Fatalf("τ grid %v, want 5 points", d.Tau)
	}
	for k, tau := range d.Tau {
		if want := 0.1 * math.Pow(10, float64(k)/2); !scalar.EqualWithinRel(tau, want, closeTol) {
			t.Errorf("τ[%d] = %v, want %v", k, tau, want)
		}
	}
	if d.CosDim != 8 || len(d.Gaps) != 3 || len(d.Cosines) != 3 {
		t.Fatalf("cosine dimension %d, %d gap series, %d cosine series; want 8, 3, 3", d.CosDim, len(d.Gaps), len(d.Cosines))
	}
	const one = 2 // d.Tau[2] = 1
	below := func(tau float64) bool { return tau <= d.TauStar }
	if !(d.TauStar > 3.2 && d.TauStar < 10) {
		t.Fatalf("τ* = %v: the checks below want it between the grid's 3.16 and 10", d.TauStar)
	}
	for g, gs := range d.Gaps {
		if gs.Dim != []int{2, 3, 8}[g] {
			t.Errorf("gap series %d has d = %d", g, gs.Dim)
		}
		for k, tau := range d.Tau {
			switch {
			case gs.Dim >= 3 && below(tau):
				if !scalar.EqualWithinAbs(gs.Gap[k], gs.Gap[one], optTol) {
					t.Errorf("d = %d, τ = %v: gap %v, want the τ = 1 gap %v (C29)", gs.Dim, tau, gs.Gap[k], gs.Gap[one])
				}
			case gs.Dim >= 3:
				if !(gs.Gap[k] > gs.Gap[one]+optTol) {
					t.Errorf("d = %d, τ = %v > τ*: gap %v, want above %v", gs.Dim, tau, gs.Gap[k], gs.Gap[one])
				}
			case below(tau):
				if !(gs.Gap[k] > d.Gaps[1].Gap[k]+optTol) {
					t.Errorf("d = 2, τ = %v: gap %v, want above d = 3's %v", tau, gs.Gap[k], d.Gaps[1].Gap[k])
				}
			}
		}
	}
	g1 := mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1})
	for c, cs := range d.Cosines {
		if want := offDiagonalPairs(3)[c]; cs.I != want.I || cs.J != want.J {
			t.Errorf("cosine series %d is (%d, %d), want %v", c, cs.I, cs.J, want)
		}
		g1.SetSym(cs.I, cs.J, cs.Cos[one])
		for k, tau := range d.Tau {
			if want := 1 + tau*(cs.Cos[one]-1); below(tau) && !scalar.EqualWithinAbs(cs.Cos[k], want, optTol) {
				t.Errorf("(%d, %d), τ = %v: cosine %v, want 1 + τ(cos(1) − 1) = %v", cs.I, cs.J, tau, cs.Cos[k], want)
			}
		}
	}
	// τ*: the smallest eigenvalue of J + τ(G(1) − J) crosses 0 there.
	minEig := func(tau float64) float64 {
		g := mat.NewSymDense(3, nil)
		for i := range 3 {
			for j := i; j < 3; j++ {
				g.SetSym(i, j, 1+tau*(g1.At(i, j)-1))
			}
		}
		var e mat.EigenSym
		if !e.Factorize(g, false) {
			t.Fatal("eigen-decomposition failed")
		}
		return e.Values(nil)[0]
	}
	// 1e-3 relative in τ on either side: the bisection's precision is far finer.
	if lo, hi := minEig(d.TauStar*0.999), minEig(d.TauStar*1.001); !(lo > 0 && hi < 0) {
		t.Errorf("τ* = %v: smallest eigenvalue %v just below, %v just above; want a sign change", d.TauStar, lo, hi)
	}
	if !strings.Contains(log.String(), "optima at 5 τ × 3 dimensions; τ* = "+strconv.FormatFloat(d.TauStar, 'g', 4, 64)+"\n") {
		t.Errorf("log %q", log.String())
	}
	if !strings.Contains(d.Subtitle, "N = 64") || !strings.Contains(d.Subtitle, "τ* = "+strconv.FormatFloat(d.TauStar, 'g', 3, 64)+":") {
		t.Errorf("subtitle %q", d.Subtitle)
	}
}

// TestMonteCarloData checks the monte-carlo figure's numbers: the draw counts, and at
// the larger counts the mean standard error against its value at the true c1,
// mean_ij sqrt(v_ij/n) with v = c(1 − c) on the diagonal and c/2 − c² off it
// (sample.PairEstimate), which fixes the number of draws read.
func TestMonteCarloData(t *testing.T) {
	var log bytes.Buffer
	in := defaultInputs(true, &log)
	d := monteCarloData(in)
	// drawCounts(30, 3000, 4): 30·100^(k/3) rounded.
	want := []float64{30, 139, 646, 3000}
	if len(d.Draws) != len(want) {
		t.Fatalf("draws %v, want %v", d.Draws, want)
	}
	for k := range want {
		if d.Draws[k] != want[k] {
			t.Errorf("draws %v, want %v", d.Draws, want)
		}
	}
	c1 := in.Space.PositiveJoint()
	for k, n := range d.Draws {
		for _, sp := range []plots.Spread{d.MaxErr, d.MeanSE, d.MaxZ} {
			if !(sp.Lo[k] <= sp.Mid[k] && sp.Mid[k] <= sp.Hi[k]) {
				t.Errorf("n = %v: median %v outside [%v, %v]", n, sp.Mid[k], sp.Lo[k], sp.Hi[k])
			}
		}
		// Three replicates give three distinct mean standard errors (fixed seed): the
		// band is their minimum and maximum, the line the middle one.
		if !(d.MeanSE.Lo[k] < d.MeanSE.Mid[k] && d.MeanSE.Mid[k] < d.MeanSE.Hi[k]) {
			t.Errorf("n = %v: mean standard error %v in [%v, %v]: want three distinct values", n, d.MeanSE.Mid[k], d.MeanSE.Lo[k], d.MeanSE.Hi[k])
		}
		if n < 600 {
			continue
		}
		var se float64
		for i := range 3 {
			for j := range 3 {
				c, v := c1.At(i, j), c1.At(i, j)/2-c1.At(i, j)*c1.At(i, j)
				if i == j {
					v = c * (1 - c)
				}
				se += math.Sqrt(v/n) / 9
			}
		}
		// 10 %: the estimated standard error has a relative error of about half the
		// relative error of ĉ1, sqrt((1 − c)/(c n)) ≈ 0.05–0.1 per entry at n ≥ 646,
		// less in the mean over 9 entries: 10 % is more than three standard errors.
		if !scalar.EqualWithinRel(d.MeanSE.Lo[k], se, 0.1) || !scalar.EqualWithinRel(d.MeanSE.Hi[k], se, 0.1) {
			t.Errorf("n = %v: mean standard error in [%v, %v], want %v within 10 %%", n, d.MeanSE.Lo[k], d.MeanSE.Hi[k], se)
		}
		// The largest error is a few standard errors: at most 5 (9 entries, 3 replicates).
		if !(d.MaxZ.Hi[k] < 5) || !(d.MaxErr.Hi[k] < 5*math.Sqrt(0.25/n)) {
			t.Errorf("n = %v: largest error %v, %v standard errors", n, d.MaxErr.Hi[k], d.MaxZ.Hi[k])
		}
	}
	if !strings.Contains(log.String(), "Monte Carlo: 3 replicates up to 3000 draws in ") {
		t.Errorf("log %q", log.String())
	}
	if d.ZRule != 3 || d.MidLabel != "median over 3 replicates" || !strings.Contains(d.Subtitle, "3 replicate streams") {
		t.Errorf("rule %v, labels %q, %q", d.ZRule, d.MidLabel, d.Subtitle)
	}
}

// TestTrainingConfigs checks the training configurations against the settings the
// captions state (captions.go): free logits with SGD lr 0.5, constant, Polyak averaging
// from the first fifth, 20 fresh evaluation batches; embeddings with Adam lr 0.02 and 10
// warm-up steps (fewer in a shorter run); the MLP of simulate.ToyConfig at the
// figure's batch size, steps and seed.
func TestTrainingConfigs(t *testing.T) {
	in := defaultInputs(true, nil)
	c := in.logitConfig("scinfonce", 1.5, 0.5, 32, 40)
	if c.N != 32 || c.Loss != "scinfonce" || c.Params != (simulate.LossParams{Tau: 1, Alpha: 1.5, Beta: 0.5}) ||
		c.Model.Kind != simulate.ModelLogits || c.Opt != (simulate.OptimizerConfig{Name: "sgd", LR: 0.5, Schedule: "constant"}) ||
		c.Steps != 40 || c.RecordEvery != 5 || c.Seed != 1 || c.EvalBatches != 20 || c.AverageFrom != 8 || c.Space != in.Space {
		t.Errorf("free-logit config %+v", c)
	}
	e := in.embeddingConfig("infonce", 1, 0, 20, "warmup-cosine")
	if e.N != 64 || e.Model.Kind != simulate.ModelEmbedding || e.Model.Dim != 4 || e.Opt.Name != "adam" || e.Opt.LR != 0.02 ||
		e.Opt.Schedule != "warmup-cosine" || e.Opt.Warmup != 10 || e.Steps != 20 || e.RecordEvery != 5 || e.Seed != 1 {
		t.Errorf("embedding config %+v", e)
	}
	if e := in.embeddingConfig("infonce", 1, 0, 6, "constant"); e.Opt.Warmup != 6 || e.Opt.Schedule != "constant" {
		t.Errorf("6-step embedding config: warm-up %d, schedule %q; want 6, constant", e.Opt.Warmup, e.Opt.Schedule)
	}
	m, toy := in.mlpConfig(), simulate.ToyConfig()
	if m.N != 64 || m.Seed != 1 || m.Steps != 20 || m.RecordEvery != 5 || m.Opt.Warmup != min(toy.Opt.Warmup, 20) ||
		m.Opt.LR != toy.Opt.LR || m.Space != in.Space {
		t.Errorf("MLP config %+v", m)
	}
	if in.Set.MLPSteps = 3; in.mlpConfig().Opt.Warmup != 3 {
		t.Errorf("3-step MLP run: warm-up %d, want 3", in.mlpConfig().Opt.Warmup)
	}
}
