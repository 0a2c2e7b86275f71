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
