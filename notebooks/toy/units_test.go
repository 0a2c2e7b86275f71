package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

func metricOf(g *simulate.Geometry) *mat.Dense { return g.Metric }

// encodeReferenceLog by hand: records without a geometry, or whose geometry lacks the
// picked matrix, are skipped; the epoch is step / batches per epoch (rounded down);
// the header names the cells once.
func TestEncodeReferenceLogHandWritten(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{0.5, 0.25, 1, 2})
	records := []simulate.Record{
		{Step: 0},
		{Step: 3, Geometry: &simulate.Geometry{}},
		{Step: 5, Geometry: &simulate.Geometry{Metric: a}},
		{Step: 9, Geometry: &simulate.Geometry{Metric: a}},
	}
	var b bytes.Buffer
	if err := encodeReferenceLog(&b, records, metricOf, 2); err != nil {
		t.Fatal(err)
	}
	if want := "epoch,m00,m01,m10,m11\n2,0.5,0.25,1,2\n4,0.5,0.25,1,2\n"; b.String() != want {
		t.Errorf("log\n%s\nwant\n%s", b.String(), want)
	}
	// A failing writer's error comes back, from the final flush of a small log.
	if err := encodeReferenceLog(testutil.FailingWriter{}, records, metricOf, 2); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("log to a failing writer: %v", err)
	}
}

// Cell names: m01 up to 10 states, m1_10 beyond (two-digit indices).
func TestCellName(t *testing.T) {
	for _, c := range []struct {
		i, j, m int
		want    string
	}{{0, 1, 3, "m01"}, {9, 9, 10, "m99"}, {1, 10, 11, "m1_10"}, {0, 0, 11, "m0_0"}} {
		if got := cellName(c.i, c.j, c.m); got != c.want {
			t.Errorf("cellName(%d, %d, %d) = %q, want %q", c.i, c.j, c.m, got, c.want)
		}
	}
}

// The summary's gap list names the loss's own target only when it is neither T1 nor T2
// (those have their own lines): NT-Xent's T1(2N−1) and DCL's T2(1,0) get a line,
// InfoNCE and SC-InfoNCE do not. Hand-built 1-state comparison (every matrix given:
// the toy's MLP always records the geometry): trained 0.5 against a target of 0.4 is a
// 25 % gap.
func TestMarkdownOwnTargetLine(t *testing.T) {
	for _, c := range []struct {
		loss string
		line string // "" for none
	}{
		{loss.InfoNCE, ""},
		{loss.SCInfoNCE, ""},
		{loss.NTXent, "- trained vs T1(2N−1) (the loss's own target): 25.00 %\n"},
		{loss.DCL, "- trained vs T2(1,0) (the loss's own target): 25.00 %\n"},
	} {
		cmp := &comparison{m: 1, n: 4, loss: c.loss, replicates: 1, t1: one(0.5), t2: one(0.5), target: one(0.4),
			targetName: targetName(c.loss), trained: one(0.5), spread: []float64{0},
			metricFn: one(0.125), converTarget: one(1), classCosine: one(1)}
		md := cmp.markdown()
		if got := strings.Contains(md, "(the loss's own target)"); got != (c.line != "") || (c.line != "" && !strings.Contains(md, c.line)) {
			t.Errorf("%s: summary\n%s\nwant own-target line %q", c.loss, md, c.line)
		}
	}
}

// The summary's heading gives α and β for the two SC-InfoNCE losses only (the others take
// neither): hand-built 1-state comparisons as in TestMarkdownOwnTargetLine.
func TestMarkdownHeadingAlphaBeta(t *testing.T) {
	for _, c := range []struct {
		loss, heading string
	}{
		{loss.InfoNCE, "## Toy: infonce, N = 4, 1 replicate(s)\n"},
		{loss.NTXent, "## Toy: ntxent, N = 4, 1 replicate(s)\n"},
		{loss.SCInfoNCE, "## Toy: scinfonce, N = 4, α = 2, β = 0.5, 1 replicate(s)\n"},
		{loss.SCInfoNCEDecoupled, "## Toy: scinfonce-decoupled, N = 4, α = 2, β = 0.5, 1 replicate(s)\n"},
	} {
		cmp := &comparison{m: 1, n: 4, loss: c.loss, alpha: 2, beta: 0.5, replicates: 1, t1: one(0.5), t2: one(0.5),
			targetName: targetName(c.loss), trained: one(0.5), spread: []float64{0},
			metricFn: one(0.125), converTarget: one(1), classCosine: one(1)}
		if md := cmp.markdown(); !strings.HasPrefix(md, c.heading) {
			t.Errorf("%s: summary starts\n%.80s\nwant\n%s", c.loss, md, c.heading)
		}
	}
}

