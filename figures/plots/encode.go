package plots

import (
	"fmt"
	"io"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Formats returns the file formats Encode writes, by file extension: png, svg, pdf.
func Formats() []string { return []string{"png", "svg", "pdf"} }

// DefaultDPI is the resolution of PNG files: 150 pixels per inch.
const DefaultDPI = 150

// pdfDate is the creation and modification date written into every PDF, so that the
// same figure always gives the same bytes: the month of the paper (arXiv 2511.12180).
var pdfDate = time.Date(2025, time.November, 1, 0, 0, 0, 0, time.UTC)

var pdfDefaults sync.Once

// Encode writes f at its Size in format ("png", "svg" or "pdf": Formats) to w. dpi
// is the resolution of a PNG (ignored by the vector formats); dpi ≤ 0 means DefaultDPI.
// It returns an error for an unknown format and any error of w.
func Encode(w io.Writer, f *Figure, format string, dpi int) error {
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	width, height := f.Size()
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	case "svg":
		c = vgsvg.New(width, height)
	case "pdf":
		pdfDefaults.Do(func() {
			// Package defaults, read by every new PDF document (vgpdf.New).
			fpdf.SetDefaultCreationDate(pdfDate)
			fpdf.SetDefaultModificationDate(pdfDate)
			fpdf.SetDefaultCatalogSort(true)
		})
		c = vgpdf.New(width, height)
	default:
		return fmt.Errorf("plots: unknown format %q: want one of %v", format, Formats())
	}
	var dc draw.Canvas
	if format == "png" {
		dc = draw.New(c)
	} else {
		dc = draw.New(outlinedText{c})
	}
	f.Draw(dc)
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plots: writing %s of figure %q: %w", format, f.title, err)
	}
	return nil
}
