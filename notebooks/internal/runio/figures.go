package runio

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// WriteFigure encodes fig in each format (plots.Formats) as name.FORMAT in the
// folder, atomically, at plots.DefaultDPI.
func (f *Folder) WriteFigure(name string, fig *plots.Figure, formats []string) error {
	for _, format := range formats {
		err := f.Write(name+"."+format, func(w io.Writer) error { return plots.Encode(w, fig, format, 0) })
		if err != nil {
			return err
		}
	}
	return nil
}

// PairProbComparison is a trained model's positive-pair probability and what it is
// compared with, for PairProbFigure.
type PairProbComparison struct {
	Trained    mat.Matrix // positive-pair probability by state pair (required)
	Target     mat.Matrix // mean-field target of the loss; nil: none
	TargetName string     // e.g. "T1"; "" names it "target"
	Optimum    mat.Matrix // level-2 (unit-embedding) optimum; nil: none
	N          int        // batch size, the scale of the panels (values × N)
	Labels     []string   // state names; nil: indices
	Title      string
	Subtitle   string
}

// PairProbFigure draws c as a grid of heatmaps: the target, the optimum and the
// trained probabilities times N on one colour range (top row), and the relative
// differences in per cent, trained vs target, trained vs optimum and optimum vs target,
// diverging at 0 (bottom row). Panels whose data are missing are left empty. NaN
// entries (a pair no anchor had) are errors of plots.Heatmap.
func PairProbFigure(c PairProbComparison) (*plots.Figure, error) {
	if c.Trained == nil {
		return nil, fmt.Errorf("runio: pair-probability figure %q: no trained probabilities", c.Title)
	}
	if c.N < 1 {
		return nil, fmt.Errorf("runio: pair-probability figure %q: N = %d: need ≥ 1", c.Title, c.N)
	}
	tname := c.TargetName
	if tname == "" {
		tname = "target"
	}
	n := float64(c.N)
	scaled := func(a mat.Matrix) *mat.Dense {
		if a == nil {
			return nil
		}
		var d mat.Dense
		d.Scale(n, a)
		return &d
	}
	top := []*mat.Dense{scaled(c.Target), scaled(c.Optimum), scaled(c.Trained)}
	shared := plots.SequentialScale()
	shared.Min, shared.Max = math.Inf(1), math.Inf(-1)
	for _, a := range top {
		if a != nil {
			shared.Min, shared.Max = math.Min(shared.Min, mat.Min(a)), math.Max(shared.Max, mat.Max(a))
		}
	}
	if !(shared.Min < shared.Max) {
		shared.Min, shared.Max = 0, 0 // from the data (a constant matrix, or NaN: Heatmap reports it)
	}
	titles := []string{tname + " × N", "level-2 optimum × N", "trained × N"}
	opt := func(title string, scale plots.ColorScale) plots.HeatmapOptions {
		return plots.HeatmapOptions{Title: title, RowNames: c.Labels, ColNames: c.Labels,
			YLabel: "view-1 state i", XLabel: "view-2 state j", Scale: scale}
	}
	row1 := make([]*plot.Plot, 3)
	for k, a := range top {
		if a == nil {
			continue
		}
		p, err := plots.Heatmap(a, opt(titles[k], shared))
		if err != nil {
			return nil, err
		}
		row1[k] = p
	}
	pairs := [][2]mat.Matrix{{c.Trained, c.Target}, {c.Trained, c.Optimum}, {c.Optimum, c.Target}}
	relTitles := []string{"(trained − " + tname + ") / " + tname + " in %", "(trained − optimum) / optimum in %", "(optimum − " + tname + ") / " + tname + " in %"}
	row2 := make([]*plot.Plot, 3)
	any2 := false
	for k, pr := range pairs {
		if pr[0] == nil || pr[1] == nil {
			continue
		}
		p, err := plots.Heatmap(RelativeDifference(pr[0], pr[1], 100), opt(relTitles[k], plots.DivergingScale(0)))
		if err != nil {
			return nil, err
		}
		row2[k], any2 = p, true
	}
	grid := [][]*plot.Plot{row1}
	if any2 {
		grid = append(grid, row2)
	}
	r, _ := c.Trained.Dims()
	return plots.NewFigure(grid, plots.FigureOptions{Title: c.Title, Subtitle: c.Subtitle, Unit: plots.CellSize(r)})
}

// RelativeDifference returns scale·(a − b)/b entrywise.
func RelativeDifference(a, b mat.Matrix, scale float64) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, _ float64) float64 {
		return scale * (a.At(i, j) - b.At(i, j)) / b.At(i, j)
	}, out)
	return out
}

// MaxAbsRelDiff returns max_ij |a_ij − b_ij| / |b_ij| over the entries where both are
// finite, and NaN when there is none.
func MaxAbsRelDiff(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	out := math.NaN()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d := math.Abs(a.At(i, j)-b.At(i, j)) / math.Abs(b.At(i, j))
			if !math.IsNaN(d) && !math.IsInf(d, 0) && !(d <= out) {
				out = d
			}
		}
	}
	return out
}

// MeanMatrix returns the entrywise mean of the non-nil matrices of ms, skipping NaN
// entries (NaN where every matrix has NaN), and nil when there is none.
func MeanMatrix(ms []mat.Matrix) *mat.Dense {
	var out *mat.Dense
	var count []float64
	for _, a := range ms {
		if a == nil || isNilMatrix(a) {
			continue
		}
		r, c := a.Dims()
		if out == nil {
			out, count = mat.NewDense(r, c, nil), make([]float64, r*c)
		}
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if v := a.At(i, j); !math.IsNaN(v) {
					out.Set(i, j, out.At(i, j)+v)
					count[i*c+j]++
				}
			}
		}
	}
	if out == nil {
		return nil
	}
	r, c := out.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out.Set(i, j, out.At(i, j)/count[i*c+j]) // 0/0 = NaN where no matrix had a value
		}
	}
	return out
}

