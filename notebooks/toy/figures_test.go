package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

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

// A trajectory figure that cannot be drawn is writeFigures' error, after the
// pair-probability figure was written: a result without records (which a training
// never gives: it records its step 0) has no trajectory.
func TestWriteFiguresTrajectoryError(t *testing.T) {
	dir, out := newFolder(t)
	s := scenario.Default()
	s.Output.Formats = []string{"png"}
	cmp := &comparison{m: 1, n: 4, loss: loss.InfoNCE, replicates: 1, t1: one(0.5), t2: one(0.5), target: one(0.5),
		targetName: "T1", trained: one(0.5)}
	err := writeFigures(dir, s, cmp, []*simulate.Result{{PairProb: one(0.5)}})
	if err == nil || !strings.Contains(err.Error(), "trajectory figure") || !strings.Contains(err.Error(), "no records") {
		t.Errorf("error %v, want the trajectory figure's (no records)", err)
	}
	if _, serr := os.Stat(filepath.Join(out, pairProbFigure+".png")); serr != nil {
		t.Errorf("the pair-probability figure drawn before: %v", serr)
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
