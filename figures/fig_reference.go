package main

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
)

// The paper's own experiment as the reference code runs it (docs/theory.md §7; package
// simulate/graphtoy): a GIN on random graphs, loss types 0 (its "InfoNCE") and 1
// (SC-InfoNCE, α = 1, β = 0). Default: the reference's 300 (+1) epochs, refSeeds seeds
// per loss; -quick: a tiny world and 2 (+1) epochs.
const refSeeds = 2

func referenceCaption(set settings) string {
	what := fmt.Sprintf("the reference's recipe (20-node graphs, GIN, N = 1000, 300+1 epochs, its schedule quirk), %d seeds per loss", refSeeds)
	if set.Quick {
		what = "a -quick smoke test (tiny world, 2+1 epochs): not a result"
	}
	return "The paper's own synthetic experiment run as the reference code runs it (docs/theory.md §7, " + what + "): " +
		"the nine entries of the monitored class-averaged softmax matrix × N (rows a = panel, columns b = colour) " +
		"against the epoch for loss 0 (NT-Xent over 2N views, self pair in) and loss 1 (SC-InfoNCE, α = 1, β = 0). " +
		"Dotted: the derived target of what the monitor measures (sources of law π, self pair in, at T1's logits; " +
		"feature.ReferenceMonitorTarget); dashed: the level-2 optimum's positive-pair probability; dash-dot rules: " +
		"the target the reference prints (T1 for loss 0, T2 for loss 1)."
}

// referenceConfig is the run of loss type lt and seed for the figure.
func referenceConfig(in inputs, lt int, seed uint64) graphtoy.Config {
	c := graphtoy.Default()
	c.Space, c.LossType, c.Seed, c.Workers = in.Space, lt, seed, 1
	if in.Set.Quick {
		c.Epochs, c.LogEvery = 2, 1
		c.Graph.Sources, c.Graph.TrainSize, c.BatchSize = 240, 120, 60
	}
	return c
}

// runReference trains one configuration and returns its monitors by logged epoch.
func runReference(c graphtoy.Config) (epochs []float64, mons []*graphtoy.Monitor, err error) {
	tr, err := graphtoy.New(c)
	if err != nil {
		return nil, nil, err
	}
	for e := 0; e <= c.Epochs; e++ {
		tr.Epoch()
		if e%c.LogEvery != 0 {
			continue
		}
		m, err := tr.Monitor()
		if err != nil {
			return nil, nil, err
		}
		epochs, mons = append(epochs, float64(e)), append(mons, m)
	}
	return epochs, mons, nil
}

// buildReference draws the reference-experiment figure (referencePanels).
func buildReference(in inputs) (*plots.Figure, error) {
	return drawConvergence(referencePanels(in))
}

