// Package studyplots draws the figures of the notebooks' studies (toy, run): the
// trained positive-pair probability against the loss's mean-field target and the
// level-2 optimum (PairProbFigure), and its trajectory during training
// (TrajectoryFigure). It draws through figures/plots' exported API and reduces the
// replicates' records with figures/trace (one NaN rule: a pair no anchor had in a
// batch is left out, its mirror entry used when it has one); it computes no theory
// itself: targets and optima come from feature and simulate.
//
// Values are drawn times the batch size N, so that a uniform probability 1/N reads
// as 1. Relative differences are (a − b)/b in per cent.
package studyplots
