package main

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

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

// writeFigures draws the trained probabilities against the target and the optimum,
// and the trajectory of the replicates.
func writeFigures(dir *runio.Folder, s *scenario.Scenario, c *comparison, results []*simulate.Result) error {
	formats := s.Output.Formats
	if len(formats) == 0 {
		return nil
	}
	target, name := c.drawnTarget()
	sub := fmt.Sprintf("MLP %v on noisy state vectors, loss %s, N = %d, τ = %g, %d steps", s.Model.Widths, s.Loss, s.BatchSize, s.Tau, s.Steps)
	fig, err := studyplots.PairProbFigure(studyplots.PairProbComparison{
		Trained: c.trained, Target: target, TargetName: name, Optimum: c.ref.Prob, N: s.BatchSize,
		Title:    "Toy: trained positive-pair probability vs " + name + " and the level-2 optimum",
		Subtitle: sub,
	})
	if err != nil {
		return err
	}
	if err := studyplots.Write(dir.Folder, pairProbFigure, fig, formats); err != nil {
		return err
	}
	traj, err := studyplots.TrajectoryFigure(results, target, c.ref.Prob, name, s.BatchSize, nil, "Toy: positive-pair probability during training")
	if err != nil {
		return err
	}
	return studyplots.Write(dir.Folder, trajectoryFigure, traj, formats)
}

// drawnTarget returns the target the figures compare the trained probabilities with,
// and its name: the loss's own target, or T1 when there is none (a loss without a
// target, such as dhel or spectral, or a fixed point that does not exist).
func (c *comparison) drawnTarget() (mat.Matrix, string) {
	if c.target == nil {
		return c.t1, "T1"
	}
	return c.target, c.targetName
}
