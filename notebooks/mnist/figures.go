package main

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/markov"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/studyplots"
)

// Panel size of the notebook's line plots.
const (
	panelWidth  = vg.Length(250)
	panelHeight = vg.Length(175)
)

// strengthRow is one setting of study a.
type strengthRow struct {
	rot, noise         float64
	ts                 tpmStats
	predicted, learned clustering
}

// scRow is one (α, β) setting of study b.
type scRow struct {
	alpha, beta float64
	collapse    bool
	start, end  float64
	nn1, probe  float64
}

// trajRow is one checkpoint of study c.
type trajRow struct {
	step                  int
	t1Median, corr, optMd float64
	nn1, probe            float64
}

// record is what the studies leave for the figures.
type record struct {
	strength       []strengthRow
	strengthPixels clustering
	sc             []scRow
	traj           []trajRow
	optGap, optCor float64
	optC, pixC     clustering
	classTPM       *markov.TPM
	views          *image.RGBA
	classM         int
}

// figure is one figure of the run: its file name without extension and its caption.
type figure struct{ name, caption string }

// writeFigures draws the figures of the studies that ran as PNG files in dir and lists
// them in the summary. A figure whose data cannot be drawn (a NaN probe accuracy when a
// digit has fewer than two states left) is left out and the summary says why.
func (nb *notebook) writeFigures(dir *runio.Folder) error {
	r := &nb.rec
	var figs []figure
	var left []string
	add := func(name, caption string, build func() (*plots.Figure, error)) error {
		f, err := build()
		if err != nil {
			left = append(left, fmt.Sprintf("`%s.png` left out: %v", name, err))
			return nil
		}
		if err := studyplots.Write(dir.Folder, name, f, []string{"png"}); err != nil {
			return err
		}
		figs = append(figs, figure{name, caption})
		return nil
	}
	if r.views != nil {
		if err := dir.Write("views.png", encodePNG(r.views)); err != nil {
			return err
		}
		figs = append(figs, figure{"views", "Study c: the first state of each digit (left), eight augmented views of it (middle) and the states they snap to (right), framed blue when a view snaps back to its source, green when to another image of the same digit, orange when to another digit."})
	}
	if len(r.strength) > 0 {
		if err := add("strength", "Study a: the measured TPM and the clustering it predicts (level-2 optimum) and an MLP learns, against augmentation strength.", nb.strengthFigure); err != nil {
			return err
		}
	}
	if len(r.sc) > 0 {
		if err := add("sc", "Study b: where SC-InfoNCE's (α, β) ends up, against R1's drift predictor α − β.", nb.scFigure); err != nil {
			return err
		}
	}
	if r.classTPM != nil {
		if err := add("class_tpm", "Study c: the class-level aggregate of the measured TPM (the paper's sub-TPM).", nb.classTPMFigure); err != nil {
			return err
		}
	}
	if len(r.traj) > 0 {
		if err := add("training", "Study c: the MLP's P against T1 and the level-2 optimum, and its clustering, during training.", nb.trainingFigure); err != nil {
			return err
		}
	}
	if len(figs) > 0 {
		nb.printf("## Figures\n\n")
		for _, f := range figs {
			nb.printf("- `%s.png`: %s\n", f.name, f.caption)
		}
		nb.printf("\n")
	}
	for _, l := range left {
		nb.printf("%s\n\n", l)
	}
	return nil
}

var (
	colTPM     = plots.Qualitative(0)
	colOptimum = plots.Qualitative(1)
	colMLP     = plots.Qualitative(2)
	colPixels  = color.Gray{Y: 0x70}
)

