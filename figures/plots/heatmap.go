package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// MaxAnnotated is the largest number of rows and of columns for which AnnotateAuto
// writes the values in the cells.
const MaxAnnotated = 8

// Annotate says when Heatmap writes each cell's value in the cell.
type Annotate int

const (
	AnnotateAuto   Annotate = iota // when rows and columns are both ≤ MaxAnnotated
	AnnotateAlways                 // always (the text shrinks to fit small cells)
	AnnotateNever                  // never
)

// HeatmapOptions describe one heatmap. The zero value draws a sequential, annotated
// (when small) heatmap with index labels and no titles.
type HeatmapOptions struct {
	Title          string   // centred above the matrix; also names the plot in errors
	XLabel, YLabel string   // axis titles: columns, rows
	RowNames       []string // one per row, top to bottom; nil: "0", "1", …
	ColNames       []string // one per column, left to right; nil: "0", "1", …
	Scale          ColorScale
	Annotate       Annotate
	// Format is a fmt verb for one float64, such as "%.3f"; "" chooses the number of
	// decimals that gives three significant digits of the largest |value|.
	Format string
}

// Heatmap returns an annotated heatmap of the r×c matrix data, entry (i, j) in row i
// from the top and column j from the left, with a colour bar right of it (package doc).
// It returns a *ValueError for a NaN or infinite entry, an error wrapping ErrEmpty for a
// nil or empty matrix, and an error for names whose count does not match the matrix, an
// invalid colour scale, a format that does not print a float64 or an unknown Annotate.
// data is copied. The plot's own Title is left empty: the title is drawn centred over
// the matrix, not over matrix and colour bar.
func Heatmap(data mat.Matrix, opt HeatmapOptions) (*plot.Plot, error) {
	name := opt.Title
	if data == nil {
		return nil, fmt.Errorf("plots: %s: nil matrix: %w", quoted(name), ErrEmpty)
	}
	r, c := data.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("plots: %s: %d×%d matrix: %w", quoted(name), r, c, ErrEmpty)
	}
	vals := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			v := data.At(i, j)
			if !finite(v) {
				return nil, &ValueError{Plot: name, Row: i, Col: j, Value: v}
			}
			vals = append(vals, v)
		}
	}
	rowNames, err := names(opt.RowNames, r, "row")
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", quoted(name), err)
	}
	colNames, err := names(opt.ColNames, c, "column")
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", quoted(name), err)
	}
	cmap, err := opt.Scale.resolve(vals)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", quoted(name), err)
	}
	format, err := formatter(opt.Format, vals)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", quoted(name), err)
	}
	if opt.Annotate < AnnotateAuto || opt.Annotate > AnnotateNever {
		return nil, fmt.Errorf("plots: %s: Annotate = %d: want AnnotateAuto, AnnotateAlways or AnnotateNever", quoted(name), int(opt.Annotate))
	}

	p := newPlot()
	p.X.Label.Text = opt.XLabel
	p.Y.Label.Text = opt.YLabel

	g := &matrixGrid{rows: r, cols: c, vals: vals}
	hm := plotter.NewHeatMap(g, paletteOf(cmap.colors))
	hm.Min, hm.Max = cmap.lo, cmap.hi
	hm.Underflow, hm.Overflow = cmap.colors[0], cmap.colors[len(cmap.colors)-1]
	hm.Rasterized = r*c > maxVectorCells
	p.Add(cells{hm})
	if r <= maxSeparated && c <= maxSeparated {
		p.Add(&cellSeparators{rows: r, cols: c})
	}
	annotate := opt.Annotate == AnnotateAlways ||
		opt.Annotate == AnnotateAuto && r <= MaxAnnotated && c <= MaxAnnotated
	if annotate {
		ct := &cellText{rows: r, cols: c, text: make([]string, len(vals)), color: make([]color.Color, len(vals))}
		for k, v := range vals {
			ct.text[k] = format(v)
			ct.color[k] = contrastText(cmap.at(v))
		}
		p.Add(ct)
	}
	p.Add(newColorBar(cmap, r, c))
	if opt.Title != "" {
		p.Add(newMatrixTitle(opt.Title, c))
	}

	xt := make(plot.ConstantTicks, c)
	for j := range c {
		xt[j] = plot.Tick{Value: float64(j), Label: colNames[j]}
	}
	yt := make(plot.ConstantTicks, r)
	for i := range r {
		yt[i] = plot.Tick{Value: float64(r - 1 - i), Label: rowNames[i]}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	if r > MaxAnnotated || c > MaxAnnotated {
		// Small cells: smaller state names.
		p.X.Tick.Label.Font.Size = SmallTickLabelSize
		p.Y.Tick.Label.Font.Size = SmallTickLabelSize
	}
	if c > MaxAnnotated*4 || r > MaxAnnotated*4 {
		p.X.Tick.Marker, p.Y.Tick.Marker = sparseTicks(xt), sparseTicks(yt)
	}
	return p, nil
}

