package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/studyplots"
)

// referenceSettings are the (α, β) of the reference code's benchmarks (docs/theory.md §4),
// marked on the phase diagram.
var referenceSettings = []plots.PhasePoint{
	{Label: "CIFAR-10", Alpha: 1, Beta: -0.2},
	{Label: "CIFAR-100", Alpha: 0.5, Beta: 0.2},
	{Label: "ImageNet-100", Alpha: 0.1, Beta: 0.5},
	{Label: "PROTEINS", Alpha: 2, Beta: -0.4, LabelLeft: true},
	{Label: "NCI1", Alpha: 0.7, Beta: 0.05},
	{Label: "DD, COLLAB", Alpha: 1, Beta: -0.3, LabelLeft: true},
}

// phaseWindow returns the window of the phase diagram, α in [0, a1] and β in [b0, b1]:
// the default window [0, 2.2] × [−0.6, 0.8] holds every reference setting (α ≤ 2,
// −0.4 ≤ β ≤ 0.5) with a margin of at least 0.2, and it widens to hold this report's
// (α, β) with a margin of 0.4 in α and 0.3 in β on either side.
func phaseWindow(alpha, beta float64) (a1, b0, b1 float64) {
	return math.Max(2.2, alpha+0.4), math.Min(-0.6, beta-0.3), math.Max(0.8, beta+0.3)
}

// drawFigures writes every figure in formats and records them for the report. A
// figure whose data cannot be drawn (a NaN or infinite value, e.g. a relative
// difference to a zero target where c1_ij = 0, or a pair no anchor had) is left out
// and the report says why.
func (st *study) drawFigures(dir *runio.Folder, formats []string) error {
	if len(formats) == 0 {
		return nil
	}
	write := func(name, caption string, f *plots.Figure, err error) error {
		if err != nil {
			st.skipped = append(st.skipped, fmt.Sprintf("%s: %v", name, err))
			return nil
		}
		if err := studyplots.Write(dir.Folder, name, f, formats); err != nil {
			return err
		}
		st.figures = append(st.figures, figure{name, caption})
		return nil
	}
	f, err := plots.PairStatistics(st.sp)
	if err := write("pair_statistics", "The TPM A, the positive-pair joint c1, the negative-pair joint c2 and the density ratio ρ.", f, err); err != nil {
		return err
	}
	f, err = plots.Targets(st.sp, st.n, st.alpha, st.beta)
	if err := write("targets", "T1 × N, T2 × N and their relative difference.", f, err); err != nil {
		return err
	}
	a1, b0, b1 := phaseWindow(st.alpha, st.beta)
	points := append([]plots.PhasePoint{{Label: "this report", Alpha: st.alpha, Beta: st.beta}}, referenceSettings...)
	f, err = plots.PhaseDiagram(st.sp, plots.PhaseOptions{AlphaMin: 0, AlphaMax: a1, BetaMin: b0, BetaMax: b1, Points: points,
		Title: "SC-InfoNCE phases of this TPM", Subtitle: "the reference code's benchmark settings and this report's (α, β)"})
	if err := write("phase", "Where T2 is attainable (the line α − β = 1), where collapse is stationary, and where targets are negative.", f, err); err != nil {
		return err
	}
	var opt mat.Matrix
	if st.infonce != nil {
		opt = st.infonce.Prob
	}
	for _, t := range st.trainings {
		var o mat.Matrix
		if t.model != "logits" {
			o = opt
		}
		f, err := studyplots.PairProbFigure(studyplots.PairProbComparison{
			Trained: t.res.PairProb, Target: st.t1, TargetName: "T1", Optimum: o, N: st.n, Labels: labels(st),
			Title:    fmt.Sprintf("Quick training: %s model, InfoNCE, %d steps", t.model, t.cfg.Steps),
			Subtitle: fmt.Sprintf("N = %d, τ = %g, evaluated on %d fresh batches", st.n, st.tau, t.cfg.EvalBatches),
		})
		if err := write("train_"+t.model, "Trained positive-pair probability ("+t.model+" model) against T1"+map[bool]string{true: " and the level-2 optimum", false: ""}[o != nil]+".", f, err); err != nil {
			return err
		}
	}
	return nil
}

// labels returns the state names when the scenario has them and there are few states.
func labels(st *study) []string {
	if st.s.Labels == nil || st.sp.Len() > 64 {
		return nil
	}
	return st.s.Labels
}