// strengthFigure: left, the TPM's diagonal mass, same-class mass and I(V1;V2) with
// their bootstrap SEs against the rotation range; right, 1-NN and probe accuracy of the
// level-2 optimum, the MLP and the raw pixels.
func (nb *notebook) strengthFigure() (*plots.Figure, error) {
	rows := nb.rec.strength
	n := len(rows)
	x := make([]float64, n)
	series := func(f func(strengthRow) (v, se float64)) (y, lo, hi []float64) {
		y, lo, hi = make([]float64, n), make([]float64, n), make([]float64, n)
		for k, r := range rows {
			v, se := f(r)
			if math.IsNaN(se) {
				se = 0
			}
			y[k], lo[k], hi[k] = v, v-2*se, v+2*se
		}
		return y, lo, hi
	}
	var ticks []plots.Note
	for k, r := range rows {
		x[k] = r.rot
		ticks = append(ticks, plots.Note{X: r.rot, Y: 0.02, Text: fmt.Sprintf("σ=%g", r.noise), XAlign: draw.XCenter, YAlign: draw.YBottom, Size: 7, Color: color.Gray{Y: 0x60}})
	}
	dy, dlo, dhi := series(func(r strengthRow) (float64, float64) { return r.ts.diag, r.ts.diagSE })
	sy, slo, shi := series(func(r strengthRow) (float64, float64) { return r.ts.same, r.ts.sameSE })
	iy, ilo, ihi := series(func(r strengthRow) (float64, float64) { return r.ts.mi, r.ts.miSE })
	left, err := plots.LinePlot([]plots.Curve{
		{Name: "I(V1;V2)", X: x, Y: iy, Lo: ilo, Hi: ihi, Color: colTPM, Marker: plots.Circle},
		{Name: "same-class mass", X: x, Y: sy, Lo: slo, Hi: shi, Color: colTPM, Dash: plots.Dashed, Marker: plots.Square},
		{Name: "diagonal mass", X: x, Y: dy, Lo: dlo, Hi: dhi, Color: colTPM, Dash: plots.Dotted, Marker: plots.Triangle},
	}, plots.LineOptions{Title: "the measured TPM", XLabel: "rotation range ± (°); noise σ below", YLabel: "mass, or nats", YMin: 0, YMax: 1.2,
		Notes: append(ticks,
			plots.Note{X: x[0], Y: iy[0], Text: "I(V1;V2), nats", XAlign: draw.XLeft, YAlign: draw.YBottom, Offset: vg.Point{X: 4, Y: 4}, Size: 8},
			plots.Note{X: x[0], Y: sy[0], Text: "same-class mass", XAlign: draw.XLeft, YAlign: draw.YBottom, Offset: vg.Point{X: 4, Y: 4}, Size: 8},
			plots.Note{X: x[0], Y: dy[0], Text: "diagonal mass", XAlign: draw.XLeft, YAlign: draw.YBottom, Offset: vg.Point{X: 4, Y: 4}, Size: 8})})
	if err != nil {
		return nil, err
	}
	acc := func(f func(strengthRow) float64) []float64 {
		y := make([]float64, n)
		for k, r := range rows {
			y[k] = f(r)
		}
		return y
	}
	pix := nb.rec.strengthPixels
	right, err := plots.LinePlot([]plots.Curve{
		{Name: "optimum 1-NN", X: x, Y: acc(func(r strengthRow) float64 { return r.predicted.nn1 }), Color: colOptimum, Marker: plots.Circle},
		{Name: "optimum probe", X: x, Y: acc(func(r strengthRow) float64 { return r.predicted.probe }), Color: colOptimum, Dash: plots.Dashed, Marker: plots.Square},
		{Name: "MLP 1-NN", X: x, Y: acc(func(r strengthRow) float64 { return r.learned.nn1 }), Color: colMLP, Marker: plots.Circle},
		{Name: "MLP probe", X: x, Y: acc(func(r strengthRow) float64 { return r.learned.probe }), Color: colMLP, Dash: plots.Dashed, Marker: plots.Square},
	}, plots.LineOptions{Title: "class clustering of the states", XLabel: "rotation range ± (°)", YLabel: "accuracy over the states", YMin: 0.5, YMax: 1,
		Rules: []plots.Rule{
			{At: pix.nn1, Color: colPixels, Dash: plots.Solid, Label: fmt.Sprintf("raw pixels 1-NN %.2f", pix.nn1)},
			{At: pix.probe, Color: colPixels, Dash: plots.Dashed, Label: fmt.Sprintf("raw pixels probe %.2f", pix.probe), LabelLow: true},
		}})
	if err != nil {
		return nil, err
	}
	m := 10 * nb.o.sweepPerClas
	return plots.NewFigure([][]*plot.Plot{{left, right}}, plots.FigureOptions{
		Title: "Augmentation strength: the measured TPM and the clustering of the states",
		Subtitle: fmt.Sprintf("m = %d MNIST states, R = %d views per state (bands: ±2 bootstrap SE); level-2 optimum (d = 64) and an MLP trained %d steps, N = %d, τ = %g",
			m, nb.o.views, nb.o.sweepSteps, nb.o.sweepBatch, nb.o.tau),
		PanelWidth: panelWidth, PanelHeight: panelHeight,
		Legend: []plots.LegendEntry{
			{Label: "TPM", Color: colTPM, Swatch: plots.SwatchBand},
			{Label: "level-2 optimum (predicted)", Color: colOptimum, Swatch: plots.SwatchLine},
			{Label: "MLP (learned)", Color: colMLP, Swatch: plots.SwatchLine},
			{Label: "raw pixels", Color: colPixels, Swatch: plots.SwatchLine},
			{Label: "1-NN", Swatch: plots.SwatchLine, NewRow: true},
			{Label: "linear probe", Swatch: plots.SwatchLine, Dash: plots.Dashed},
		},
	})
}