// referencePanels returns the panels of the reference-experiment figure: for each loss
// type and row a, the monitored metric × N against the epoch (mean, min–max over
// refSeeds seeds), the derived monitor target, the level-2 optimum and the printed target.
func referencePanels(in inputs) ([]plots.ConvergencePanel, plots.ConvergenceOptions, error) {
	s := in.Space
	m := s.Len()
	var panels []plots.ConvergencePanel
	var all []float64
	var n int
	for _, lt := range []int{0, 1} {
		var runs [][]*graphtoy.Monitor
		var epochs []float64
		var c graphtoy.Config
		for seed := range uint64(refSeeds) {
			c = referenceConfig(in, lt, in.Set.Seed+seed)
			start := time.Now()
			ep, mons, err := runReference(c)
			if err != nil {
				return nil, plots.ConvergenceOptions{}, fmt.Errorf("reference loss %d seed %d: %w", lt, c.Seed, err)
			}
			in.logf("reference loss %d seed %d: %d+1 epochs in %.1fs", lt, c.Seed, c.Epochs, time.Since(start).Seconds())
			epochs = ep
			runs = append(runs, mons)
		}
		n = c.BatchSize
		scale := float64(n)
		derived := s.ReferenceMonitorTarget(n)
		printed := s.InfoNCETarget(n)
		opt := optimum.Options{Tau: c.Loss.Tau, N: n, Seed: in.Set.Seed}
		var l2 *optimum.Result
		var err error
		if lt == 0 {
			l2, err = optimum.InfoNCE(s, opt)
		} else {
			printed = s.SCTarget(n, c.Loss.Alpha, c.Loss.Beta)
			l2, err = optimum.SC(s, c.Loss.Alpha, c.Loss.Beta, opt)
		}
		if l2 == nil {
			return nil, plots.ConvergenceOptions{}, fmt.Errorf("reference loss %d: level-2 optimum: %w", lt, err)
		}
		for a := range m {
			p := plots.ConvergencePanel{Title: fmt.Sprintf("loss %d, row %s", lt, s.Label(a))}
			for b := range m {
				t := plots.PairTrace{I: a, J: b, Steps: epochs, Target: scale * derived.At(a, b), Optimum: scale * l2.Prob.At(a, b),
					Final: math.NaN(), FinalLo: math.NaN(), FinalHi: math.NaN()}
				vals := make([]float64, len(runs))
				for k := range epochs {
					for r, mons := range runs {
						vals[r] = scale * mons[k].Metric.At(a, b)
					}
					mean, lo, hi := meanMinMax(vals)
					t.Mean, t.Lo, t.Hi = append(t.Mean, mean), append(t.Lo, lo), append(t.Hi, hi)
					all = append(all, mean)
				}
				all = append(all, t.Target, t.Optimum, scale*printed.At(a, b))
				p.Traces = append(p.Traces, t)
				p.Rules = append(p.Rules, plots.Rule{At: scale * printed.At(a, b), Color: plots.Qualitative(unorderedPairRank(a, b, m)), Dash: plots.DashDot})
			}
			last := finalMetric(runs)
			p.Note = fmt.Sprintf("gap to derived %.1f %%", 100*feature.MaxRelGap(rowOf(last, a), rowOf(derived, a)))
			p.NoteAt = plots.BottomRight
			panels = append(panels, p)
		}
	}
	lo, hi := yWindow(all, 0.05, 0.02)
	for k := range panels {
		panels[k].YMin, panels[k].YMax = lo, hi
	}
	return panels, plots.ConvergenceOptions{
		Title:        "The paper's own experiment: what the reference's monitor shows",
		Subtitle:     fmt.Sprintf("GIN on random graphs, N = %d, τ = 1; monitor × N on test sources, mean and min–max over %d seeds", n, refSeeds),
		XLabel:       "epoch",
		YLabel:       "metric × N",
		States:       stateNames(s),
		MeanLabel:    "monitored metric (a, b)",
		TargetLabel:  "derived target (monitor at T1's logits)",
		OptimumLabel: "level-2 optimum",
	}, nil
}

// unorderedPairRank is the colour rank of the pair {i, j} (as plots' palette orders pairs).
func unorderedPairRank(i, j, m int) int {
	if i > j {
		i, j = j, i
	}
	return i*m - i*(i-1)/2 + (j - i)
}

func meanMinMax(v []float64) (mean, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		mean += x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return mean / float64(len(v)), lo, hi
}

// finalMetric is the mean over runs of the last logged metric.
func finalMetric(runs [][]*graphtoy.Monitor) *mat.Dense {
	var out mat.Dense
	for _, mons := range runs {
		last := mons[len(mons)-1].Metric
		if out.IsEmpty() {
			out.CloneFrom(last)
			continue
		}
		out.Add(&out, last)
	}
	out.Scale(1/float64(len(runs)), &out)
	return &out
}

func rowOf(a mat.Matrix, i int) mat.Matrix {
	_, c := a.Dims()
	row := make([]float64, c)
	for j := range row {
		row[j] = a.At(i, j)
	}
	return mat.NewDense(1, c, row)
}
