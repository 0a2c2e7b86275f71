package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// A single annotated heatmap, composed into a figure and encoded as PNG at 72 dpi.
func ExampleHeatmap() {
	tpm := mat.NewDense(2, 2, []float64{0.9, 0.1, 0.2, 0.8})
	p, err := plots.Heatmap(tpm, plots.HeatmapOptions{
		Title:    "A",
		YLabel:   "source state k",
		XLabel:   "view state i",
		RowNames: []string{"cat", "dog"},
		ColNames: []string{"cat", "dog"},
		Format:   "%.1f",
	})
	if err != nil {
		log.Fatal(err)
	}
	fig, err := plots.NewFigure([][]*plot.Plot{{p}}, plots.FigureOptions{Title: "A two-state TPM", Unit: 40})
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plots.Encode(&buf, fig, "png", 72); err != nil {
		log.Fatal(err)
	}
	_, err = png.DecodeConfig(&buf)
	fmt.Println("PNG:", err == nil)
	// Output: PNG: true
}

// Data that cannot be drawn is an error naming the entry.
func ExampleHeatmap_nan() {
	_, err := plots.Heatmap(mat.NewDense(1, 2, []float64{1, math.NaN()}), plots.HeatmapOptions{Title: "ρ"})
	fmt.Println(err)
	// Output: plots: heatmap "ρ": entry (0, 1) = NaN: need a finite number
}

// The study's first figure, of the paper's toy.
func ExamplePairStatistics() {
	fig, err := plots.PairStatistics(feature.Toy())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Title())
	w, h := fig.Size()
	fmt.Printf("cells of %v pt on a %.0f × %.0f pt canvas\n", fig.Unit().Points(), w.Points(), h.Points())
	// Output:
	// TPM and pair statistics (m = 3 states)
	// cells of 48 pt on a 510 × 480 pt canvas
}

// A line with a band, a reference rule and a legend below, encoded as PNG.
func ExampleLinePlot() {
	steps := []float64{0, 100, 200, 300}
	p, err := plots.LinePlot([]plots.Curve{{
		Name: "P × N", X: steps, Y: []float64{1, 1.15, 1.2, 1.22},
		Lo: []float64{1, 1.1, 1.18, 1.21}, Hi: []float64{1, 1.2, 1.23, 1.23}, Color: plots.Qualitative(0),
	}}, plots.LineOptions{
		Title: "pair (0, 0)", XLabel: "training step", YLabel: "P × N",
		Rules: []plots.Rule{{At: 1.222, Dash: plots.Dotted, Label: "T1 × N"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fig, err := plots.NewFigure([][]*plot.Plot{{p}}, plots.FigureOptions{
		Title: "One curve", PanelWidth: 200, PanelHeight: 120,
		Legend: []plots.LegendEntry{{Label: "mean, band min–max", Color: plots.Qualitative(0), Swatch: plots.SwatchBand}},
	})
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	fmt.Println("PNG:", plots.Encode(&buf, fig, "png", 72) == nil)
	// Output: PNG: true
}

// A NaN in a curve is an error naming the plot, the curve and the point.
func ExampleLinePlot_nan() {
	_, err := plots.LinePlot([]plots.Curve{{Name: "gap", X: []float64{1, 2}, Y: []float64{0.04, math.NaN()}}},
		plots.LineOptions{Title: "temperature"})
	fmt.Println(err)
	// Output: plots: line plot "temperature": "gap": Y[1] = NaN: need a finite number
}
