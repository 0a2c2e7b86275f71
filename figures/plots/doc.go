// Package plots holds the lab's figure functions: pure functions from data (matrices, a
// feature.Space, later simulation results) to gonum/plot values. They never write files
// and keep no reference to their input; they return an error, naming the offending
// value, for data they cannot draw: NaN or ±Inf entries (*ValueError) and empty input
// (ErrEmpty). A wrong option (a format verb that does not print a float64, a colour
// range with Min > Max) is also an error. Nothing here panics on data.
//
// Building blocks:
//
//	Heatmap(data, HeatmapOptions) (*plot.Plot, error)   an annotated heatmap with its colour bar
//	LinePlot(curves, LineOptions) (*plot.Plot, error)   lines with bands, markers with error bars,
//	                                                     reference rules, filled regions, notes
//	NewFigure(panels, FigureOptions) (*Figure, error)    a titled grid of plots, data areas aligned,
//	                                                     with an optional legend below
//	(*Figure).Size, (*Figure).Draw                       natural size (square cells), drawing
//	Encode(w, fig, format, dpi) error                    PNG, SVG or PDF bytes of a Figure
//
// The study's figures, built from them (data in, *Figure out; the training runs that
// produce the data live in the figures command):
//
//	PairStatistics(s)            A, c1, c2 and ρ of a feature space (docs/theory.md §1–§2), 2×2
//	Targets(s, n, α, β)          T1·N, T2·N and (T2 − T1)/T1 (docs/theory.md §4), 1×3
//	Convergence(panels, opt)     per-pair traces over training with targets, optima, final values
//	PhaseDiagram(s, opt)         the (α, β) regimes of SC-InfoNCE (PhaseRegions), labelled points
//	BatchSize(s, opt)            T1·N and T2·N against N, measured points and their relative gaps,
//	                             the exact gap to T1 from enumeration (enumerate.GapTable)
//	Temperature(data)            gap of the level-2 optimum and its cosines against τ
//	Clustering(panels, opt)      learned cosine heatmaps and their signed gap to an optimum
//	MonteCarlo(data)             Monte Carlo error against the number of draws, log-log
//
// Symbols follow docs/theory.md: π, A, q, c1, c2, ρ, T1, T2, N, τ, α, β, ĉ1.
//
// # Line plots
//
// A LinePlot has left and bottom axis lines with outward ticks, about five ticks at
// 1, 2 or 5 times a power of ten (log axes: the powers of ten, and 2 and 5 times them
// over less than two decades), a light grid at the labelled ticks, and its title
// centred over the data area. Automatic ranges are the data's (curves, bands, error
// bars, regions and rules on their own axis) padded by 3 % on either side (of the
// decades on a log axis); fixed ranges clip what lies outside. A spread is drawn as a
// band in a light, opaque tint of its curve's colour behind the lines (translucent fills
// come out dark in gonum/plot's PDF back end; see tint), or, for markers, as error bars
// with caps (from Lo to Hi when Lo ≤ Y ≤ Hi: gonum/plot draws Y − |Y − Lo| to
// Y + |Hi − Y|). Curves take the Okabe–Ito colour-blind-safe palette (Qualitative); a
// state pair {i, j} has the same colour in every figure (its rank among the pairs
// i ≤ j). Drawing order: regions, grid, bands, rules, lines and markers, notes.
// Plotters report no glyph boxes, so panels of a figure align exactly; markers at the
// edge of the data area may overhang it.
// Invalid data return a *PointError naming the plot, the curve, the coordinate and the
// index: NaN, ±Inf, or a value ≤ 0 on a log axis.
//
// The elements are gonum/plot's plotters with the lab's styles (plotters.go): a curve's
// line is a plotter.Line, its markers a plotter.Scatter (with the lab's glyphs, among
// them a Ring thicker than draw.RingGlyph), its error bars plotter.YErrorBars; bands
// and regions are plotter.Polygon, the grid a plotter.Grid, a note a plotter.Labels
// (on a white box, with a Scatter marker; a note whose anchor lies outside the data
// area is not drawn). Only the reference rules, which gonum/plot lacks, are drawn by a
// plotter of ours.
//
// # Heatmaps
//
// Entry (i, j) of an r×c matrix is the cell in row i from the top and column j from the
// left, as the matrix is printed. Values are written in the cells when both dimensions
// are at most MaxAnnotated (HeatmapOptions.Annotate overrides), with a format that gives
// three significant digits of the largest |value| unless HeatmapOptions.Format names
// one, and a typographic minus. The text is near-black or white, whichever has the
// larger WCAG 2 contrast ratio with the cell, and shrinks to fit small cells. Thin white
// lines separate the cells of matrices up to 32×32; matrices of more than 64·64 cells
// are drawn as an image. The colour bar is as tall as the matrix, right of it.
//
// Colour scales (ColorScale):
//
//   - Sequential, for quantities compared by size (A, c1, c2, T1·N, T2·N): a continuous
//     map through ColorBrewer's YlGnBu colours, interpolated in CIELAB with lightness
//     linear in the value (Moreland's luminance construction, moreland.NewLuminance),
//     light for the smallest value and dark for the largest, over [min, max] of the data.
//   - Diverging, for signed quantities around a reference value c (the relative difference
//     (T2 − T1)/T1 around 0, and ρ around 1): Moreland's smooth cool-warm map
//     (moreland.SmoothBlueRed), neutral grey at c, blue below and red above. The colours
//     are spread over the symmetric range c ± max|v − c|, so equal distances from c get
//     equal colour strength on both sides, and the bar shows the part of it the data use,
//     [min(v, c), max(v, c)] (as seaborn's heatmap does with center): all-positive data
//     get a bar from c upwards.
//
// ρ is drawn diverging around 1, not sequential: ρ_ij = 1 is the value at which a state
// pair is as likely to be a positive as a negative pair, and the sign of log ρ decides
// whether InfoNCE pulls the pair's features together (ρ > 1, red) or pushes them apart
// (ρ < 1, blue) relative to the average pair (docs/theory.md §4: the learned logits are
// log ρ + const). A diverging map centred at 1 shows that clustering at a glance.
// Quantities of the same kind share one colour range in a figure: c1 with c2, T1·N with
// T2·N.
//
// A constant matrix has no range: a sequential scale then spans v ± max(|v|/2, 1/2) and
// a diverging one at v = c spans c ± 1, so the cells take the middle colour.
//
// # Figures and sizes
//
// A Figure draws its panels with plot.Align, so every panel's data area has the same
// size, and Figure.Size returns the canvas size at which one data unit (one matrix cell)
// is Unit long in both directions: cells are square when the figure is drawn at its
// Size, which Encode always uses. The panels of one figure should therefore show
// matrices of one shape. CellSize(m) is the lab's cell side for m×m matrices. Line
// plots, whose data units are steps or probabilities, set FigureOptions.PanelWidth and
// PanelHeight instead: the size of every data area. A legend (FigureOptions.Legend) is
// drawn below the panels in centred rows, or as a left-aligned column when every row
// holds one entry.
//
// Text is Liberation Sans (embedded in gonum/plot), at the sizes of style.go, in regular
// weight only: gonum/plot v0.17.0's PDF back end cannot draw a bold face.
//
// # Formats and determinism
//
// The same data give byte-identical PNG, SVG and PDF files. SVG and PDF files draw text
// as glyph outlines (outlinedText): gonum/plot's PDF back end can only encode
// Windows-1252 text, which has no π, ρ, α, β or ᵀ, and an SVG viewer without Liberation
// Sans would substitute a font of other widths. The text of vector files is therefore
// not selectable. PDF files carry a creation and a modification date; Encode fixes both
// to 2025-11-01 00:00 UTC and sorts the resource catalogues, through the PDF library's
// package defaults (fpdf.SetDefault...), which also affects any other PDF that
// gonum/plot writes later in the same process.
package plots
