package main

import (
	"fmt"
	"math"
	"runtime"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

const cm = vg.Centimeter

type runtimeMemStats = runtime.MemStats

func readMemStats(ms *runtime.MemStats) { runtime.ReadMemStats(ms) }

// spectrumPlot draws the top eigenvalues against their index, with the spectral gap
// λ1 − λ2 in the title. It returns an error for NaN or no values.
func spectrumPlot(vals []float64, what string) (*plot.Plot, error) {
	if len(vals) == 0 {
		return nil, fmt.Errorf("graph: spectrum plot of no eigenvalues")
	}
	pts := make(plotter.XYs, len(vals))
	for i, v := range vals {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("graph: eigenvalue %d is NaN", i+1)
		}
		pts[i].X, pts[i].Y = float64(i+1), v
	}
	p := plot.New()
	gap := math.NaN()
	if len(vals) > 1 {
		gap = vals[0] - vals[1]
	}
	p.Title.Text = fmt.Sprintf("Top eigenvalues of D^-1/2 c1 D^-1/2 (gap λ1−λ2 = %.4g)\n%s", gap, what)
	p.X.Label.Text = "index t"
	p.Y.Label.Text = "eigenvalue λ_t"
	line, scatter, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, err
	}
	p.Add(line, scatter, plotter.NewGrid())
	return p, nil
}
