package main

// Tests of the notebook's control paths and summary content that the run tests leave
// open, on small fixtures whose expected values are known in closed form: with the
// identity augmentation (no rotation, scale 1, no shift, no noise) every view snaps back
// to its own state, so the measured TPM is the identity and
//
//	diagonal mass = same-class mass = 1 (bootstrap SE 0: every replicate is the identity),
//	I(V1;V2) = log m, one non-zero per row, c1 = I/m (m pairs with c1 > 0),
//	ρ_ii = c1_ii/(q_i q_i) = m and ρ_ij = 0 for i ≠ j (docs/theory.md §2),
//
// hence for SC-InfoNCE (docs/theory.md §8, R1/R2): drift sign(α − β − 1); T2_ij < 0 on
// the m(m−1)/2 off-diagonal pairs exactly when β > 0; collapse (αρ_ij ≥ 1 + β on every
// pair) exactly when β ≤ −1.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/infonce-lab/infonce-lab/feature"
	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/studyplots"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// identityAug are the flags of the identity augmentation.
var identityAug = []string{"-rotation", "0", "-min-scale", "1", "-max-scale", "1", "-shift", "0", "-noise", "0"}

// identityRun runs the notebook on the 3-per-class fixture (m = 30) with the identity
// augmentation and the tiny settings (3 sweep steps at lr 0.05, so that training moves
// the cosines), and returns the summary.
func identityRun(t *testing.T, data string, extra ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append(append(append([]string{"-data", data, "-out", t.TempDir()}, tiny...), identityAug...), "-sweep-steps", "3", "-lr", "0.05")
	if err := run(append(args, extra...), &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	return stdout.String()
}

// tableRows returns the cells of the summary's table rows that begin with prefix.
func tableRows(summary, prefix string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(summary, "\n") {
		if strings.HasPrefix(line, prefix) {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			rows = append(rows, cells)
		}
	}
	return rows
}

// TestIdentityAugmentationSummary checks the summary of every study against the closed
// forms of the identity TPM at m = 30 (file comment).
func TestIdentityAugmentationSummary(t *testing.T) {
	sum := identityRun(t, writeFixture(t, 3))
	const m = 30
	logM := fmt.Sprintf("%.3f", math.Log(m)) // printed with %.3f
	want := []string{
		// Study a, first setting (no rotation, no noise: the identity), and no bootstrap note after it.
		"| 0 | 0 | 1.0000 ± 0.0000 | 1.0000 ± 0.0000 | " + logM + " ± 0.000 | 1.0 | level-2 optimum |",
		// Study b's header: m = 10·per-class, ρ over [0, m].
		"m = 30, N = 4, 3 steps; ρ ranges over [0, 30] ",
		// Study c.
		"m = 30 states, N = 4, 2 steps. ",
		"diagonal mass 1.0000 ± 0.0000, same-class mass 1.0000 ± 0.0000, I(V1;V2) = " + logM + " ± 0.000 nats, 1.0 non-zeros per row.",
		"Estimation error per pair (bootstrap, 2 replicates, 0 dropped), relative SE over the 30 pairs with c1 > 0: ρ median 0.000, p90 0.000; T1 median 0.000, p90 0.000.",
		// Every replicate of the identity estimate is the identity: the final gaps' SEs are 0.
		"Bootstrap SE of the final row's T1 numbers (2 replicates, 0 dropped): median ± 0.0000, p90 ± 0.0000, ",
		"- `views.png`: ", "- `strength.png`: ", "- `sc.png`: ", "- `class_tpm.png`: ",
		// log ρ is the same (log m) on every pair with c1 > 0: corr(log P, log ρ) is undefined.
		"`training.png` left out: ",
	}
	for _, w := range want {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	// The identity setting's bootstrap drops no replicate: no note under its rows.
	if i, j := strings.Index(sum, "| 0 | 0 |"), strings.Index(sum, "| 10 | 0.05 |"); i < 0 || j < i || strings.Contains(sum[i:j], "bootstrap replicates left a state unreached") {
		t.Errorf("study a's identity setting has a bootstrap note (or its rows are missing):\n%s", sum)
	}
	if strings.Contains(sum, "No class-level TPM") {
		t.Error("study c found no class-level TPM, though every digit keeps its states")
	}

	// Study a: the five strengths in order, a level-2 and an MLP row each, then the pixels.
	a := tableRows(sum, "| ")
	var settings []string
	for _, r := range a {
		if len(r) == 11 && r[6] == "level-2 optimum" {
			settings = append(settings, r[0]+","+r[1])
		}
	}
	if got := strings.Join(settings, " "); got != "0,0 10,0.05 20,0.1 30,0.2 45,0.3" {
		t.Errorf("study a's settings %q", got)
	}
	if n := len(tableRows(sum, "| | | | | | | MLP | ")); n != 5 {
		t.Errorf("study a has %d MLP rows, want 5", n)
	}

	// Study b: one row per (α, β) of the grid with the closed-form predictions.
	var b [][]string
	for _, r := range a {
		if len(r) == 10 && r[0] != "α" && r[0] != "---" {
			b = append(b, r)
		}
	}
	grid := [][2]float64{{1, 0}, {2, 1}, {1.5, 0}, {3, 1}, {1, 0.5}, {0.5, -1.5}}
	if len(b) != len(grid) {
		t.Fatalf("study b has %d rows, want %d:\n%s", len(b), len(grid), sum)
	}
	start0 := initialMeanCosine(t, sum)
	moved := false
	for k, g := range grid {
		r := b[k]
		alpha, beta := g[0], g[1]
		drift := 0
		if d := alpha - beta - 1; d > 0 {
			drift = 1
		} else if d < 0 {
			drift = -1
		}
		neg := 0
		if beta > 0 {
			neg = m * (m - 1) / 2
		}
		wantCells := []string{fmt.Sprint(alpha), fmt.Sprint(beta), fmt.Sprintf("%+d", drift), fmt.Sprint(beta <= -1), fmt.Sprint(neg)}
		if !slices.Equal(r[:5], wantCells) {
			t.Errorf("study b row %d: %v, want %v", k, r[:5], wantCells)
		}
		start, end, d := cellFloat(t, r[5]), cellFloat(t, r[6]), cellFloat(t, r[7])
		if r[5] != start0 {
			t.Errorf("(%g, %g): mean cos start %s, want the untrained encoder's %s", alpha, beta, r[5], start0)
		}
		// The drift is end − start of unrounded values; each of the three is rounded
		// to 3 decimals: |printed drift − (printed end − printed start)| ≤ 3·0.0005.
		if !(math.Abs(d-(end-start)) <= 0.0015) {
			t.Errorf("(%g, %g): drift %v, end − start %v", alpha, beta, d, end-start)
		}
		moved = moved || math.Abs(end-start) > 0.01
		if p := cellFloat(t, r[9]); math.IsNaN(p) {
			t.Errorf("(%g, %g): probe NaN with 3 states of every digit", alpha, beta)
		}
	}
	if !moved {
		t.Error("no (α, β) setting moved the mean cosine by 0.01: start and end are not before and after training")
	}

	// Study c: a training row at step 0 and at the end (checkpoints 1), the final table.
	var steps []string
	for _, r := range a {
		if len(r) == 9 && r[0] != "step" && r[0] != "---" {
			steps = append(steps, r[0])
		}
	}
	if got := strings.Join(steps, " "); got != "0 2" {
		t.Errorf("study c's training rows at steps %q, want \"0 2\"", got)
	}
	for _, model := range []string{"MLP (final)", "level-2 optimum", "raw pixels"} {
		rows := tableRows(sum, "| "+model+" | ")
		if len(rows) != 1 || len(rows[0]) != 5 || math.IsNaN(cellFloat(t, rows[0][2])) {
			t.Errorf("final table row %q: %v", model, rows)
		}
	}
}

// initialMeanCosine computes, apart from the notebook, the mean cosine between distinct
// states of the untrained MLP that study b starts from (the same seed and widths), at
// the 3 decimals of the summary.
func initialMeanCosine(t *testing.T, _ string) string {
	t.Helper()
	ds, err := fmnist.LoadTrain(writeFixture(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	st, err := fmnist.SelectStates(ds, 3)
	if err != nil {
		t.Fatal(err)
	}
	e := &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: st.Rows, Cols: st.Cols, Augment: smnist.Augment{MinScale: 1, MaxScale: 1}}
	tc := smnist.DefaultTrainConfig()
	tc.Loss, tc.Params, tc.Batch, tc.LR, tc.Seed = loss.SCInfoNCE, simulate.LossParams{Tau: 0.5, Alpha: 1}, 4, 0.05, 1
	tr, err := smnist.NewTrainer(e, tc)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%.3f", smnist.MeanCosine(tr.Embed()))
}

func cellFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v
}

// TestDroppedStateNamed: a state whose image duplicates an earlier state's snaps nowhere
// (ties go to the lower index), so with the identity augmentation no view reaches it;
// the notebook drops it, names it, and study c runs on the other 29.
func TestDroppedStateNamed(t *testing.T) {
	data := writeFixture(t, 3)
	// Image 10 (the second 0) becomes a copy of image 0: IDX images start after a
	// 16-byte header, 16 bytes each.
	path := filepath.Join(data, fmnist.TrainImagesFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[16+16*10:16+16*11], b[16:32])
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := identityRun(t, data, "-studies", "c")
	for _, w := range []string{
		"note: 1 of 30 states were reached by no view of the kept states and are dropped: image 10 (digit 0).",
		"m = 29 states, N = 4, 2 steps. ",
		"I(V1;V2) = " + fmt.Sprintf("%.3f", math.Log(29)) + " ± 0.000 nats",
	} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum)
		}
	}
}

