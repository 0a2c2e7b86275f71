package plots

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// randomSpace returns a feature space with a Dirichlet TPM and source law.
func randomSpace(t *testing.T, m int, seed uint64) *feature.Space {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	a, err := markov.RandomDirichlet(m, 0.7, rng)
	if err != nil {
		t.Fatal(err)
	}
	pi, err := markov.RandomDist(m, 3, rng)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(pi.Values(nil), a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFigureSquareCells checks that at its Size a figure's heatmap cells are squares of
// side Unit, in every panel.
func TestFigureSquareCells(t *testing.T) {
	toy := feature.Toy()
	single := func(r, c int) func() (*Figure, error) {
		return func() (*Figure, error) {
			p, err := Heatmap(mat.NewDense(r, c, nil), HeatmapOptions{Title: "zeros", XLabel: "x", YLabel: "y"})
			if err != nil {
				return nil, err
			}
			return NewFigure([][]*plot.Plot{{p}}, FigureOptions{Title: "one panel", Unit: 20})
		}
	}
	for _, tc := range []struct {
		name  string
		build func() (*Figure, error)
	}{
		{"pair statistics of the toy", func() (*Figure, error) { return PairStatistics(toy) }},
		{"targets of the toy", func() (*Figure, error) { return Targets(toy, feature.ToyBatchSize, 1, 0) }},
		{"pair statistics, m = 12", func() (*Figure, error) { return PairStatistics(randomSpace(t, 12, 3)) }},
		{"targets, m = 70 (raster cells)", func() (*Figure, error) { return Targets(randomSpace(t, 70, 4), 64, 1.5, 0.3) }},
		{"one 4×6 panel", single(4, 6)},
		{"one 1×1 panel", single(1, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			w, h := f.Size()
			cs := f.layout(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}})
			for i, row := range f.panels {
				for j, p := range row {
					dc := p.DataCanvas(cs[i][j])
					trX, trY := p.Transforms(&dc)
					cw, ch := float64(trX(1)-trX(0)), float64(trY(1)-trY(0))
					// Size iterates until the data area is within 1e-6 pt of its target,
					// an error of at most 1e-6 pt per cell; 1e-5 leaves room for rounding.
					const tol = 1e-5
					if !scalar.EqualWithinAbs(cw, float64(f.Unit()), tol) || !scalar.EqualWithinAbs(ch, float64(f.Unit()), tol) {
						t.Errorf("panel (%d, %d): cell %v × %v pt, want %v × %v", i, j, cw, ch, f.Unit(), f.Unit())
					}
					if dc.Min.X < 0 || dc.Min.Y < 0 || dc.Max.X > w || dc.Max.Y > h {
						t.Errorf("panel (%d, %d): data area %v outside the %v × %v canvas", i, j, dc.Rectangle, w, h)
					}
				}
			}
		})
	}
}

func TestNewFigureErrors(t *testing.T) {
	p, err := Heatmap(mat.NewDense(2, 2, []float64{1, 2, 3, 4}), HeatmapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		panels [][]*plot.Plot
		opt    FigureOptions
		empty  bool
		want   string
		reason string
	}{
		{"no rows", nil, FigureOptions{Title: "F"}, true, `figure "F": no panels`, "nothing to draw"},
		{"only nil", [][]*plot.Plot{{nil, nil}}, FigureOptions{}, true, "no panels", "empty tiles only"},
		{"ragged", [][]*plot.Plot{{p, p}, {p}}, FigureOptions{}, false, "row 1 has 1 panels, row 0 has 2", "a grid is rectangular"},
		{"unit", [][]*plot.Plot{{p}}, FigureOptions{Unit: -1}, false, "Unit = -1", "a length is positive"},
		{"NaN unit", [][]*plot.Plot{{p}}, FigureOptions{Unit: vg.Length(math.NaN())}, false, "Unit = NaN", "a length is a number"},
	} {
		f, err := NewFigure(tc.panels, tc.opt)
		if err == nil || f != nil {
			t.Errorf("%s: NewFigure = %v, %v; want an error (%s)", tc.name, f, err, tc.reason)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.want)
		}
		if errors.Is(err, ErrEmpty) != tc.empty {
			t.Errorf("%s: errors.Is(err, ErrEmpty) = %t, want %t", tc.name, !tc.empty, tc.empty)
		}
	}
}

func TestCellSize(t *testing.T) {
	for _, tc := range []struct {
		m      int
		want   vg.Length
		reason string
	}{
		{1, 48, "capped at 48 pt"},
		{3, 48, "the toy: 190/3 = 63.3, capped"},
		{4, 47.5, "190/4"},
		{19, 10, "190/19"},
		{1000, 3, "at least 3 pt"},
		{0, 48, "m < 1 counts as 1"},
	} {
		if got := CellSize(tc.m); got != tc.want {
			t.Errorf("CellSize(%d) = %v, want %v: %s", tc.m, got, tc.want, tc.reason)
		}
	}
}
