package main

// Tests for the survivors of mutation testing of this package (issue 17): each pins a
// behaviour that no other test of the package pinned, with values worked out by hand.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// TestAlphaBetaFiguresPlacement: alphaBetaFigures makes one figure per (SC loss, N, τ)
// in the grid's order, skips losses without α and β, and puts each summary's gap at the
// (α, β) entry of its own figure only. The grid and the gaps are chosen by hand: every
// gap is a distinct power of ten, so its log10 is an exact integer that names the point.
func TestAlphaBetaFiguresPlacement(t *testing.T) {
	g := grid.Grid{
		N:     []int{16, 64},
		Tau:   []float64{0.5, 1},
		Loss:  []string{loss.InfoNCE, loss.SCInfoNCE, loss.SCInfoNCEDecoupled},
		Alpha: []float64{1, 2},
		Beta:  []float64{-0.5, 0},
		Seeds: 3,
	}
	// exponent gives each (loss, N, τ, α, β) its own integer e (gap 10^e): the figures'
	// entries are then log10(10^e) = e up to rounding, and distinct points differ by ≥ 1.
	lossCode := map[string]int{loss.InfoNCE: 0, loss.SCInfoNCE: 1, loss.SCInfoNCEDecoupled: 2}
	exponent := func(l string, n int, tau, a, b float64) int {
		e := lossCode[l]*16 + map[int]int{16: 0, 64: 8}[n] + map[float64]int{0.5: 0, 1: 4}[tau]
		e += map[float64]int{1: 0, 2: 2}[a] + map[float64]int{-0.5: 0, 0: 1}[b]
		return e - 20 // gaps from 1e-20 to 1e27, a distinct power of ten each
	}
	var sums []grid.Summary
	for _, l := range g.Loss {
		for _, n := range g.N {
			for _, tau := range g.Tau {
				for _, a := range g.Alpha {
					for _, b := range g.Beta {
						e := exponent(l, n, tau, a, b)
						sums = append(sums, grid.Summary{
							Point:  grid.Point{Loss: l, N: n, Tau: tau, Alpha: a, Beta: b},
							Seeds:  2 + lossCode[l], // the seeds shown in a figure are its loss's
							GapMax: math.Pow(10, float64(e)),
						})
					}
				}
			}
		}
	}
	figs := alphaBetaFigures(g, sums)
	// 2 SC losses × 2 N × 2 τ; InfoNCE takes no α, β and has no figure.
	if len(figs) != 8 {
		t.Fatalf("alphaBetaFigures made %d figures, want 8 (2 SC losses × 2 N × 2 τ)", len(figs))
	}
	// The figures in the grid's order (loss, then N, then τ), names written out by hand.
	want := []struct {
		name string
		loss string
		n    int
		tau  float64
	}{
		{"gap_alpha_beta_scinfonce_N16_tau0.5", loss.SCInfoNCE, 16, 0.5},
		{"gap_alpha_beta_scinfonce_N16_tau1", loss.SCInfoNCE, 16, 1},
		{"gap_alpha_beta_scinfonce_N64_tau0.5", loss.SCInfoNCE, 64, 0.5},
		{"gap_alpha_beta_scinfonce_N64_tau1", loss.SCInfoNCE, 64, 1},
		{"gap_alpha_beta_scinfonce-decoupled_N16_tau0.5", loss.SCInfoNCEDecoupled, 16, 0.5},
		{"gap_alpha_beta_scinfonce-decoupled_N16_tau1", loss.SCInfoNCEDecoupled, 16, 1},
		{"gap_alpha_beta_scinfonce-decoupled_N64_tau0.5", loss.SCInfoNCEDecoupled, 64, 0.5},
		{"gap_alpha_beta_scinfonce-decoupled_N64_tau1", loss.SCInfoNCEDecoupled, 64, 1},
	}
	for k, w := range want {
		f := figs[k]
		if f.name != w.name || f.loss != w.loss || f.n != w.n || f.tau != w.tau {
			t.Errorf("figure %d: name %q loss %q N %d τ %g, want %q %q %d %g", k, f.name, f.loss, f.n, f.tau, w.name, w.loss, w.n, w.tau)
		}
		if f.seeds != 2+lossCode[w.loss] {
			t.Errorf("%s: seeds %d, want %d", w.name, f.seeds, 2+lossCode[w.loss])
		}
		if r, c := f.gap.Dims(); r != 2 || c != 2 {
			t.Fatalf("%s: gap matrix %d×%d, want 2×2 (α rows × β columns)", w.name, r, c)
		}
		for i, a := range g.Alpha {
			for j, b := range g.Beta {
				// tolerance 1e-12: math.Pow(10, e) is within a few ulp of 10^e and Log10 adds
				// a few ulp more, an error ~1e-14 for |e| ≤ 27; the nearest other point is 1 away.
				if got, want := f.gap.At(i, j), float64(exponent(w.loss, w.n, w.tau, a, b)); !(math.Abs(got-want) <= 1e-12) {
					t.Errorf("%s: gap[α=%g][β=%g] = %v, want %v", w.name, a, b, got, want)
				}
			}
		}
	}
}