// scFigure: the final mean cosine and probe accuracy of each (α, β) against α − β, the
// R1 drift predictor (attainable at α − β = 1), one colour per setting; a setting for
// which R2 predicts collapse is drawn as a ring. Settings with equal α − β are moved
// apart by a small horizontal offset so that none hides another.
func (nb *notebook) scFigure() (*plots.Figure, error) {
	rows := nb.rec.sc
	var curves [2][]plots.Curve
	var legend []plots.LegendEntry
	seen := map[float64]int{}
	for k, r := range rows {
		d := r.alpha - r.beta
		x := []float64{d + 0.12*float64(seen[d])}
		seen[d]++
		mk, note := plots.Circle, ""
		if r.collapse {
			mk, note = plots.Ring, ", collapse predicted"
		}
		for p, y := range []float64{r.end, r.probe} {
			curves[p] = append(curves[p], plots.Curve{Name: fmt.Sprintf("(%g, %g)", r.alpha, r.beta), X: x, Y: []float64{y}, Color: plots.Qualitative(k), Points: true, Marker: mk})
		}
		legend = append(legend, plots.LegendEntry{Label: fmt.Sprintf("α = %g, β = %g%s", r.alpha, r.beta, note), Color: plots.Qualitative(k), Swatch: plots.SwatchPoint, Marker: mk, NewRow: k == 3})
	}
	attain := plots.Rule{Vertical: true, At: 1, Dash: plots.Dotted, Label: "α − β = 1", LabelLow: true}
	start := rows[0].start
	left, err := plots.LinePlot(curves[0], plots.LineOptions{Title: "mean cosine between states after training", XLabel: "α − β (R1: drift up where > 1)", YLabel: "mean cos(f(x_i), f(x_j)), i ≠ j",
		XMin: 0, XMax: 2.5, YMin: -0.1, YMax: 1.1,
		Rules: []plots.Rule{attain, {At: start, Dash: plots.Dashed, Label: fmt.Sprintf("before training %.2f", start)}}})
	if err != nil {
		return nil, err
	}
	right, err := plots.LinePlot(curves[1], plots.LineOptions{Title: "class structure after training", XLabel: "α − β", YLabel: "linear-probe accuracy",
		XMin: 0, XMax: 2.5, YMin: 0, YMax: 1, Rules: []plots.Rule{attain, {At: 0.1, Dash: plots.Dashed, Label: "chance 0.1"}}})
	if err != nil {
		return nil, err
	}
	return plots.NewFigure([][]*plot.Plot{{left, right}}, plots.FigureOptions{
		Title: "SC-InfoNCE on MNIST states: R1 drift and R2 collapse",
		Subtitle: fmt.Sprintf("m = %d, MLP trained %d steps, N = %d, τ = %g; R2 predicts collapse where αρ_ij ≥ 1 + β on every pair",
			10*nb.o.sweepPerClas, nb.o.sweepSteps, nb.o.sweepBatch, nb.o.tau),
		PanelWidth: panelWidth, PanelHeight: panelHeight,
		Legend: legend,
	})
}

// classTPMFigure: the 10×10 class-level TPM, annotated.
func (nb *notebook) classTPMFigure() (*plots.Figure, error) {
	t := nb.rec.classTPM
	names := make([]string, fmnist.Classes)
	for c := range names {
		names[c] = fmt.Sprint(c)
	}
	h, err := plots.Heatmap(t.Dense(), plots.HeatmapOptions{Title: "P(view's digit | source's digit)", XLabel: "digit of the snapped view", YLabel: "digit of the source image",
		RowNames: names, ColNames: names, Annotate: plots.AnnotateAlways, Format: "%.2f"})
	if err != nil {
		return nil, err
	}
	var diag float64
	for c := 0; c < fmnist.Classes; c++ {
		diag += t.At(c, c)
	}
	return plots.NewFigure([][]*plot.Plot{{h}}, plots.FigureOptions{
		Title:    "Where augmented digits snap: the class-level TPM",
		Subtitle: fmt.Sprintf("m = %d states, R = %d views each; mean diagonal %.2f", nb.rec.classM, nb.o.views, diag/fmnist.Classes),
	})
}