// A file of the run that cannot be written (its name taken by a directory, kept by
// -force) is an error naming it, and the manifest says the run did not complete: the
// resolved config.json (before the optimum search) and a reference log (after the
// training), and summary.md (after the comparison).
func TestWriteErrorsLeaveIncompleteRun(t *testing.T) {
	for _, name := range []string{"config.json", metricLog, "summary.md"} {
		out := filepath.Join(t.TempDir(), "out")
		runiotest.Block(t, filepath.Join(out, name))
		err := run([]string{"-quick", "-formats", "", "-force", "-out", out}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a directory at %s: error %v, want one naming it", name, err)
		}
		if m, rerr := runfolder.ReadManifest(out); rerr != nil || m.Complete {
			t.Errorf("a directory at %s: manifest complete=%v (%v), want false", name, m != nil && m.Complete, rerr)
		}
	}
}

// The reference logs of a replicate stopped in its training are kept under their
// incomplete names; the same command run again completes the replicate and its
// complete logs replace them (no incomplete log is left).
func TestReferenceLogsOfAStoppedReplicate(t *testing.T) {
	out := t.TempDir()
	args := []string{"-quick", "-formats", "", "-out", out}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := runContext(ctx, args, io.Discard, &runfoldertest.CancelOnWrite{Cancel: cancel, After: "toy: train"}); err == nil {
		t.Fatal("interrupted run returned no error")
	}
	for _, name := range []string{metricLog, cosineLog} {
		if _, err := os.Stat(filepath.Join(out, runfolder.ReplicateFile(0, 1, name, true))); err != nil {
			t.Errorf("the stopped replicate's %s: %v", name, err)
		}
	}
	if err := run(args, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{metricLog, cosineLog} {
		if _, err := os.Stat(filepath.Join(out, runfolder.ReplicateFile(0, 1, name, true))); err == nil {
			t.Errorf("the completed run left the incomplete %s", name)
		}
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("the completed run's %s: %v", name, err)
		}
	}
}

// Without -max-mem the memory limit is the machine's: a batch of 10⁸ sources (N²
// logits, about 10¹⁷ bytes) is refused against it, before any folder is made.
func TestDefaultMemoryLimitIsTheMachines(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	err := run([]string{"-n", "100000000", "-restarts", "1", "-out", out}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "needs about") || !strings.Contains(err.Error(), "the machine's memory") {
		t.Errorf("N = 10⁸: error %v, want a refusal against the machine's memory", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Error("the refused run created its folder")
	}
}

// csv.Writer buffers 4096 bytes: a 40×40 header (1600 names of 5+ bytes) already
// overflows it, and a 15×15 header (225 names, under 2 KB) does not but its first row
// of 225 values 1/3 (19 bytes each) does, so a failing writer's error shows at those
// writes.
func TestEncodeReferenceLogEarlyWriteErrors(t *testing.T) {
	for _, m := range []int{40, 15} {
		a := mat.NewDense(m, m, nil)
		for i := range m {
			for j := range m {
				a.Set(i, j, 1.0/3)
			}
		}
		records := []simulate.Record{{Geometry: &simulate.Geometry{Metric: a}}}
		if err := encodeReferenceLog(testutil.FailingWriter{}, records, metricOf, 1); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%d×%d log to a failing writer: %v", m, m, err)
		}
	}
}

