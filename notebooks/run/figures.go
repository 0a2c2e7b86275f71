package main

import (
	"fmt"
	"strings"

	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/studyplots"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// Figure names (files name.FORMAT in the run folder).
const (
	pairProbFigure   = "pair_prob"
	trajectoryFigure = "trajectory"
)

// skippedFile lists the figures that could not be drawn, and why.
const skippedFile = "figures_skipped.txt"

// writeFigures draws the replicates' mean positive-pair probability against the
// target and the replicates' trajectory. A figure whose data cannot be drawn (NaN or
// infinite values: a pair no anchor had, a relative difference to a zero target where
// c1_ij = 0) is left out and listed, with the reason, in figures_skipped.txt.
func writeFigures(dir *runio.Folder, s *scenario.Scenario, sum summary, results []*simulate.Result) error {
	skipped, err := drawFigures(dir, s, sum, results)
	if err != nil || len(skipped) == 0 {
		return err
	}
	return dir.WriteFile(skippedFile, []byte(strings.Join(skipped, "\n")+"\n"))
}

// drawFigures writes the figures and returns the ones it could not draw.
func drawFigures(dir *runio.Folder, s *scenario.Scenario, sum summary, results []*simulate.Result) (skipped []string, err error) {
	formats := s.Output.Formats
	if len(formats) == 0 {
		return nil, nil
	}
	sub := fmt.Sprintf("loss %s, model %s, N = %d, τ = %g, %d steps, %d replicate(s)", s.Loss, s.Model.Kind, s.BatchSize, s.Tau, s.Steps, s.Replicates)
	m, _ := sum.trained.Dims()
	labels := figureLabels(s.Labels, m)
	fig, err := studyplots.PairProbFigure(studyplots.PairProbComparison{
		Trained: sum.trained, Target: sum.target, TargetName: "target", N: s.BatchSize, Labels: labels,
		Title: "Positive-pair probability of the trained model vs the mean-field target", Subtitle: sub,
	})
	if err != nil {
		skipped = append(skipped, pairProbFigure+": "+err.Error())
	} else if err := studyplots.Write(dir.Folder, pairProbFigure, fig, formats); err != nil {
		return nil, err
	}
	if sum.target == nil {
		return skipped, nil
	}
	traj, err := studyplots.TrajectoryFigure(results, sum.target, nil, "target", s.BatchSize, labels, "Positive-pair probability during training")
	if err != nil {
		return append(skipped, trajectoryFigure+": "+err.Error()), nil
	}
	return skipped, studyplots.Write(dir.Folder, trajectoryFigure, traj, formats)
}

// maxNamedStates is the most states whose names the figures write on their axes and
// legends; beyond it they use indices.
const maxNamedStates = 64

// figureLabels returns the state names the figures of an m-state run write: the
// scenario's labels (nil: none) when m ≤ maxNamedStates, else nil (too many to name).
func figureLabels(labels []string, m int) []string {
	if m > maxNamedStates {
		return nil
	}
	return labels
}
