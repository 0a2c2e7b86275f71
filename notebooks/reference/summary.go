package main

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
)

// Targets are the comparators of the final metric, each an m×m matrix of the same scale
// as the metric (softmax entries over N sources, O(1/N)).
type Targets struct {
	T1       mat.Matrix // printed by the reference: c1/(c1 + (N−1)c2)
	T2       mat.Matrix // SC target α c1/((N−1)c2) − β/(N−1)
	Derived  mat.Matrix // what the monitor measures at T1's logits (feature.ReferenceMonitorTarget)
	Exact    mat.Matrix // the same, exact over batch compositions (nil if too many)
	Level2   mat.Matrix // positive-pair probability of the level-2 InfoNCE optimum (nil if it failed)
	Level2Nt string
}

// TargetsOf computes the comparators for batches of n sources at temperature tau.
func TargetsOf(sp *feature.Space, n int, tau, alpha, beta float64, seed uint64) Targets {
	t := Targets{T1: sp.InfoNCETarget(n), T2: sp.SCTarget(n, alpha, beta), Derived: sp.ReferenceMonitorTarget(n)}
	if e, err := sp.ReferenceMonitorExpectation(sp.DensityRatio(), n); err == nil {
		t.Exact = e
	}
	r, err := optimum.InfoNCE(sp, optimum.Options{Tau: tau, N: n, Seed: seed})
	switch {
	case r != nil && r.Prob != nil:
		t.Level2 = r.Prob
		if err != nil {
			t.Level2Nt = "did not converge: " + err.Error()
		}
	default:
		t.Level2Nt = fmt.Sprintf("failed: %v", err)
	}
	return t
}

// summary is the markdown report of a run: the final monitors beside the targets.
func summary(c graphtoy.Config, tr *graphtoy.Trainer, last logged) (string, error) {
	n := float64(c.BatchSize)
	tg := TargetsOf(c.Space, c.BatchSize, c.Loss.Tau, c.Loss.Alpha, c.Loss.Beta, c.Seed)
	var b strings.Builder
	fmt.Fprintf(&b, "# Reference experiment: loss type %d, %d+1 epochs, N = %d, τ = %v, α = %v, β = %v, seed %d\n\n",
		c.LossType, c.Epochs, c.BatchSize, c.Loss.Tau, c.Loss.Alpha, c.Loss.Beta, c.Seed)
	fmt.Fprintf(&b, "Final monitor at epoch %d (%d softmax rows). Every matrix below is × N (the metric is a softmax over N test sources).\n\n", last.epoch, last.mon.Rows)
	rows := []struct {
		name string
		a    mat.Matrix
	}{
		{"metric × N (measured)", last.mon.Metric},
		{"T1 × N = c1/(c1+(N−1)c2) × N (printed by the reference)", tg.T1},
		{"T2 × N (SC target)", tg.T2},
		{"derived × N = ρ/(ρ_aa + (N−1)Σπρ) × N (what the monitor measures at T1's logits)", tg.Derived},
	}
	if tg.Exact != nil {
		rows = append(rows, struct {
			name string
			a    mat.Matrix
		}{"derived, exact over batch compositions × N", tg.Exact})
	}
	if tg.Level2 != nil {
		rows = append(rows, struct {
			name string
			a    mat.Matrix
		}{"level-2 InfoNCE optimum, positive-pair probability × N", tg.Level2})
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%s:\n\n```\n%.4f\n```\n\n", r.name, mat.Formatted(scaled(r.a, n), mat.Squeeze()))
	}
	if tg.Level2Nt != "" {
		fmt.Fprintf(&b, "level-2 optimum: %s\n\n", tg.Level2Nt)
	}
	fmt.Fprintf(&b, "| comparator | max relative gap of the metric |\n|---|---|\n")
	for _, r := range rows[1:] {
		fmt.Fprintf(&b, "| %s | %.4f |\n", strings.SplitN(r.name, " ×", 2)[0], feature.MaxRelGap(last.mon.Metric, r.a))
	}
	fmt.Fprintf(&b, "\nfinal class-cosine matrix:\n\n```\n%.4f\n```\n", mat.Formatted(last.mon.Cosine, mat.Squeeze()))
	if math.IsNaN(last.loss) {
		return "", fmt.Errorf("the final loss is NaN")
	}
	return b.String(), nil
}

func scaled(a mat.Matrix, s float64) *mat.Dense {
	var d mat.Dense
	d.Scale(s, a)
	return &d
}