// TestAlphaBetaFiguresNeedTwoByTwo: a grid with a single α or a single β value has no
// (α, β) plane to draw; two of each is the smallest plane.
func TestAlphaBetaFiguresNeedTwoByTwo(t *testing.T) {
	base := grid.Grid{N: []int{16}, Tau: []float64{1}, Loss: []string{loss.SCInfoNCE}, Seeds: 1}
	for _, tc := range []struct {
		alpha, beta []float64
		want        int
	}{
		{[]float64{1}, []float64{0, 0.5}, 0},
		{[]float64{1, 2}, []float64{0}, 0},
		{[]float64{1}, []float64{0}, 0},
		{[]float64{1, 2}, []float64{0, 0.5}, 1},
	} {
		g := base
		g.Alpha, g.Beta = tc.alpha, tc.beta
		if got := len(alphaBetaFigures(g, nil)); got != tc.want {
			t.Errorf("α %v, β %v: %d figures, want %d", tc.alpha, tc.beta, got, tc.want)
		}
	}
}

// TestSummaryArgumentCount: summary takes exactly one directory, and says how many it got.
func TestSummaryArgumentCount(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"summary"}, "summary: want one sweep directory, got 0 arguments"},
		{[]string{"summary", dir, dir}, "summary: want one sweep directory, got 2 arguments"},
		{[]string{"summary", "-nosuchflag", dir}, "flag provided but not defined: -nosuchflag"},
	} {
		if err := sweepErr(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("sweep %s: error %v, want one containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
}

// TestStepsAndOutRefused: -steps 0 (which runfolder.ParseFlags lets through as a count
// ≥ 0) and an empty -out are refused by name; -steps 1, the smallest count, is taken.
func TestStepsAndOutRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-steps", "0", "-out", out}, "-steps 0: need ≥ 1"},
		{[]string{"-out", ""}, `-out "": need a directory`},
	} {
		if err := sweepErr(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("sweep %s: error %v, want one containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused command created %s (%v)", out, err)
	}
	// -list runs nothing: -steps 1 passes the check and the sweep is listed.
	list := sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-steps", "1", "-list", "-out", out)
	if !strings.Contains(list, ": 20 cells, shard 0/1: 20") {
		t.Errorf("-steps 1 -list printed:\n%s\nwant the 20 cells of testdata/tiny-grid.json", list)
	}
}

// TestRunReportLines: the report of a shard run counts its cells. testdata/tiny-grid.json
// has (2 N × 1 point of infonce + 2 N × 4 (α, β) of scinfonce) × 2 seeds = 20 cells;
// shard i/2 takes the cells k ≡ i mod 2, 10 each. Run into one folder: shard 0 trains
// its 10 (10 of the sweep's cells absent), again skips all 10, then shard 1 completes it.
func TestRunReportLines(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	g := []string{"-grid", "testdata/tiny-grid.json", "-out", out}
	id := ""
	for _, tc := range []struct {
		shard string
		want  []string // the report's lines after "sweep ID: "
	}{
		{"0/2", []string{"20 cells; shard 0/2: 10 cells, 0 already done, 10 ran (0 failed), 0 left",
			"wrote " + filepath.Join(out, "results.csv") + " (10 rows; 10 cells of the sweep not in " + out + ")"}},
		{"0/2", []string{"20 cells; shard 0/2: 10 cells, 10 already done, 0 ran (0 failed), 0 left",
			"wrote " + filepath.Join(out, "results.csv") + " (10 rows; 10 cells of the sweep not in " + out + ")"}},
		{"1/2", []string{"20 cells; shard 1/2: 10 cells, 0 already done, 10 ran (0 failed), 0 left",
			"wrote " + filepath.Join(out, "results.csv") + " (20 rows; 0 cells of the sweep not in " + out + ")"}},
	} {
		report := sweepCmd(t, append(g, "-shard", tc.shard)...)
		if id == "" {
			id = sweepID(t, out)
		}
		want := "sweep " + id + ": " + strings.Join(tc.want, "\n") + "\n"
		if report != want {
			t.Errorf("shard %s reported:\n%s\nwant:\n%s", tc.shard, report, want)
		}
	}
}

// TestMergeErrorAfterClaim: an error of the merge after the output folder was claimed
// (here a shard-0 cell's path in the output is a directory, so reading it fails) is the
// command's error, and the output's manifest records it.
func TestMergeErrorAfterClaim(t *testing.T) {
	root := t.TempDir()
	a, out := filepath.Join(root, "a"), filepath.Join(root, "out")
	g := []string{"-grid", "testdata/tiny-grid.json"}
	sweepCmd(t, append(g, "-shard", "0/2", "-out", a)...)
	sweepCmd(t, append(g, "-shard", "1/2", "-out", out)...)
	cells := cellFiles(t, a, 10)
	blocked := filepath.Join(out, "cells", filepath.Base(cells[0]))
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	// -allow-partial: a holds only shard 0's cells.
	err := sweepErr("merge", "-allow-partial", "-out", out, a)
	if err == nil || !strings.Contains(err.Error(), "grid: merge:") {
		t.Fatalf("merge into an output whose cell %s is a directory: error %v, want a grid: merge: error", blocked, err)
	}
	if m := manifest(t, out); !strings.Contains(m.Error, "grid: merge:") {
		t.Errorf("the output's manifest records error %q, want the merge's (%v)", m.Error, err)
	}
}

// TestSummaryFigures: summary of a finished scenario sweep over a 2 × 2 (α, β) plane
// draws one PNG per (SC loss, N, τ) — for testdata/tiny-grid.json N = 16 and 64 — and
// says so; -nofig draws none, nor does a sweep with missing cells; a figure that cannot
// be written (its path is a directory) is an error.
func TestSummaryFigures(t *testing.T) {
	root := t.TempDir()
	full, half := filepath.Join(root, "full"), filepath.Join(root, "half")
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-out", full)
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-shard", "0/2", "-out", half)
	pngs := func(dir string) []string {
		m, err := filepath.Glob(filepath.Join(dir, "*.png"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, tc := range []struct {
		args []string
		dir  string
	}{{[]string{"summary", "-nofig", full}, full}, {[]string{"summary", half}, half}} {
		if sum := sweepCmd(t, tc.args...); strings.Contains(sum, "wrote") || len(pngs(tc.dir)) != 0 {
			t.Errorf("sweep %s drew figures %v:\n%s", strings.Join(tc.args, " "), pngs(tc.dir), sum)
		}
	}
	if sum := sweepCmd(t, "summary", "-nofig", half); !strings.HasPrefix(sum, "sweep "+sweepID(t, half)+": 10 of 20 cells finished\n") {
		t.Errorf("summary of shard 0/2 of 20 cells printed:\n%s\nwant 10 of 20 cells finished", sum)
	}
	sum := sweepCmd(t, "summary", full)
	for _, n := range []string{"16", "64"} {
		png := filepath.Join(full, "gap_alpha_beta_scinfonce_N"+n+"_tau1.png")
		if !strings.Contains(sum, "\nwrote "+png+"\n") {
			t.Errorf("summary does not say it wrote %s:\n%s", png, sum)
		}
	}
	if got := pngs(full); len(got) != 2 {
		t.Errorf("summary drew %v, want the 2 figures of N = 16 and 64", got)
	}
	blocked := filepath.Join(full, "gap_alpha_beta_scinfonce_N16_tau1.png")
	if err := os.Remove(blocked); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := sweepErr("summary", full); err == nil || !strings.Contains(err.Error(), blocked) {
		t.Errorf("summary with a directory at %s: error %v, want one naming it", blocked, err)
	}
	// One cell missing is enough to draw no figure: the path is free again, but the
	// figures are not drawn.
	if err := os.RemoveAll(blocked); err != nil {
		t.Fatal(err)
	}
	cells := cellFiles(t, full, 20)
	if err := os.Remove(cells[0]); err != nil {
		t.Fatal(err)
	}
	if sum := sweepCmd(t, "summary", full); strings.Contains(sum, "wrote") || slices.Contains(pngs(full), blocked) {
		t.Errorf("summary of 19 of 20 cells drew figures %v:\n%s", pngs(full), sum)
	}
}

// TestAlphaBetaFigureDraw: a figure with a NaN gap (every seed of the point failed) is
// an error of plots.Heatmap; with finite gaps it is drawn.
func TestAlphaBetaFigureDraw(t *testing.T) {
	f := alphaBetaFigure{
		name: "f", loss: loss.SCInfoNCE, n: 16, tau: 1, alphas: []float64{1, 2}, betas: []float64{-0.5, 0},
		gap: mat.NewDense(2, 2, []float64{-1, -2, -3, -4}), seeds: 2,
	}
	if fig, err := f.draw(); err != nil || fig == nil {
		t.Fatalf("draw of finite gaps: figure %v, error %v", fig, err)
	}
	f.gap = mat.NewDense(2, 2, []float64{-1, math.NaN(), -3, -4})
	var ve *plots.ValueError
	if _, err := f.draw(); !errors.As(err, &ve) || ve.Row != 0 || ve.Col != 1 {
		t.Errorf("draw of a NaN gap at (α = 1, β = 0): error %v, want a *plots.ValueError at entry (0, 1)", err)
	}
}

// TestAlphaBetaFigureLabels: the axes and the subtitle name α, β and τ by their shortest
// exact decimal (strconv 'g', precision −1): figures that differ only in α = 1.5 against
// α = 2, or only in τ = 1.5 against τ = 2, are different images (at one significant
// digit both would read "2"), while one figure encoded twice is the same image.
func TestAlphaBetaFigureLabels(t *testing.T) {
	png := func(alphas []float64, tau float64) []byte {
		t.Helper()
		f := alphaBetaFigure{
			name: "f", loss: loss.SCInfoNCE, n: 16, tau: tau, alphas: alphas, betas: []float64{-0.5, 0},
			gap: mat.NewDense(2, 2, []float64{-1, -2, -3, -4}), seeds: 2,
		}
		fig, err := f.draw()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := plots.Encode(&buf, fig, "png", 0); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	ref := png([]float64{1, 1.5}, 1.5)
	if !bytes.Equal(ref, png([]float64{1, 1.5}, 1.5)) {
		t.Fatal("one figure encoded twice gives two images: the comparisons below would prove nothing")
	}
	if bytes.Equal(ref, png([]float64{1, 2}, 1.5)) {
		t.Error("the figures of α = (1, 1.5) and α = (1, 2) are the same image")
	}
	if bytes.Equal(ref, png([]float64{1, 1.5}, 2)) {
		t.Error("the figures of τ = 1.5 and τ = 2 are the same image")
	}
}

// TestMergeOneCellMissing: merging with -allow-partial a sweep that lacks exactly one of
// its 20 cells writes results.incomplete.csv, reports 19 of 20 cells, and the output's
// manifest records the one missing cell.
func TestMergeOneCellMissing(t *testing.T) {
	root := t.TempDir()
	a, out := filepath.Join(root, "a"), filepath.Join(root, "out")
	sweepCmd(t, "-grid", "testdata/tiny-grid.json", "-out", a)
	cells := cellFiles(t, a, 20)
	if err := os.Remove(cells[0]); err != nil {
		t.Fatal(err)
	}
	report := sweepCmd(t, "merge", "-allow-partial", "-out", out, a)
	want := "merged sweep " + sweepID(t, a) + ": 19 of 20 cells from 1 directories (19 copied) into " + filepath.Join(out, "results.incomplete.csv") + "\n"
	if report != want {
		t.Errorf("merge reported:\n%s\nwant:\n%s", report, want)
	}
	if m := manifest(t, out); m.Complete || m.Error != "merge: 1 of 20 cells missing" {
		t.Errorf("the output's manifest: complete %v, error %q; want incomplete with error %q", m.Complete, m.Error, "merge: 1 of 20 cells missing")
	}
	if _, err := os.Stat(filepath.Join(out, "results.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a partial merge wrote results.csv (%v)", err)
	}
}

// TestSummaryFailedPointRefused: a point of the (α, β) plane whose every seed failed has
// no gap (NaN), and summary's figure refuses it: the error is plots.Heatmap's
// *plots.ValueError at that entry (α = 2 is row 1 of α = 1, 2; β = 0 column 0 of β = 0, 1).
// The failure is written into the cell file as training would record it (Result.Error).
func TestSummaryFailedPointRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	sweepCmd(t, "-scenario", "testdata/tiny.json", "-loss", "scinfonce", "-N", "16", "-alpha", "1,2", "-beta", "0,1",
		"-seeds", "1", "-steps", "1", "-out", out)
	cells := cellFiles(t, out, 4)
	failed := 0
	for _, path := range cells {
		b := read(t, path)
		if !bytes.Contains(b, []byte(`"key": "loss=scinfonce N=16 tau=1 alpha=2 beta=0 seed=0"`)) {
			continue
		}
		b = bytes.Replace(b, []byte("{\n"), []byte("{\n  \"error\": \"simulate: loss NaN at step 1\",\n"), 1)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		failed++
	}
	if failed != 1 {
		t.Fatalf("found %d cell files of α = 2, β = 0, want 1", failed)
	}
	var ve *plots.ValueError
	if err := sweepErr("summary", out); !errors.As(err, &ve) || ve.Row != 1 || ve.Col != 0 || !math.IsNaN(ve.Value) {
		t.Errorf("summary with every seed of (α = 2, β = 0) failed: error %v, want a *plots.ValueError of NaN at entry (1, 0)", err)
	}
}

// TestNoArgumentsRunsDefault: the command without arguments is `sweep run` with every
// default: the embedded toy into notebooks/sweep/out/default (relative to the working
// directory, here a temporary one). A cancelled context stops it before any cell ran.
func TestNoArgumentsRunsDefault(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, nil, &stdout, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("sweep with no arguments and a cancelled context: error %v, want context.Canceled", err)
	}
	if m := manifest(t, filepath.Join("notebooks", "sweep", "out", "default")); m.Notebook != "sweep" || m.Complete {
		t.Errorf("the default output's manifest: notebook %q, complete %v; want an incomplete sweep", m.Notebook, m.Complete)
	}
	if !strings.Contains(stdout.String(), "interrupted: finished cells are kept") {
		t.Errorf("report:\n%s\nwant the interrupted line", stdout.String())
	}
}

// TestHelpCountDefaults: -seeds and -steps default to the scenario's own values, so the
// help shows their description only, without a numeric "(default N)" (the flag package
// prints one for any non-zero default).
func TestHelpCountDefaults(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &stdout, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("sweep -h: error %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{
		"  -seeds int\n    \tseeds per grid point (default: the scenario's replicates)\n  -shard",
		"  -steps int\n    \ttraining steps of every cell (default: the scenario's); a longer warm-up is clipped and averaging that starts at or after the end is turned off, with a note\n  -tau",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("sweep -h printed:\n%s\nwant the entry\n%s", stderr.String(), want)
		}
	}
}

// cellFiles returns the cell files of the sweep folder dir, failing the test unless
// there are want of them.
func cellFiles(t *testing.T, dir string, want int) []string {
	t.Helper()
	cells, err := filepath.Glob(filepath.Join(dir, "cells", "*.json"))
	if err != nil || len(cells) != want {
		t.Fatalf("%s holds cell files %v (%v), want %d", dir, cells, err, want)
	}
	return cells
}