// trainingFigure: the MLP's median gaps to T1 and to the level-2 optimum, its
// corr(log P, log ρ), and its clustering, against the training step; the optimum's and
// the pixels' values as rules.
func (nb *notebook) trainingFigure() (*plots.Figure, error) {
	r := nb.rec
	n := len(r.traj)
	x := make([]float64, n)
	col := func(f func(trajRow) float64) []float64 {
		y := make([]float64, n)
		for k, t := range r.traj {
			y[k] = f(t)
		}
		return y
	}
	for k, t := range r.traj {
		x[k] = float64(t.step)
	}
	gap, err := plots.LinePlot([]plots.Curve{
		{Name: "to T1", X: x, Y: col(func(t trajRow) float64 { return t.t1Median }), Color: colMLP, Marker: plots.Circle},
		{Name: "to optimum", X: x, Y: col(func(t trajRow) float64 { return t.optMd }), Color: colMLP, Dash: plots.Dashed, Marker: plots.Square},
	}, plots.LineOptions{Title: "median relative gap of P", XLabel: "training step", YLabel: "median |P/T − 1|", YMin: 0, YMax: 1,
		Rules: []plots.Rule{{At: r.optGap, Color: colOptimum, Label: fmt.Sprintf("optimum to T1 %.2f", r.optGap), LabelLow: true}},
		Notes: []plots.Note{
			{X: x[n-1], Y: r.traj[n-1].t1Median, Text: "MLP to T1", XAlign: draw.XRight, YAlign: draw.YBottom, Offset: vg.Point{Y: 5}, Size: 8},
			{X: x[n-1], Y: r.traj[n-1].optMd, Text: "MLP to optimum", XAlign: draw.XRight, YAlign: draw.YBottom, Offset: vg.Point{Y: 5}, Size: 8},
		}})
	if err != nil {
		return nil, err
	}
	corr, err := plots.LinePlot([]plots.Curve{
		{Name: "corr", X: x, Y: col(func(t trajRow) float64 { return t.corr }), Color: colMLP, Marker: plots.Circle},
	}, plots.LineOptions{Title: "P follows ρ", XLabel: "training step", YLabel: "corr(log P, log ρ) over c1 > 0", YMin: 0, YMax: 1,
		Rules: []plots.Rule{{At: r.optCor, Color: colOptimum, Label: fmt.Sprintf("optimum %.2f", r.optCor)}}})
	if err != nil {
		return nil, err
	}
	acc, err := plots.LinePlot([]plots.Curve{
		{Name: "1-NN", X: x, Y: col(func(t trajRow) float64 { return t.nn1 }), Color: colMLP, Marker: plots.Circle},
		{Name: "probe", X: x, Y: col(func(t trajRow) float64 { return t.probe }), Color: colMLP, Dash: plots.Dashed, Marker: plots.Square},
	}, plots.LineOptions{Title: "class clustering", XLabel: "training step", YLabel: "accuracy over the states", YMin: 0.6, YMax: 1,
		Rules: []plots.Rule{
			{At: r.optC.nn1, Color: colOptimum, Label: fmt.Sprintf("optimum 1-NN %.2f", r.optC.nn1), LabelLow: true},
			{At: r.pixC.nn1, Color: colPixels, Label: fmt.Sprintf("pixels 1-NN %.2f", r.pixC.nn1)},
		}})
	if err != nil {
		return nil, err
	}
	return plots.NewFigure([][]*plot.Plot{{gap, corr, acc}}, plots.FigureOptions{
		Title: "Training an MLP on MNIST pixels: its P against T1 and the level-2 optimum",
		Subtitle: fmt.Sprintf("m = %d states, InfoNCE, N = %d, τ = %g; cosine logits are bounded to [−1/τ, 1/τ]",
			r.classM, nb.o.batch, nb.o.tau),
		PanelWidth: panelWidth - 30, PanelHeight: panelHeight,
		Legend: []plots.LegendEntry{
			{Label: "MLP", Color: colMLP, Swatch: plots.SwatchLine},
			{Label: "level-2 optimum (d = 64)", Color: colOptimum, Swatch: plots.SwatchLine},
			{Label: "raw pixels", Color: colPixels, Swatch: plots.SwatchLine},
		},
	})
}

// classTPM returns the class-level aggregate of w's estimate.
func classTPM(w *world) (*markov.TPM, error) {
	return w.est.ClassTPM(w.st.Digit, fmnist.Classes)
}
