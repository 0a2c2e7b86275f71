package studyplots

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/figures/trace"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// MaxTrajectoryPairs is the largest number of unordered state pairs TrajectoryFigure
// draws; with more (m > 4), it draws the pairs whose trained probability is farthest
// from the target.
const MaxTrajectoryPairs = 10

// TrajectoryFigure draws how the positive-pair probability of the recorded batches
// approaches target during training (plots.Convergence): per unordered state pair
// {i, j} the symmetrised probability × N (figures/trace), its mean over results with
// their range as a band (more than one result), the target (dotted), the level-2
// optimum when non-nil (dashed), and the evaluated trained model right of the last
// step. results must be non-empty and record the same steps.
func TrajectoryFigure(results []*simulate.Result, target, optimum mat.Matrix, targetName string, n int, labels []string, title string) (*plots.Figure, error) {
	traces, all, err := trajectoryTraces(results, target, optimum, n)
	if err != nil {
		return nil, fmt.Errorf("studyplots: trajectory figure %q: %w", title, err)
	}
	opt := trajectoryOptions(len(results), len(traces), all, optimum != nil, targetName, labels, title)
	return plots.Convergence([]plots.ConvergencePanel{{Title: "positive-pair probability × N", Traces: traces}}, opt)
}

// trajectoryOptions returns TrajectoryFigure's options: its title and subtitle
// (trajectorySubtitle), the legend's labels (targetName, "target" when empty; the
// optimum's only when there is one) and the panel's size.
func trajectoryOptions(replicates, shown, all int, hasOptimum bool, targetName string, labels []string, title string) plots.ConvergenceOptions {
	if targetName == "" {
		targetName = "target"
	}
	opt := plots.ConvergenceOptions{
		Title: title, Subtitle: trajectorySubtitle(replicates, shown, all, targetName), YLabel: "(P_ij + P_ji)/2 × N", States: labels,
		MeanLabel: "recorded batches", TargetLabel: targetName, FinalLabel: "trained (evaluation)",
		// Wide enough for the title and the legend: a Figure is as wide as its panels.
		PanelWidth: trajectoryWidth, PanelHeight: trajectoryHeight,
	}
	if hasOptimum {
		opt.OptimumLabel = "level-2 optimum"
	}
	return opt
}

// trajectorySubtitle says what TrajectoryFigure draws: the replicates behind a band,
// and how many of all the pairs it shows.
func trajectorySubtitle(replicates, shown, all int, targetName string) string {
	sub := "each recorded batch, before that step's update"
	if replicates > 1 {
		sub += fmt.Sprintf("; mean and range of %d replicates", replicates)
	}
	if shown < all {
		sub += fmt.Sprintf("; the %d pairs farthest from %s", shown, targetName)
	}
	return sub
}

// Data-area size of the trajectory panel, in points.
const (
	trajectoryWidth  = 600
	trajectoryHeight = 300
)

// trajectoryTraces returns the traces TrajectoryFigure draws, in pair order, and the
// number of pairs there are: every unordered pair, or the MaxTrajectoryPairs whose
// trained value is farthest from the target relative to it (pairs without a trained
// value last); a pair with no finite record is left out.
func trajectoryTraces(results []*simulate.Result, target, optimum mat.Matrix, n int) ([]plots.PairTrace, int, error) {
	if len(results) == 0 || len(results[0].Records) == 0 {
		return nil, 0, fmt.Errorf("no records")
	}
	if target == nil {
		return nil, 0, fmt.Errorf("no target to compare with")
	}
	m, _ := target.Dims()
	scale := float64(n)
	pairs := trace.UpperPairs(m)
	traces, err := trace.Pairs(results, pairs, trace.PairProb, scale)
	if err != nil {
		return nil, 0, err
	}
	trace.Final(traces, results, scale)
	gap := make([]float64, len(traces))
	for k := range traces {
		tr := &traces[k]
		p := feature.Pair{I: tr.I, J: tr.J}
		tr.Target = scale * trace.Symmetric(target, p)
		if optimum != nil {
			tr.Optimum = scale * trace.Symmetric(optimum, p)
		}
		if len(results) == 1 {
			tr.Lo, tr.Hi = nil, nil // no band for a single run
		}
		// |final/target − 1|; 0 (drawn last) without a trained value.
		if g := math.Abs(tr.Final/tr.Target - 1); !math.IsNaN(g) {
			gap[k] = g
		}
	}
	if len(traces) > MaxTrajectoryPairs {
		order := make([]int, len(traces))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(gap[b], gap[a]) })
		order = order[:MaxTrajectoryPairs]
		slices.Sort(order) // back to pair order
		kept := make([]plots.PairTrace, len(order))
		for k, o := range order {
			kept[k] = traces[o]
		}
		traces = kept
	}
	out := traces[:0]
	for _, tr := range traces {
		if len(tr.Steps) > 0 {
			out = append(out, tr)
		}
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("no finite record")
	}
	return out, len(pairs), nil
}
