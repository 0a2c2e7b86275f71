package main

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/simulate"
)

func TestGapOf(t *testing.T) {
	sp := feature.Toy()
	nan := math.NaN()
	target := mat.NewDense(3, 3, []float64{0.5, 0, 1, 0, 2, 0, 0, 0, 4})
	p := mat.NewDense(3, 3, []float64{0.6, 0, 1, 0.1, nan, 0, 0, 0, 3})
	g := gapOf(p, target, sp)
	// Defined: |0.6−0.5|/0.5 = 0.2 and |3−4|/4 = 0.25 (max), 0/0 pairs count as 0;
	// undefined: (1,0) where the target is 0 and p = 0.1; the NaN pair is left out.
	if !(math.Abs(g.max-0.25) <= 1e-15) || g.undefined != 1 || g.defined != 7 {
		t.Errorf("gap %+v, want max 0.25, 7 defined, 1 undefined", g)
	}
	if got, want := g.text("T1"), "25.00 % (undefined at 1 pair(s) where T1 = 0, e.g. (1,0))"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	only := gapOf(mat.NewDense(1, 1, []float64{0.3}), mat.NewDense(1, 1, []float64{0}), sp)
	if got := only.text("T1"); got != "undefined (T1 = 0)" {
		t.Errorf("text %q, want undefined (T1 = 0)", got)
	}
}

// The verdict follows the number beside it: a 67 % gap of free logits to T1 is
// reported as not reached, a 1 % gap as reached (both against the 5 % bound).
func TestVerdictFollowsTheNumber(t *testing.T) {
	sp := feature.Toy()
	t1 := sp.InfoNCETarget(64)
	st := &study{sp: sp, t1: t1}
	for _, c := range []struct {
		scale float64
		want  string
	}{{1.67, "did not reach T1"}, {1.01, "within 5 % of T1"}} {
		var p mat.Dense
		p.Scale(c.scale, t1)
		v := st.verdict(training{model: simulate.ModelLogits, res: &simulate.Result{PairProb: &p}})
		if !strings.Contains(v, c.want) {
			t.Errorf("gap %.0f %%: verdict %q, want %q", 100*(c.scale-1), v, c.want)
		}
	}
}

// Per-state embeddings are "closer to the level-2 optimum" only when their gap to it is
// defined everywhere: trained = 1.2·T1 against an optimum equal to it is a 0 % gap
// (closer than the 20 % to T1); with the optimum 0 at pair (0,1), where the trained
// value is not, the gap there is undefined and the verdict says "not closer".
func TestVerdictNeedsADefinedGapToTheOptimum(t *testing.T) {
	sp := feature.Toy()
	t1 := sp.InfoNCETarget(64)
	var trained mat.Dense
	trained.Scale(1.2, t1)
	for _, c := range []struct {
		zero bool
		want string
	}{{false, "per-state embeddings: closer to the level-2 optimum"}, {true, "per-state embeddings: not closer"}} {
		opt := mat.DenseCopyOf(&trained)
		if c.zero {
			opt.Set(0, 1, 0)
		}
		st := &study{sp: sp, t1: t1, infonce: &optimum.Result{Prob: opt}}
		v := st.verdict(training{model: simulate.ModelEmbedding, res: &simulate.Result{PairProb: &trained}})
		if !strings.HasPrefix(v, c.want) {
			t.Errorf("optimum zero at (0,1) %v: verdict %q, want %q", c.zero, v, c.want)
		}
	}
}

// The identity TPM (T1 = 0 off the diagonal) gets no +Inf and names its labels in
// every table.
func TestIdentityReport(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"-tpm", "[[1,0],[0,1]]", "-labels", "up,down", "-n", "16", "-quick", "-formats", "png", "-out", out}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(b)
	if strings.Contains(report, "+Inf") || strings.Contains(report, "Inf %") || !strings.Contains(report, "where T1 = 0") {
		t.Errorf("report shows an infinite gap or no undefined one:\n%s", report)
	}
	// ρ, T1×N, T2×N and the optimal cosines: four tables headed by the labels.
	if n := strings.Count(report, "| | up | down |"); n != 4 {
		t.Errorf("%d tables headed by the labels, want 4:\n%s", n, report)
	}
}
