package studyplots

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

var nan = math.NaN()

// The matrices below hold small binary fractions: every expected value is exact and
// compared with ==.

// result returns a replicate with the given recorded 2×2 probabilities (steps 0, 10,
// …) and trained probability final (nil: none).
func result(final []float64, recs ...[]float64) *simulate.Result {
	r := &simulate.Result{}
	for k, v := range recs {
		r.Records = append(r.Records, simulate.Record{Step: 10 * k, PairProb: mat.NewDense(2, 2, v)})
	}
	if final != nil {
		r.PairProb = mat.NewDense(2, 2, final)
	}
	return r
}

func TestTrajectoryTraces(t *testing.T) {
	target := mat.NewDense(2, 2, []float64{0.5, 0.25, 0.25, 0.5})
	optimum := mat.NewDense(2, 2, []float64{0.5, 0.125, 0.375, 0.5})
	res := []*simulate.Result{
		result([]float64{0.5, 0.25, 0.25, 0.5}, []float64{0.25, 0.5, nan, 0.75}, []float64{0.5, 0.25, 0.25, 0.5}),
		result([]float64{0.75, 0.5, 0.5, 0.75}, []float64{0.75, nan, nan, 0.25}, []float64{0.5, 0.25, 0.25, 0.5}),
	}
	tr, all, err := trajectoryTraces(res, target, optimum, 4)
	if err != nil {
		t.Fatal(err)
	}
	if all != 3 || len(tr) != 3 {
		t.Fatalf("%d traces of %d pairs, want 3 of 3", len(tr), all)
	}
	// Pair (0, 1), × N = 4: step 0 has 0.5 (mirror NaN) in replicate 0 only → 2;
	// step 10: 0.25 twice → 1. Target (0.25+0.25)/2·4 = 1, optimum (0.125+0.375)/2·4 = 1,
	// finals 1 and 2 → mean 1.5 in [1, 2].
	p := tr[1]
	if p.I != 0 || p.J != 1 || !slices.Equal(p.Steps, []float64{0, 10}) || !slices.Equal(p.Mean, []float64{2, 1}) ||
		!slices.Equal(p.Lo, []float64{2, 1}) || !slices.Equal(p.Hi, []float64{2, 1}) ||
		p.Target != 1 || p.Optimum != 1 || p.Final != 1.5 || p.FinalLo != 1 || p.FinalHi != 2 {
		t.Errorf("trace (0, 1) = %+v", p)
	}
	// Pair (0, 0): step 0: 1 and 3 → 2 in [1, 3].
	if d := tr[0]; d.Mean[0] != 2 || d.Lo[0] != 1 || d.Hi[0] != 3 || d.Target != 2 {
		t.Errorf("trace (0, 0) = %+v", d)
	}

	// One replicate: no band, and no optimum line without an optimum.
	tr, _, err = trajectoryTraces(res[:1], target, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range tr {
		if x.Lo != nil || x.Hi != nil || !math.IsNaN(x.Optimum) {
			t.Errorf("single replicate, no optimum: trace %+v has a band or an optimum", x)
		}
	}

	// A pair without any finite record is left out; none at all is an error.
	allNaN := result(nil, []float64{1, nan, nan, 1})
	tr, _, err = trajectoryTraces([]*simulate.Result{allNaN}, target, nil, 1)
	if err != nil || len(tr) != 2 || tr[0].I != 0 || tr[0].J != 0 || tr[1].I != 1 || tr[1].J != 1 {
		t.Errorf("pair (0, 1) without numbers: traces %+v, error %v; want (0, 0) and (1, 1)", tr, err)
	}
	none := result(nil, []float64{nan, nan, nan, nan})
	for _, c := range []struct {
		res    []*simulate.Result
		target mat.Matrix
		want   string
	}{
		{nil, target, "no records"},
		{[]*simulate.Result{{}}, target, "no records"},
		{res, nil, "no target"},
		{[]*simulate.Result{none}, target, "no finite record"},
	} {
		if _, _, err := trajectoryTraces(c.res, c.target, nil, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

// With more than MaxTrajectoryPairs pairs, the ones farthest from the target are kept,
// in pair order.
func TestTrajectoryTracesFarthest(t *testing.T) {
	const m = 5 // 15 pairs
	// Relative gap of pair {i, j}: (i + j)/8.
	target, final := ranked(m, 8)
	got := keptPairs(t, target, final)
	if len(got) != MaxTrajectoryPairs {
		t.Fatalf("%d pairs kept of 15, want %d", len(got), MaxTrajectoryPairs)
	}
	// Gaps (i + j)/8: the 5 smallest sums are 0, 1, 2, 2 and one of the two 3s,
	// (0, 3) and (1, 2); a tie keeps the earlier pair, so (1, 2) is left out.
	want := [][2]int{{0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 2}, {2, 3}, {2, 4}, {3, 3}, {3, 4}, {4, 4}}
	if !slices.Equal(got, want) {
		t.Errorf("kept pairs %v, want %v", got, want)
	}
	if !slices.IsSortedFunc(got, func(a, b [2]int) int { return (a[0]*m + a[1]) - (b[0]*m + b[1]) }) {
		t.Errorf("pairs %v not in pair order", got)
	}
}

func TestFigures(t *testing.T) {
	target := mat.NewDense(2, 2, []float64{0.5, 0.25, 0.25, 0.5})
	res := []*simulate.Result{result([]float64{0.5, 0.25, 0.25, 0.5}, []float64{0.25, 0.5, 0.5, 0.75})}
	if _, err := PairProbFigure(PairProbComparison{Trained: res[0].PairProb, Target: target, Optimum: target, N: 4}); err != nil {
		t.Errorf("PairProbFigure: %v", err)
	}
	if _, err := PairProbFigure(PairProbComparison{N: 4, Title: "x"}); err == nil || !strings.Contains(err.Error(), "no trained probabilities") {
		t.Errorf("PairProbFigure without trained probabilities: error %v", err)
	}
	nan := mat.NewDense(2, 2, []float64{0.5, math.NaN(), 0.25, 0.5})
	if _, err := PairProbFigure(PairProbComparison{Trained: nan, N: 4, Title: "x"}); err == nil {
		t.Errorf("PairProbFigure with a NaN probability: no error")
	}
	if _, err := PairProbFigure(PairProbComparison{Trained: target, N: 0, Title: "x"}); err == nil || !strings.Contains(err.Error(), "N = 0") {
		t.Errorf("PairProbFigure with N = 0: error %v", err)
	}
	f, err := TrajectoryFigure(res, target, target, "T1", 4, nil, "t")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := runfolder.Create(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, "trajectory", f, []string{"png", "svg"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dir.Manifest.Files, []string{"trajectory.png", "trajectory.svg"}) {
		t.Errorf("files %v, want the PNG and the SVG", dir.Manifest.Files)
	}
	// The PNG is at plots.DefaultDPI: width in pixels = width in points / 72 · 150,
	// within a pixel (rounding of the canvas size).
	pngFile, err := os.Open(filepath.Join(dir.Dir, "trajectory.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer pngFile.Close()
	cfg, err := png.DecodeConfig(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := f.Size()
	if want := float64(w) / 72 * plots.DefaultDPI; !(math.Abs(float64(cfg.Width)-want) <= 1) {
		t.Errorf("PNG %d pixels wide, want %.1f (%v at %d dpi)", cfg.Width, want, w, plots.DefaultDPI)
	}
	if _, err := TrajectoryFigure(nil, target, nil, "", 4, nil, "t"); err == nil || !strings.Contains(err.Error(), `"t"`) {
		t.Errorf("TrajectoryFigure without results: error %v, want one naming the figure", err)
	}
}

func TestRelativeDifference(t *testing.T) {
	a := mat.NewDense(1, 3, []float64{3, 1, 2})
	b := mat.NewDense(1, 3, []float64{2, 4, 2})
	got := RelativeDifference(a, b, 100)
	// 100·(3−2)/2 = 50, 100·(1−4)/4 = −75, 0.
	if got.At(0, 0) != 50 || got.At(0, 1) != -75 || got.At(0, 2) != 0 {
		t.Errorf("RelativeDifference = %v, want [50 −75 0]", mat.Formatted(got))
	}
}

func TestPairProbPanels(t *testing.T) {
	trained := mat.NewDense(1, 2, []float64{0.5, 0.25})
	target := mat.NewDense(1, 2, []float64{0.25, 0.5})
	optimum := mat.NewDense(1, 2, []float64{0.5, 0.5})
	top, rel, lo, hi := pairProbPanels(PairProbComparison{Trained: trained, Target: target, TargetName: "T1", Optimum: optimum, N: 4})
	// × N = 4: target [1 2], optimum [2 2], trained [2 1]; range 1–2.
	want := [][]float64{{1, 2}, {2, 2}, {2, 1}}
	titles := []string{"T1 × N", "level-2 optimum × N", "trained × N"}
	for k, p := range top {
		if p.values == nil || p.values.At(0, 0) != want[k][0] || p.values.At(0, 1) != want[k][1] || p.title != titles[k] {
			t.Errorf("top panel %d: %v %q, want %v %q", k, p.values, p.title, want[k], titles[k])
		}
	}
	if lo != 1 || hi != 2 {
		t.Errorf("shared range %v–%v, want 1–2", lo, hi)
	}
	// 100·(a − b)/b: trained vs T1 [100 −50], trained vs optimum [0 −50], optimum vs T1 [100 0].
	wantRel := [][]float64{{100, -50}, {0, -50}, {100, 0}}
	relTitles := []string{"(trained − T1) / T1 in %", "(trained − optimum) / optimum in %", "(optimum − T1) / T1 in %"}
	for k, p := range rel {
		if p.values == nil || p.values.At(0, 0) != wantRel[k][0] || p.values.At(0, 1) != wantRel[k][1] || p.title != relTitles[k] {
			t.Errorf("relative panel %d: %v %q, want %v %q", k, p.values, p.title, wantRel[k], relTitles[k])
		}
	}
	if trained.At(0, 0) != 0.5 || target.At(0, 1) != 0.5 {
		t.Errorf("pairProbPanels changed its inputs")
	}

	// Without target and optimum: only the trained panel; a constant one has no spread.
	top, rel, lo, hi = pairProbPanels(PairProbComparison{Trained: mat.NewDense(1, 2, []float64{0.5, 0.5}), N: 2})
	if top[0].values != nil || top[1].values != nil || top[2].values == nil || top[0].title != "target × N" {
		t.Errorf("trained only: top panels %+v", top)
	}
	for k, p := range rel {
		if p.values != nil {
			t.Errorf("trained only: relative panel %d has values", k)
		}
	}
	if lo != 0 || hi != 0 {
		t.Errorf("constant panel: range %v–%v, want 0–0 (from the data)", lo, hi)
	}
	// Target without optimum: the first relative panel only.
	_, rel, _, _ = pairProbPanels(PairProbComparison{Trained: trained, Target: target, N: 1})
	if rel[0].values == nil || rel[1].values != nil || rel[2].values != nil {
		t.Errorf("no optimum: relative panels %+v, want the first only", rel)
	}
	_, rel, _, _ = pairProbPanels(PairProbComparison{Trained: trained, Optimum: optimum, N: 1})
	if rel[0].values != nil || rel[1].values == nil || rel[2].values != nil {
		t.Errorf("no target: relative panels %+v, want the second only", rel)
	}
}

func TestTrajectorySubtitle(t *testing.T) {
	const base = "each recorded batch, before that step's update"
	for _, c := range []struct {
		reps, shown, all int
		want             string
	}{
		{1, 6, 6, base},
		{2, 6, 6, base + "; mean and range of 2 replicates"},
		{1, 10, 15, base + "; the 10 pairs farthest from T1"},
	} {
		if got := trajectorySubtitle(c.reps, c.shown, c.all, "T1"); got != c.want {
			t.Errorf("trajectorySubtitle(%d, %d, %d) = %q, want %q", c.reps, c.shown, c.all, got, c.want)
		}
	}
}

// Errors of the reduction pass through; N = 1 is a valid scale.
func TestFigureEdges(t *testing.T) {
	target := mat.NewDense(2, 2, []float64{0.5, 0.25, 0.25, 0.5})
	a := result(nil, []float64{0.25, 0.5, 0.5, 0.75}, []float64{0.25, 0.5, 0.5, 0.75})
	b := result(nil, []float64{0.25, 0.5, 0.5, 0.75})
	if _, _, err := trajectoryTraces([]*simulate.Result{a, b}, target, nil, 1); err == nil || !strings.Contains(err.Error(), "replicate 1 has 1 records") {
		t.Errorf("ragged replicates: error %v", err)
	}
	if _, err := PairProbFigure(PairProbComparison{Trained: target, Target: target, N: 1}); err != nil {
		t.Errorf("N = 1: %v", err)
	}
}

func TestTrajectoryOptions(t *testing.T) {
	o := trajectoryOptions(2, 3, 3, true, "T1", []string{"a", "b"}, "title")
	if o.Title != "title" || o.TargetLabel != "T1" || o.OptimumLabel != "level-2 optimum" || o.Subtitle != trajectorySubtitle(2, 3, 3, "T1") ||
		len(o.States) != 2 || o.PanelWidth != trajectoryWidth || o.PanelHeight != trajectoryHeight {
		t.Errorf("options %+v", o)
	}
	o = trajectoryOptions(1, 10, 15, false, "", nil, "t")
	if o.TargetLabel != "target" || o.OptimumLabel != "" || !strings.HasSuffix(o.Subtitle, "farthest from target") {
		t.Errorf("no name, no optimum: options %+v; want the target called \"target\" and no optimum label", o)
	}
}

// The ranking is by |final/target − 1|: a pair below its target counts as far as one
// above it by the same ratio.
func TestTrajectoryTracesFarthestBelow(t *testing.T) {
	const m = 5 // 15 pairs
	// Relative gap of pair {i, j}: (i + j)/64.
	target, final := ranked(m, 64)
	// Pairs (0, 0) and (1, 1) far below their targets: gaps 1/2 and 1/4.
	final.Set(0, 0, 0.5)
	final.Set(1, 1, 0.75)
	got := keptPairs(t, target, final)
	for _, pr := range [][2]int{{0, 0}, {1, 1}} {
		if !slices.Contains(got, pr) {
			t.Errorf("pairs %v leave out %v, the farthest below its target", got, pr)
		}
	}
}

// The ranking divides by the target: a pair whose trained value times its target is 1
// but which misses the target by 75 % is among the farthest.
func TestTrajectoryTracesFarthestRelative(t *testing.T) {
	const m = 5 // 15 pairs
	// Relative gap of pair {i, j}: (i + j)/64.
	target, final := ranked(m, 64)
	target.Set(0, 0, 2)
	final.Set(0, 0, 0.5) // |0.5/2 − 1| = 0.75
	if got := keptPairs(t, target, final); got[0] != [2]int{0, 0} {
		t.Errorf("first kept pair %v, want (0, 0), the farthest from its target", got[0])
	}
}

// An encoding error reaches the caller.
func TestWriteError(t *testing.T) {
	target := mat.NewDense(2, 2, []float64{0.5, 0.25, 0.25, 0.5})
	fig, err := PairProbFigure(PairProbComparison{Trained: target, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := runfolder.Create(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, "x", fig, []string{"gif"}); err == nil {
		t.Errorf("format gif: no error")
	}
}

// ranked returns an m×m target of ones and trained values 1 + (i + j)/d: the relative
// gap of pair {i, j} is (i + j)/d.
func ranked(m int, d float64) (target, final *mat.Dense) {
	target, final = mat.NewDense(m, m, nil), mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			target.Set(i, j, 1)
			final.Set(i, j, 1+float64(i+j)/d)
		}
	}
	return target, final
}

// keptPairs returns the pairs trajectoryTraces keeps for one replicate recording target
// once and trained to final.
func keptPairs(t *testing.T, target, final *mat.Dense) [][2]int {
	t.Helper()
	r := &simulate.Result{Records: []simulate.Record{{Step: 0, PairProb: target}}, PairProb: final}
	tr, _, err := trajectoryTraces([]*simulate.Result{r}, target, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int
	for _, x := range tr {
		got = append(got, [2]int{x.I, x.J})
	}
	return got
}

// The bottom row of relative differences is drawn exactly when one of its panels has
// data: with a target it adds a row of heatmaps (the figure grows taller);
// with the trained probabilities alone there is only the top row.
func TestPairProbFigureRows(t *testing.T) {
	trained := mat.NewDense(2, 2, []float64{0.5, 0.25, 0.25, 0.5})
	target := mat.NewDense(2, 2, []float64{0.4, 0.3, 0.3, 0.4})
	alone, err := PairProbFigure(PairProbComparison{Trained: trained, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	both, err := PairProbFigure(PairProbComparison{Trained: trained, Target: target, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, h1 := alone.Size()
	_, h2 := both.Size()
	if !(h2 > h1) {
		t.Errorf("height %v with a target, %v without; want a taller figure (two rows)", h2, h1)
	}
}
