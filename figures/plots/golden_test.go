package plots

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/infonce-lab/infonce-lab/feature"
)

// goldenDPI keeps the golden PNGs small; the drawing is the same at every resolution.
const goldenDPI = 72

// TestGolden compares figures of small fixtures with the images in testdata, exactly
// (cmpimg with delta 0: the rasteriser is pure Go and deterministic, so any pixel that
// changes is a change of the drawing). `go test ./figures/plots -regen` rewrites the
// golden files (cmpimg's flag); look at them before committing. A mismatch leaves the new
// image beside the golden one as NAME_got.EXT (git-ignored).
func TestGolden(t *testing.T) {
	toy := feature.Toy()
	oneHeatmap := func(data mat.Matrix, opt HeatmapOptions) func() (*Figure, error) {
		return func() (*Figure, error) {
			p, err := Heatmap(data, opt)
			if err != nil {
				return nil, err
			}
			return NewFigure([][]*plot.Plot{{p}}, FigureOptions{Title: "Fixture", Subtitle: "one heatmap"})
		}
	}
	for _, tc := range []struct {
		name    string
		formats []string
		build   func() (*Figure, error)
	}{
		{"heatmap_sequential", []string{"png", "svg"}, oneHeatmap(
			mat.NewDense(2, 3, []float64{0.05, 0.25, 0.5, 0.75, 0.95, 0.6}),
			HeatmapOptions{Title: "sequential", XLabel: "column", YLabel: "row",
				RowNames: []string{"a", "b"}, ColNames: []string{"x", "y", "z"}})},
		{"heatmap_diverging", []string{"png"}, oneHeatmap(
			mat.NewDense(3, 3, []float64{-1.5, -0.2, 0, 0.4, 1, 2.5, -3, 0.1, 1.2}),
			HeatmapOptions{Title: "diverging at 0", Scale: DivergingScale(0), Format: "%.1f"})},
		{"toy_pair_statistics", []string{"png"}, func() (*Figure, error) { return PairStatistics(toy) }},
		{"toy_targets", []string{"png"}, func() (*Figure, error) { return Targets(toy, feature.ToyBatchSize, 1, 0) }},
		{"convergence", []string{"png"}, func() (*Figure, error) { return Convergence(convergenceFixture(), convergenceOptions) }},
		{"toy_phase_diagram", []string{"png"}, func() (*Figure, error) {
			return PhaseDiagram(toy, PhaseOptions{AlphaMin: -0.5, AlphaMax: 2.4, BetaMin: -0.8, BetaMax: 0.8, Title: "Phase diagram",
				Points: []PhasePoint{{Label: "right", Alpha: 1, Beta: -0.2}, {Label: "left", Alpha: 0.5, Beta: 0.2, LabelLeft: true}}})
		}},
		{"toy_batch_size", []string{"png"}, func() (*Figure, error) { return BatchSize(toy, batchSizeFixture()) }},
		{"toy_batch_size_gap", []string{"png"}, func() (*Figure, error) { return BatchSize(toy, batchSizeGapFixture()) }},
		{"temperature", []string{"png"}, func() (*Figure, error) { return Temperature(temperatureFixture()) }},
		{"monte_carlo", []string{"png"}, func() (*Figure, error) { return MonteCarlo(monteCarloFixture()) }},
		{"clustering", []string{"png"}, func() (*Figure, error) { return Clustering(clusteringFixture(), ClusterOptions{Title: "Clustering"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range tc.formats {
				var buf bytes.Buffer
				if err := Encode(&buf, f, format, goldenDPI); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", tc.name+"_golden."+format)
				if *cmpimg.GenerateTestData {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -regen to create it)", err)
				}
				ok, err := cmpimg.Equal(format, buf.Bytes(), want)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					got := filepath.Join("testdata", tc.name+"_got."+format)
					if err := os.WriteFile(got, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					t.Errorf("%s differs from %s; the new drawing is in %s", format, golden, got)
				}
			}
		})
	}
}