const (
	// maxVectorCells is the largest matrix drawn as one vector rectangle per cell; larger
	// ones are drawn as an image, so that SVG and PDF files stay small.
	maxVectorCells = 64 * 64
	// maxSeparated is the largest dimension whose cells get thin white separators.
	maxSeparated = 32
)

// cells is a plotter.HeatMap without its glyph boxes, ±5 pt squares at the cell centres
// that would pad the data area of a matrix with cells under 10 pt by an amount that
// depends on the canvas size, so that panels would no longer align exactly.
type cells struct{ *plotter.HeatMap }

func (cells) GlyphBoxes(*plot.Plot) []plot.GlyphBox { return nil }

// matrixGrid is a row-major matrix as a plotter.GridXYZ: column j at x = j, row i at
// y = rows − 1 − i, so that row 0 is drawn at the top.
type matrixGrid struct {
	rows, cols int
	vals       []float64
}

func (g *matrixGrid) Dims() (c, r int)   { return g.cols, g.rows }
func (g *matrixGrid) Z(c, r int) float64 { return g.vals[(g.rows-1-r)*g.cols+c] }
func (g *matrixGrid) X(c int) float64    { return float64(c) }
func (g *matrixGrid) Y(r int) float64    { return float64(r) }

// names returns the tick labels of n rows or columns: given ones, or the indices.
func names(given []string, n int, what string) ([]string, error) {
	if given == nil {
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i)
		}
		return out, nil
	}
	if len(given) != n {
		return nil, fmt.Errorf("%d %s names for %d %ss", len(given), what, n, what)
	}
	return append([]string(nil), given...), nil
}

// sparseTicks keeps about 16 evenly spaced labels of a long nominal axis.
func sparseTicks(t plot.ConstantTicks) plot.ConstantTicks {
	step := (len(t) + 15) / 16
	var out plot.ConstantTicks
	for k := 0; k < len(t); k += step {
		out = append(out, t[k])
	}
	return out
}

// formatter returns the function that writes a cell's value, with a typographic minus
// and no sign on a value that rounds to zero ("0.000", not "−0.000").
func formatter(verb string, vals []float64) (func(float64) string, error) {
	if verb == "" {
		var big float64
		for _, v := range vals {
			big = math.Max(big, math.Abs(v))
		}
		verb = "%." + strconv.Itoa(autoDecimals(big)) + "f"
	}
	probe := fmt.Sprintf(verb, 1.5)
	if strings.Contains(probe, "%!") {
		return nil, fmt.Errorf("format %q does not print one float64 (it gives %q)", verb, probe)
	}
	return func(v float64) string {
		s := fmt.Sprintf(verb, v)
		if strings.Trim(s, "+-0.") == "" {
			s = strings.TrimLeft(s, "+-") // a value that rounds to zero has no sign
		}
		return strings.ReplaceAll(s, "-", "−")
	}, nil
}

// autoDecimals returns the decimals that show three significant digits of big, at most
// 6 and at least 0: 0.143 → 3, 1.22 → 2, 12.2 → 1, 122 → 0.
func autoDecimals(big float64) int {
	if big == 0 {
		return 2
	}
	d := 2 - int(math.Floor(math.Log10(big)))
	return min(max(d, 0), 6)
}
