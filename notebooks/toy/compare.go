package main

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// comparison is everything the summary table shows, averaged over the replicates.
type comparison struct {
	m, n        int
	loss        string
	alpha, beta float64
	replicates  int
	t1, t2      mat.Matrix // T1 and T2(α, β) at N
	target      mat.Matrix // the loss's own target (simulate.TargetFor), nil if none
	targetName  string
	ref         reference
	// of the trained encoder, on the evaluation batches, mean over replicates
	trained      *mat.Dense // positive-pair probability
	metricFn     *mat.Dense // reference code's metric_fn
	converTarget *mat.Dense // reference code's conver_target ⟨μ_i, μ_j⟩
	classCosine  *mat.Dense // cosine of the class means
	spread       []float64  // within-class spread 1 − ‖μ_i‖²
}

// targetName names the target of a loss as simulate.TargetFor computes it.
func targetName(lossName string) string {
	switch lossName {
	case loss.InfoNCE:
		return "T1"
	case loss.NTXent:
		return "T1(2N−1)"
	case loss.SCInfoNCE:
		return "T2"
	case loss.DCL:
		return "T2(1,0)"
	case loss.SCInfoNCEDecoupled:
		return "p̃*"
	}
	return "target"
}

// compare averages the replicates' evaluations and collects the targets.
func compare(sp *feature.Space, s *scenario.Scenario, ref reference, results []*simulate.Result) *comparison {
	c := &comparison{
		m: sp.Len(), n: s.BatchSize, loss: s.Loss, alpha: s.Alpha, beta: s.Beta, replicates: len(results),
		t1: sp.InfoNCETarget(s.BatchSize), t2: sp.SCTarget(s.BatchSize, s.Alpha, s.Beta),
		target: results[0].Target, targetName: targetName(s.Loss), ref: ref,
	}
	var pp, mf, ct, cc []mat.Matrix
	c.spread = make([]float64, c.m)
	for _, r := range results {
		pp = append(pp, r.PairProb)
		if g := r.Geometry; g != nil {
			mf, ct, cc = append(mf, g.Metric), append(ct, g.ConverTarget), append(cc, g.ClassCosine)
			for i, v := range g.Spread {
				c.spread[i] += v / float64(len(results))
			}
		}
	}
	c.trained, c.metricFn, c.converTarget, c.classCosine = trace.Mean(pp), trace.Mean(mf), trace.Mean(ct), trace.Mean(cc)
	return c
}

// relPct is 100·(a − b)/b.
func relPct(a, b float64) float64 { return 100 * (a - b) / b }

// markdown returns the summary: the probability table, the cosine table and the
// largest gaps.
func (c *comparison) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Toy: %s, N = %d", c.loss, c.n)
	if c.loss == loss.SCInfoNCE || c.loss == loss.SCInfoNCEDecoupled {
		fmt.Fprintf(&b, ", α = %g, β = %g", c.alpha, c.beta)
	}
	fmt.Fprintf(&b, ", %d replicate(s)\n\n", c.replicates)
	fmt.Fprintf(&b, "Positive-pair probability × N by (view-1, view-2) state pair; trained = the encoder on the evaluation batches")
	if c.replicates > 1 {
		b.WriteString(" (mean over replicates)")
	}
	b.WriteString("; metric_fn × 2N is the reference code's monitor (a softmax over all 2N views, self included).\n\n")
	hasOpt := c.ref.Prob != nil
	b.WriteString("| pair | T1·N | T2·N | level-2 opt·N | trained·N | trained vs T1 | trained vs T2 |")
	if hasOpt {
		b.WriteString(" trained vs opt | opt vs T1 |")
	}
	b.WriteString(" metric_fn·2N |\n|---|---|---|---|---|---|---|")
	if hasOpt {
		b.WriteString("---|---|")
	}
	b.WriteString("---|\n")
	n := float64(c.n)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.m; j++ {
			tr := c.trained.At(i, j)
			opt := math.NaN()
			if hasOpt {
				opt = c.ref.Prob.At(i, j)
			}
			fmt.Fprintf(&b, "| (%d,%d) | %.4f | %.4f | %.4f | %.4f | %+.2f %% | %+.2f %% |", i, j,
				c.t1.At(i, j)*n, c.t2.At(i, j)*n, opt*n, tr*n, relPct(tr, c.t1.At(i, j)), relPct(tr, c.t2.At(i, j)))
			if hasOpt {
				fmt.Fprintf(&b, " %+.2f %% | %+.2f %% |", relPct(tr, opt), relPct(opt, c.t1.At(i, j)))
			}
			fmt.Fprintf(&b, " %.4f |\n", cell(c.metricFn, i, j)*2*n)
		}
	}
	b.WriteString("\nCosines: the level-2 optimum's Gram matrix G = UUᵀ, the reference code's conver_target ⟨μ_i, μ_j⟩ (mean cosine, self pairs included) and the cosine of the class means.\n\n")
	b.WriteString("| pair | opt G | conver_target | class-mean cosine |\n|---|---|---|---|\n")
	for i := 0; i < c.m; i++ {
		for j := i; j < c.m; j++ {
			fmt.Fprintf(&b, "| (%d,%d) | %.4f | %.4f | %.4f |\n", i, j, cell(c.ref.Cosine, i, j), cell(c.converTarget, i, j), cell(c.classCosine, i, j))
		}
	}
	fmt.Fprintf(&b, "\nWithin-class spread 1 − ‖μ_i‖²: %s\n\n", floatsString(c.spread))
	b.WriteString("Largest |relative gap| over the pairs:\n\n")
	fmt.Fprintf(&b, "- trained vs T1: %.2f %%\n", 100*feature.MaxRelGap(c.trained, c.t1))
	fmt.Fprintf(&b, "- trained vs T2(α, β): %.2f %%\n", 100*feature.MaxRelGap(c.trained, c.t2))
	if c.target != nil && c.targetName != "T1" && c.targetName != "T2" {
		fmt.Fprintf(&b, "- trained vs %s (the loss's own target): %.2f %%\n", c.targetName, 100*feature.MaxRelGap(c.trained, c.target))
	}
	if hasOpt {
		fmt.Fprintf(&b, "- trained vs level-2 optimum: %.2f %%\n", 100*feature.MaxRelGap(c.trained, c.ref.Prob))
		fmt.Fprintf(&b, "- level-2 optimum vs T1: %.2f %%\n", 100*feature.MaxRelGap(c.ref.Prob, c.t1))
	}
	if c.metricFn != nil {
		var mf2n mat.Dense
		mf2n.Scale(2, c.metricFn)
		fmt.Fprintf(&b, "- metric_fn·2N vs T1·N: %.2f %%\n", 100*feature.MaxRelGap(&mf2n, c.t1))
	}
	fmt.Fprintf(&b, "\n%s\n", c.ref.Note)
	return b.String()
}

// cell returns a.At(i, j), or NaN for a nil matrix.
func cell(a mat.Matrix, i, j int) float64 {
	if a == nil {
		return math.NaN()
	}
	return a.At(i, j)
}

func floatsString(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.4f", x)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