// fixtureNotebook is a notebook on the 3-per-class fixture with the tiny settings and
// the identity augmentation, and its world.
func fixtureNotebook(t *testing.T, extra ...string) (*notebook, *world) {
	t.Helper()
	o, err := parseFlags(append(append(append([]string{}, tiny...), identityAug...), extra...), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := fmnist.LoadTrain(writeFixture(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	nb := &notebook{o: o, ds: ds, out: &strings.Builder{}, stderr: io.Discard}
	w, err := nb.build(3, o.aug)
	if err != nil {
		t.Fatal(err)
	}
	return nb, w
}

// TestTrainCheckpoints: train calls back at step 0, every ⌊steps/checks⌋ steps and at
// the last step; a stop names the last finished step; a NaN loss is an error naming
// its step.
func TestTrainCheckpoints(t *testing.T) {
	nb, w := fixtureNotebook(t)
	p := simulate.LossParams{Tau: 0.5}
	for _, c := range []struct {
		steps, checks int
		want          string
	}{
		{5, 2, "[0 2 4 5]"},          // every 2
		{4, 2, "[0 2 4]"},            // the last step is a multiple
		{3, 10, "[0 1 2 3]"},         // more checks than steps: every step
		{7, 3, "[0 2 4 6 7]"},        // every ⌊7/3⌋ = 2
		{1, 1, "[0 1]"},              // one step
		{6, 1, "[0 6]"},              // start and end only
		{9, 4, "[0 2 4 6 8 9]"},      // every ⌊9/4⌋ = 2
		{10, 3, "[0 3 6 9 10]"},      // every 3
		{12, 4, "[0 3 6 9 12]"},      // every 3, end a multiple
		{2, 2, "[0 1 2]"},            // every step
		{11, 5, "[0 2 4 6 8 10 11]"}, // every 2
	} {
		var at []int
		_, err := nb.train(context.Background(), w, p, loss.InfoNCE, 4, c.steps, c.checks, "t", func(step int, _ *smnist.Trainer) error {
			at = append(at, step)
			return nil
		})
		if err != nil || fmt.Sprint(at) != c.want {
			t.Errorf("steps %d, checks %d: called at %v, %v; want %s", c.steps, c.checks, at, err, c.want)
		}
	}
	// No callback: training runs and returns the trainer.
	if tr, err := nb.train(context.Background(), w, p, loss.InfoNCE, 4, 2, 1, "t", nil); err != nil || tr == nil {
		t.Errorf("train without a callback: %v, %v", tr, err)
	}
	// A stop during the callback at step 2 ends training before step 3.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := nb.train(ctx, w, p, loss.InfoNCE, 4, 5, 5, "t", func(step int, _ *smnist.Trainer) error {
		if step == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped at step 2 of 5") {
		t.Errorf("stopped at step 2: error %v", err)
	}
	// A callback's error ends training with that error.
	boom := errors.New("boom")
	if _, err := nb.train(context.Background(), w, p, loss.InfoNCE, 4, 5, 5, "t", func(step int, _ *smnist.Trainer) error {
		if step == 1 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) {
		t.Errorf("callback error at step 1: %v", err)
	}
	// An Adam step of 1e300 sends the weights to ±Inf: the loss is NaN at step 1… or
	// the first step after the weights overflow.
	nb.o.lr = 1e300
	_, err = nb.train(context.Background(), w, p, loss.InfoNCE, 4, 50, 1, "huge lr", nil)
	if err == nil || !strings.Contains(err.Error(), "huge lr: loss is NaN at step ") {
		t.Errorf("lr 1e300: error %v, want a NaN loss named with its step", err)
	}
}

// TestStudySelection: each study alone and any subset is accepted and selected; the
// first and the last study name are checked alike.
func TestStudySelection(t *testing.T) {
	for _, c := range []struct{ studies, has string }{{"a", "a"}, {"b", "b"}, {"c", "c"}, {"c,a", "ac"}, {"b,c", "bc"}} {
		o, err := parseFlags([]string{"-studies", c.studies}, io.Discard)
		if err != nil {
			t.Errorf("-studies %s: %v", c.studies, err)
			continue
		}
		for _, s := range []string{"a", "b", "c"} {
			if o.has(s) != strings.Contains(c.has, s) {
				t.Errorf("-studies %s: has(%s) = %v", c.studies, s, o.has(s))
			}
		}
	}
	for _, bad := range []string{"d", "a,", "a,b,c,x", "ab"} {
		if _, err := parseFlags([]string{"-studies", bad}, io.Discard); err == nil || !strings.Contains(err.Error(), "unknown study") {
			t.Errorf("-studies %q: %v, want an unknown study", bad, err)
		}
	}
}

// TestCountFlagBounds: every count flag accepts its least value and refuses one less,
// naming the flag and the bound; -lr and -tau accept any positive value. The default
// -workers is 0 (all cores, as the usage says) and the default -optimum-restarts 1.
func TestCountFlagBounds(t *testing.T) {
	for _, c := range []struct {
		flag string
		min  int
	}{
		{"-per-class", 2}, {"-sweep-per-class", 2}, {"-views", 1}, {"-bootstrap", 2}, {"-steps", 1},
		{"-sweep-steps", 1}, {"-batch", 2}, {"-sweep-batch", 2}, {"-checkpoints", 1}, {"-optimum-restarts", 1},
	} {
		if _, err := parseFlags([]string{c.flag, fmt.Sprint(c.min)}, io.Discard); err != nil {
			t.Errorf("%s %d refused: %v", c.flag, c.min, err)
		}
		want := fmt.Sprintf("%s = %d: need ≥ %d", c.flag, c.min-1, c.min)
		if _, err := parseFlags([]string{c.flag, fmt.Sprint(c.min - 1)}, io.Discard); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s %d: error %v, want %q", c.flag, c.min-1, err, want)
		}
	}
	for _, f := range []string{"-lr", "-tau"} {
		if _, err := parseFlags([]string{f, "1e-300"}, io.Discard); err != nil {
			t.Errorf("%s 1e-300 refused: %v", f, err)
		}
	}
	o, err := parseFlags(nil, io.Discard)
	if err != nil || o.workers != 0 || o.optRestarts != 1 {
		t.Errorf("defaults: %+v, %v; want workers 0, optimum-restarts 1", o, err)
	}
}

// TestGridsMatchCommittedResults: the committed summary (results/summary.md, whose
// numbers the README quotes) was made with the study grids of the code: study a's
// (rotation, noise) settings and study b's (α, β) in order.
func TestGridsMatchCommittedResults(t *testing.T) {
	b, err := os.ReadFile("results/summary.md")
	if err != nil {
		t.Fatal(err)
	}
	var gotA, gotB []string
	for _, r := range tableRows(string(b), "| ") {
		switch {
		case len(r) == 11 && r[6] == "level-2 optimum":
			gotA = append(gotA, r[0]+","+r[1])
		case len(r) == 10 && r[0] != "α" && r[0] != "---":
			gotB = append(gotB, r[0]+","+r[1])
		}
	}
	var wantA, wantB []string
	for _, s := range strengths {
		wantA = append(wantA, fmt.Sprintf("%g,%g", s.rot, s.noise))
	}
	for _, g := range scGrid {
		wantB = append(wantB, fmt.Sprintf("%g,%g", g.alpha, g.beta))
	}
	if !slices.Equal(gotA, wantA) || !slices.Equal(gotB, wantB) {
		t.Errorf("committed grids a %v, b %v; the code's a %v, b %v", gotA, gotB, wantA, wantB)
	}
}

// TestFramePalette: the frames are the Okabe–Ito colour-blind-safe palette's blue
// #0072B2 (back to the source), bluish green #009E73 (same digit) and vermillion
// #D55E00 (another digit), as the views caption names them.
func TestFramePalette(t *testing.T) {
	for _, c := range []struct {
		got, want color.RGBA
	}{
		{frameSelf, color.RGBA{0x00, 0x72, 0xB2, 0xff}},
		{frameSame, color.RGBA{0x00, 0x9E, 0x73, 0xff}},
		{frameOther, color.RGBA{0xD5, 0x5E, 0x00, 0xff}},
	} {
		if c.got != c.want {
			t.Errorf("frame %v, want %v", c.got, c.want)
		}
	}
}

// handRecord is a record of every study with finite values, as a run would leave it.
func handRecord() record {
	ts := tpmStats{diag: 0.5, same: 0.7, mi: 1.1, diagSE: 0.01, sameSE: 0.02, miSE: 0.03}
	c := clustering{nn1: 0.8, probe: 0.75, within: 0.4, between: -0.05}
	r := record{strengthPixels: clustering{nn1: 0.85, probe: 0.8}, optGap: 0.6, optCor: 0.7, optC: c, pixC: c, classM: 20,
		views: image.NewRGBA(image.Rect(0, 0, 4, 3))}
	for k, s := range strengths {
		r.strength = append(r.strength, strengthRow{rot: s.rot, noise: s.noise, ts: ts, predicted: c, learned: clustering{nn1: 0.9 - 0.01*float64(k), probe: 0.85}})
	}
	for _, g := range scGrid {
		r.sc = append(r.sc, scRow{alpha: g.alpha, beta: g.beta, collapse: g.beta <= -1, start: 0.6, end: 0.3, nn1: 0.8, probe: 0.7})
	}
	for _, s := range []int{0, 5, 10} {
		r.traj = append(r.traj, trajRow{step: s, t1Median: 0.8 - 0.01*float64(s), corr: 0.5, optMd: 0.4, nn1: 0.85, probe: 0.8})
	}
	tpm, err := markovIdentity(fmnist.Classes)
	if err != nil {
		panic(err)
	}
	r.classTPM = tpm
	return r
}

// TestWriteFiguresFromRecord: from a record of every study with finite numbers all
// five figures are drawn, written as PNGs and listed in order; a figure file that
// cannot be written is an error naming it.
func TestWriteFiguresFromRecord(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f, err := runio.CreateFolder(dir, runfolder.Options{Notebook: "mnist"})
	if err != nil {
		t.Fatal(err)
	}
	nb := &notebook{o: o, out: &strings.Builder{}, stderr: io.Discard, rec: handRecord()}
	if err := nb.writeFigures(f); err != nil {
		t.Fatal(err)
	}
	sum := nb.out.String()
	var listed []string
	for _, line := range strings.Split(sum, "\n") {
		if strings.HasPrefix(line, "- `") {
			listed = append(listed, line[3:strings.Index(line, ".png")])
		}
	}
	if got := strings.Join(listed, " "); got != "views strength sc class_tpm training" || strings.Contains(sum, "left out") || !strings.HasPrefix(sum, "## Figures\n\n") {
		t.Errorf("figures listed: %q\n%s", got, sum)
	}
	for _, name := range listed {
		fh, err := os.Open(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Error(err)
			continue
		}
		if _, err := png.Decode(fh); err != nil {
			t.Errorf("%s.png: %v", name, err)
		}
		fh.Close()
	}

	// A record of study c's training with a single checkpoint still draws its figure.
	one := handRecord()
	one.strength, one.sc, one.views, one.classTPM, one.traj = nil, nil, nil, nil, one.traj[:1]
	nb = &notebook{o: o, out: &strings.Builder{}, stderr: io.Discard, rec: one}
	f2, err := runio.CreateFolder(t.TempDir(), runfolder.Options{Notebook: "mnist"})
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.writeFigures(f2); err != nil || !strings.Contains(nb.out.String(), "- `training.png`: ") {
		t.Errorf("one checkpoint: %v\n%s", err, nb.out.String())
	}

	// Each figure file in turn replaced by a user's folder: the write fails, named.
	for _, name := range []string{"views", "strength", "sc", "class_tpm", "training"} {
		dir := t.TempDir()
		runiotest.Block(t, filepath.Join(dir, name+".png"))
		f, err := runio.CreateFolder(dir, runfolder.Options{Notebook: "mnist", Force: true})
		if err != nil {
			t.Fatal(err)
		}
		// Only the study of that figure is recorded: the others are not drawn.
		r, full := record{}, handRecord()
		switch name {
		case "views":
			r.views = full.views
		case "strength":
			r.strength, r.strengthPixels = full.strength, full.strengthPixels
		case "sc":
			r.sc = full.sc
		case "class_tpm":
			r.classTPM, r.classM = full.classTPM, full.classM
		case "training":
			r.traj, r.optGap, r.optCor, r.optC, r.pixC, r.classM = full.traj, full.optGap, full.optCor, full.optC, full.pixC, full.classM
		}
		nb := &notebook{o: o, out: &strings.Builder{}, stderr: io.Discard, rec: r}
		if err := nb.writeFigures(f); err == nil || !strings.Contains(err.Error(), name+".png") {
			t.Errorf("%s.png unwritable: error %v", name, err)
		}
	}
}

// TestFigureRefusesNaN: a NaN among the plotted numbers of each line figure (a mean
// cosine, a TPM mass, a gap) is an error, not a figure.
func TestFigureRefusesNaN(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(r *record) (*plots.Figure, error){
		"sc end": func(r *record) (*plots.Figure, error) {
			r.sc[2].end = math.NaN()
			return (&notebook{o: o, rec: *r}).scFigure()
		},
		"strength diag": func(r *record) (*plots.Figure, error) {
			r.strength[1].ts.diag = math.NaN()
			return (&notebook{o: o, rec: *r}).strengthFigure()
		},
		"strength learned probe": func(r *record) (*plots.Figure, error) {
			r.strength[1].learned.probe = math.NaN()
			return (&notebook{o: o, rec: *r}).strengthFigure()
		},
		"training gap": func(r *record) (*plots.Figure, error) {
			r.traj[1].t1Median = math.NaN()
			return (&notebook{o: o, rec: *r}).trainingFigure()
		},
		"training corr": func(r *record) (*plots.Figure, error) {
			r.traj[1].corr = math.NaN()
			return (&notebook{o: o, rec: *r}).trainingFigure()
		},
		"training probe": func(r *record) (*plots.Figure, error) {
			r.traj[1].probe = math.NaN()
			return (&notebook{o: o, rec: *r}).trainingFigure()
		},
	} {
		r := handRecord()
		if f, err := spoil(&r); err == nil || f != nil {
			t.Errorf("%s NaN: figure %v, error %v; want an error", name, f, err)
		}
	}
}

// markovIdentity is the k×k identity TPM.
func markovIdentity(k int) (*markov.TPM, error) {
	rows := make([][]float64, k)
	for i := range rows {
		rows[i] = make([]float64, k)
		rows[i][i] = 1
	}
	return markov.New(rows)
}

// figureTexts builds a figure and draws it on a recording canvas and returns its texts in drawing order,
// joined by "|".
func figureTexts(t *testing.T, build func() (*plots.Figure, error)) string {
	t.Helper()
	f, err := build()
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Size()
	c := &recorder.Canvas{}
	f.Draw(draw.NewCanvas(c, w, h))
	var texts []string
	for _, a := range c.Actions {
		if s, ok := a.(*recorder.FillString); ok {
			texts = append(texts, s.String)
		}
	}
	return strings.Join(texts, "|")
}

// TestFigureAxes: every panel's axes span the ranges of its quantity, read from the
// tick labels drawn just before the panel's title: gaps and correlations [0, 1],
// accuracies [0.6, 1] (training) or [0.5, 1] (strength) or [0, 1] (probe over α − β),
// mean cosines [−0.1, 1.1] (ticks 0, 0.5, 1), TPM masses and nats [0, 1.2]; α − β over
// [0, 2.5]; the training steps of the record 0…10.
func TestFigureAxes(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	nb := &notebook{o: o, rec: handRecord()}
	unit := "0.0|0.2|0.4|0.6|0.8|1.0|"
	steps := "training step|0|2|4|6|8|10|"
	alphaBeta := "0.0|0.5|1.0|1.5|2.0|2.5|"
	for _, c := range []struct {
		name  string
		texts string
		want  []string
	}{
		{"training", figureTexts(t, nb.trainingFigure), []string{
			steps + "median |P/T − 1||" + unit + "median relative gap of P|",
			steps + "corr(log P, log ρ) over c1 > 0|" + unit + "P follows ρ|",
			steps + "accuracy over the states|0.6|0.7|0.8|0.9|1.0|class clustering|",
		}},
		{"sc", figureTexts(t, nb.scFigure), []string{
			"α − β (R1: drift up where > 1)|" + alphaBeta + "mean cos(f(x_i), f(x_j)), i ≠ j|0.0|0.5|1.0|mean cosine between states after training|",
			"α − β|" + alphaBeta + "linear-probe accuracy|" + unit + "class structure after training|",
		}},
		{"strength", figureTexts(t, nb.strengthFigure), []string{
			"mass, or nats|" + unit + "1.2|the measured TPM|",
			"accuracy over the states|0.5|0.6|0.7|0.8|0.9|1.0|class clustering of the states|",
		}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.texts, w) {
				t.Errorf("%s figure lacks the axis %q:\n%s", c.name, w, c.texts)
			}
		}
	}
}

// TestBootstrapWithDroppedReplicates: at rotation ±10° and noise 0.05 on the fixture
// (R = 30 views, 8 replicates) some bootstrap replicates leave a state unreached and
// are dropped, others are kept. Each of tpmStats' standard errors equals the
// bootstrap SE of that statistic alone (same seed, same dropped replicates), the
// dropped count is reported, and pairErrors reports kept + dropped = 8 replicates.
func TestBootstrapWithDroppedReplicates(t *testing.T) {
	nb, w := fixtureNotebook(t, "-bootstrap", "8", "-views", "30", "-rotation", "10", "-noise", "0.05")
	labels := w.st.Labels()
	alone := func(f func(b *smnist.Estimate, sp *feature.Space) float64) *smnist.BootstrapResult {
		res, err := w.est.Bootstrap(8, nb.o.seed+1, func(b *smnist.Estimate) ([]float64, error) {
			sp, err := b.Space(labels)
			if err != nil {
				return nil, err
			}
			return []float64{f(b, sp)}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	diag := alone(func(b *smnist.Estimate, _ *feature.Space) float64 { return b.DiagonalMass() })
	same := alone(func(b *smnist.Estimate, _ *feature.Space) float64 { return b.SameClassMass(w.st.Digit) })
	mi := alone(func(_ *smnist.Estimate, sp *feature.Space) float64 { return sp.MutualInformation() })
	if diag.Failed == 0 || diag.Replicates < 2 {
		t.Fatalf("the setting keeps %d and drops %d replicates; the test needs both ≥ 1 (and 2 kept for an SE)", diag.Replicates, diag.Failed)
	}
	ts, err := nb.tpmStats(w)
	if err != nil {
		t.Fatal(err)
	}
	if ts.diagSE != diag.StdErr[0] || ts.sameSE != same.StdErr[0] || ts.miSE != mi.StdErr[0] || ts.failed != diag.Failed {
		t.Errorf("tpmStats SEs (%v, %v, %v), %d dropped; alone (%v, %v, %v), %d dropped",
			ts.diagSE, ts.sameSE, ts.miSE, ts.failed, diag.StdErr[0], same.StdErr[0], mi.StdErr[0], diag.Failed)
	}
	nb.pairErrors(w, 4)
	var kept, dropped int
	if _, err := fmt.Sscanf(nb.out.String()[strings.Index(nb.out.String(), "(bootstrap, "):], "(bootstrap, %d replicates, %d dropped)", &kept, &dropped); err != nil || kept+dropped != 8 || kept < 1 || dropped < 1 {
		t.Errorf("pairErrors printed %q (%v): want kept + dropped = 8, both ≥ 1", nb.out.String(), err)
	}
}

// TestNaNStandardErrorDrawsNoBand: a TPM statistic without a standard error (every
// bootstrap replicate dropped: SE NaN) is drawn without a band, so the strength figure
// is the one drawn with SE 0, byte for byte.
func TestNaNStandardErrorDrawsNoBand(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	encode := func(se float64) []byte {
		r := handRecord()
		for k := range r.strength {
			r.strength[k].ts.diagSE, r.strength[k].ts.sameSE, r.strength[k].ts.miSE = se, se, se
		}
		f, err := (&notebook{o: o, rec: r}).strengthFigure()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		folder, err := runfolder.Create(dir, runfolder.Options{Notebook: "mnist"})
		if err != nil {
			t.Fatal(err)
		}
		if err := studyplots.Write(folder, "strength", f, []string{"png"}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "strength.png"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(encode(math.NaN()), encode(0)) {
		t.Error("the strength figure with NaN standard errors differs from the one with SE 0")
	}
}

// sabotage is a stdout that, when the summary is printed (after the last file is
// written, before the run folder is closed), puts a folder where manifest.json goes.
type sabotage struct {
	t   *testing.T
	dir string
}

func (s sabotage) Write(p []byte) (int, error) {
	path := filepath.Join(s.dir, runfolder.ManifestFile)
	if _, err := os.Stat(path); err != nil {
		s.t.Error(err) // the run has written its manifest by the time it prints the summary
	}
	runiotest.Block(s.t, path)
	return len(p), nil
}

// TestManifestWriteFailure: a run whose final manifest cannot be written fails with
// that error, though every study finished.
func TestManifestWriteFailure(t *testing.T) {
	out := t.TempDir()
	args := append(append(append([]string{"-data", writeFixture(t, 3), "-out", out}, tiny...), identityAug...), "-studies", "c")
	err := run(args, sabotage{t, out}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), runfolder.ManifestFile) {
		t.Errorf("error %v, want the failed write of %s", err, runfolder.ManifestFile)
	}
}