// isNilMatrix reports a typed nil *mat.Dense held in a mat.Matrix.
func isNilMatrix(a mat.Matrix) bool {
	d, ok := a.(*mat.Dense)
	return ok && d == nil
}

// MaxTrajectoryPairs is the largest number of unordered state pairs TrajectoryFigure
// draws; with more (m > 4), it draws the pairs whose trained probability is farthest
// from the target.
const MaxTrajectoryPairs = 10

// TrajectoryFigure draws how the positive-pair probability of the recorded batches
// approaches target during training (plots.Convergence): per unordered state pair
// {i, j} the symmetrised (P_ij + P_ji)/2 × N, its mean over results with their range as
// a band, the target (dotted), the level-2 optimum when non-nil (dashed, also
// symmetrised: its probabilities are row-normalised), and the evaluated trained model
// right of the last step. results must be non-empty and record the same steps; NaN
// values (a pair no anchor had in a batch) are left out of that step's mean.
func TrajectoryFigure(results []*simulate.Result, target, optimum mat.Matrix, targetName string, n int, labels []string, title string) (*plots.Figure, error) {
	if len(results) == 0 || len(results[0].Records) == 0 {
		return nil, fmt.Errorf("runio: trajectory figure %q: no records", title)
	}
	if target == nil {
		return nil, fmt.Errorf("runio: trajectory figure %q: no target to compare with", title)
	}
	if targetName == "" {
		targetName = "target"
	}
	m, _ := target.Dims()
	scale := float64(n)
	sym := func(a mat.Matrix, i, j int) float64 { return (a.At(i, j) + a.At(j, i)) / 2 * scale }
	type pair struct {
		i, j int
		gap  float64
	}
	var pairs []pair
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			gap := 0.0
			var finals []float64
			for _, r := range results {
				if r.PairProb != nil {
					finals = append(finals, sym(r.PairProb, i, j))
				}
			}
			if f, _, _ := meanRange(finals); !math.IsNaN(f) {
				gap = math.Abs(f/sym(target, i, j) - 1)
			}
			pairs = append(pairs, pair{i, j, gap})
		}
	}
	if len(pairs) > MaxTrajectoryPairs {
		slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.gap, a.gap) })
		pairs = pairs[:MaxTrajectoryPairs]
		slices.SortFunc(pairs, func(a, b pair) int { return cmp.Or(cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j)) })
	}
	var traces []plots.PairTrace
	for _, p := range pairs {
		tr := plots.PairTrace{I: p.i, J: p.j, Target: sym(target, p.i, p.j), Optimum: math.NaN()}
		if optimum != nil {
			tr.Optimum = sym(optimum, p.i, p.j)
		}
		for k, rec := range results[0].Records {
			var vals []float64
			for _, r := range results {
				if k < len(r.Records) && r.Records[k].PairProb != nil {
					if v := sym(r.Records[k].PairProb, p.i, p.j); !math.IsNaN(v) {
						vals = append(vals, v)
					}
				}
			}
			mean, lo, hi := meanRange(vals)
			if math.IsNaN(mean) {
				continue
			}
			tr.Steps, tr.Mean = append(tr.Steps, float64(rec.Step)), append(tr.Mean, mean)
			if len(results) > 1 {
				tr.Lo, tr.Hi = append(tr.Lo, lo), append(tr.Hi, hi)
			}
		}
		var finals []float64
		for _, r := range results {
			if r.PairProb != nil {
				finals = append(finals, sym(r.PairProb, p.i, p.j))
			}
		}
		tr.Final, tr.FinalLo, tr.FinalHi = meanRange(finals)
		if len(tr.Steps) > 0 {
			traces = append(traces, tr)
		}
	}
	if len(traces) == 0 {
		return nil, fmt.Errorf("runio: trajectory figure %q: no finite record", title)
	}
	sub := "each recorded batch, before that step's update"
	if len(results) > 1 {
		sub += fmt.Sprintf("; mean and range of %d replicates", len(results))
	}
	if len(pairs) < m*(m+1)/2 {
		sub += fmt.Sprintf("; the %d pairs farthest from %s", len(pairs), targetName)
	}
	opt := plots.ConvergenceOptions{
		Title: title, Subtitle: sub, YLabel: "(P_ij + P_ji)/2 × N", States: labels,
		MeanLabel: "recorded batches", TargetLabel: targetName, FinalLabel: "trained (evaluation)",
		// Wide enough for the title and the legend: a Figure is as wide as its panels.
		PanelWidth: trajectoryWidth, PanelHeight: trajectoryHeight,
	}
	if optimum != nil {
		opt.OptimumLabel = "level-2 optimum"
	}
	return plots.Convergence([]plots.ConvergencePanel{{Title: "positive-pair probability × N", Traces: traces}}, opt)
}

// Data-area size of the trajectory panel, in points.
const (
	trajectoryWidth  = 600
	trajectoryHeight = 300
)

// meanRange returns the mean, minimum and maximum of v (NaN for an empty v).
func meanRange(v []float64) (mean, lo, hi float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		mean += x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return mean / float64(len(v)), lo, hi
}