// newFolder is a fresh toy run folder in a temporary directory.
func newFolder(t *testing.T) (*runio.Folder, string) {
	t.Helper()
	out := t.TempDir()
	dir, err := runio.CreateFolder(out, runfolder.Options{Notebook: "toy"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, out
}

// one is the 1×1 matrix [v].
func one(v float64) *mat.Dense { return mat.NewDense(1, 1, []float64{v}) }

// The figures compare the trained probabilities with the loss's own target (T2 for
// scinfonce here), or with T1 when the loss has none (dhel): hand-built 1-state
// comparisons whose matrices are told apart by identity.
func TestDrawnTarget(t *testing.T) {
	t1, t2 := one(0.5), one(0.4)
	for _, c := range []struct {
		cmp      *comparison
		want     mat.Matrix
		wantName string
	}{
		{&comparison{loss: loss.SCInfoNCE, t1: t1, t2: t2, target: t2, targetName: targetName(loss.SCInfoNCE)}, t2, "T2"},
		{&comparison{loss: loss.DHEL, t1: t1, t2: t2, target: nil, targetName: targetName(loss.DHEL)}, t1, "T1"},
	} {
		got, name := c.cmp.drawnTarget()
		if got != c.want || name != c.wantName {
			t.Errorf("%s: drawn target %v named %q, want %v named %q", c.cmp.loss, got, name, c.want, c.wantName)
		}
	}
}

// writeOneStateFigures runs writeFigures, in png, on a one-state comparison whose
// result has no records, into a new folder in which the file blocked (if not "") is
// taken by a directory, and returns the folder and the error.
func writeOneStateFigures(t *testing.T, blocked string) (string, error) {
	t.Helper()
	dir, out := newFolder(t)
	if blocked != "" {
		runiotest.Block(t, filepath.Join(out, blocked))
	}
	s := scenario.Default()
	s.Output.Formats = []string{"png"}
	cmp := &comparison{m: 1, n: 4, loss: loss.InfoNCE, replicates: 1, t1: one(0.5), t2: one(0.5), target: one(0.5),
		targetName: "T1", trained: one(0.5)}
	return out, writeFigures(dir, s, cmp, []*simulate.Result{{PairProb: one(0.5)}})
}

// A trajectory figure that cannot be drawn is writeFigures' error, after the
// pair-probability figure was written: a result without records (which a training
// never gives: it records its step 0) has no trajectory.
func TestWriteFiguresTrajectoryError(t *testing.T) {
	out, err := writeOneStateFigures(t, "")
	if err == nil || !strings.Contains(err.Error(), "trajectory figure") || !strings.Contains(err.Error(), "no records") {
		t.Errorf("error %v, want the trajectory figure's (no records)", err)
	}
	if _, serr := os.Stat(filepath.Join(out, pairProbFigure+".png")); serr != nil {
		t.Errorf("the pair-probability figure drawn before: %v", serr)
	}
}

// A pair-probability figure that cannot be written (its file's name taken by a
// directory) is writeFigures' error, naming the file.
func TestWriteFiguresPairProbWriteError(t *testing.T) {
	out, err := writeOneStateFigures(t, pairProbFigure+".png")
	if blocked := filepath.Join(out, pairProbFigure+".png"); err == nil || !strings.Contains(err.Error(), blocked) {
		t.Errorf("error %v, want one naming %s", err, blocked)
	}
}

// A complete replicate's reference logs replace the incomplete ones an interrupted
// run left; when such a log cannot be removed (here, a directory now stands where
// it was listed), that is writeReferenceLogs' error, naming it.
func TestIncompleteLogRemovalError(t *testing.T) {
	dir, out := newFolder(t)
	stale := runfolder.ReplicateFile(0, 1, metricLog, true)
	if err := dir.WriteFile(stale, []byte("epoch,m00\n0,1\n")); err != nil {
		t.Fatal(err)
	}
	runiotest.Block(t, filepath.Join(out, stale))
	g := &simulate.Geometry{Metric: one(0.25), ConverTarget: one(1)}
	err := writeReferenceLogs(dir, []*simulate.Result{{Records: []simulate.Record{{Step: 0, Geometry: g}}}}, 1)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(out, stale)) {
		t.Errorf("error %v, want one naming %s", err, stale)
	}
}
