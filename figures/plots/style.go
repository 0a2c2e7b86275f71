package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes of the lab's figures, in points. They are chosen for figures printed at
// their natural Size, about 8–9 cm per 3×3 panel.
const (
	FigureTitleSize vg.Length = 15
	SubtitleSize    vg.Length = 11
	PanelTitleSize  vg.Length = 13
	AxisLabelSize   vg.Length = 11.5
	TickLabelSize   vg.Length = 11
	// SmallTickLabelSize is the size of state names of matrices larger than MaxAnnotated.
	SmallTickLabelSize vg.Length = 9
	AnnotationSize     vg.Length = 12 // shrunk to fit when a value is wider than its cell
	ColorBarSize       vg.Length = 9.5
	LegendSize         vg.Length = 11   // figure legends
	NoteSize           vg.Length = 10.5 // notes and rule labels inside line plots
)

var (
	// sansFont is the only font of the figures. There is no bold: gonum/plot v0.17.0's
	// PDF back end registers a bold face under one style and asks for it under another
	// ("undefined font: liberationsans-bold B"), so titles are larger, not bolder.
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

	textColor  = color.Gray{Y: 0x1a}
	mutedColor = color.Gray{Y: 0x55}
)

// textStyle returns a plain-text style in the lab's sans-serif font.
func textStyle(f font.Font, size vg.Length, c color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(f, size),
		XAlign:  xa,
		YAlign:  ya,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot in the lab's style: sans-serif text, no axis lines or tick
// marks (a heatmap's cells carry the grid).
func newPlot() *plot.Plot {
	p := plot.New()
	p.Title.TextStyle = textStyle(sansFont, PanelTitleSize, textColor, draw.XCenter, draw.YTop)
	p.Title.Padding = 6
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.LineStyle.Width = 0
		ax.Padding = 3
		ax.Tick.Length = 0
		ax.Tick.LineStyle.Width = 0
		ax.Label.TextStyle = textStyle(sansFont, AxisLabelSize, textColor, draw.XCenter, draw.YBottom)
		ax.Label.Padding = 4
	}
	p.X.Tick.Label = textStyle(sansFont, TickLabelSize, textColor, draw.XCenter, draw.YTop)
	p.Y.Tick.Label = textStyle(sansFont, TickLabelSize, textColor, draw.XRight, draw.YCenter)
	return p
}
