package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// runSummary prints the Markdown table of a sweep directory's finished cells (the
// kind's Summary: for scenario sweeps seeds aggregated by grid.Summarize) and, for a
// scenario sweep, draws the (α, β) figures of its SC losses.
func runSummary(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sweep summary", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noFig := fs.Bool("nofig", false, "do not draw the (α, β) figures")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sweep summary [-nofig] DIR\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("summary: want one sweep directory, got %d arguments", fs.NArg())
	}
	dir := fs.Arg(0)
	s, err := grid.Load(dir)
	if err != nil {
		return err
	}
	done, missing, err := s.Collect(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep %s: %d of %d cells finished\n\n", s.ID(), len(done), len(s.Cells()))
	if err := s.Kind().Summary(stdout, done); err != nil {
		return err
	}
	sk, ok := s.Kind().(*grid.ScenarioKind) // the figures are over a scenario grid's α and β
	if *noFig || len(missing) > 0 || !ok {
		return nil
	}
	for _, f := range alphaBetaFigures(sk.Grid(), grid.Summarize(grid.Results(done))) {
		fig, err := f.draw()
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := plots.Encode(&buf, fig, "png", 0); err != nil {
			return err
		}
		path := filepath.Join(dir, f.name+".png")
		if err := runfolder.WriteFileAtomic(path, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nwrote %s\n", path)
	}
	return nil
}

// alphaBetaFigure is one heatmap of the mean maximum relative gap over the (α, β)
// plane of one SC loss at one (N, τ).
type alphaBetaFigure struct {
	name          string
	loss          string
	n             int
	tau           float64
	alphas, betas []float64
	gap           *mat.Dense // α rows × β columns, log10 of the mean max. rel. gap
	seeds         int
}

// alphaBetaFigures returns a figure for each (SC loss, N, τ) of a grid with at least
// two α and two β values.
func alphaBetaFigures(g grid.Grid, sums []grid.Summary) []alphaBetaFigure {
	if len(g.Alpha) < 2 || len(g.Beta) < 2 {
		return nil
	}
	var figs []alphaBetaFigure
	for _, l := range g.Loss {
		if l != loss.SCInfoNCE && l != loss.SCInfoNCEDecoupled {
			continue
		}
		for _, n := range g.N {
			for _, tau := range g.Tau {
				f := alphaBetaFigure{
					name: fmt.Sprintf("gap_alpha_beta_%s_N%d_tau%s", l, n, strconv.FormatFloat(tau, 'g', -1, 64)),
					loss: l, n: n, tau: tau, alphas: g.Alpha, betas: g.Beta,
					gap: mat.NewDense(len(g.Alpha), len(g.Beta), nil),
				}
				for _, s := range sums {
					if s.Loss != l || s.N != n || s.Tau != tau {
						continue
					}
					i, j := slices.Index(g.Alpha, s.Alpha), slices.Index(g.Beta, s.Beta)
					f.gap.Set(i, j, math.Log10(s.GapMax))
					f.seeds = s.Seeds
				}
				figs = append(figs, f)
			}
		}
	}
	return figs
}

// draw returns the heatmap figure; a NaN gap (every seed failed) is an error of
// plots.Heatmap naming the cell.
func (f alphaBetaFigure) draw() (*plots.Figure, error) {
	names := func(vs []float64) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ReplaceAll(strconv.FormatFloat(v, 'g', -1, 64), "-", "−")
		}
		return out
	}
	p, err := plots.Heatmap(f.gap, plots.HeatmapOptions{
		Title:    "log10 of max |P − T2| / |T2|",
		YLabel:   "α",
		XLabel:   "β",
		RowNames: names(f.alphas),
		ColNames: names(f.betas),
		Format:   "%.1f",
	})
	if err != nil {
		return nil, err
	}
	return plots.NewFigure([][]*plot.Plot{{p}}, plots.FigureOptions{
		Title: fmt.Sprintf("%s: gap to T2(α, β)", f.loss),
		Subtitle: fmt.Sprintf("N = %d, τ = %s, mean over %d seeds\nreachable only where α − β = 1 (R1)",
			f.n, strconv.FormatFloat(f.tau, 'g', -1, 64), f.seeds),
	})
}
