package main

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// Layout of the views picture.
const (
	viewsPerRow = 8 // augmented views of each source
	viewScale   = 2 // screen pixels per image pixel
	viewFrame   = 2 // frame width around a snapped state, screen pixels
	viewGap     = 6 // between cells
	viewBlock   = 18
)

// Frame colours of a snapped state: back to its own source image, to another image of
// the same digit, to an image of another digit.
var (
	frameSelf  = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	frameSame  = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	frameOther = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
)

// viewsPicture draws, for the first state of each digit, the source image, viewsPerRow
// augmented views of it, and the state images those views snap to, framed by where they
// landed (frameSelf, frameSame, frameOther). Views are drawn from PCG(seed, 1<<40), a
// stream no estimate or training step uses.
func viewsPicture(w *world, seed uint64) *image.RGBA {
	st := w.st
	cell := st.Cols*viewScale + 2*viewFrame
	cellH := st.Rows*viewScale + 2*viewFrame
	width := (1+2*viewsPerRow)*(cell+viewGap) + 2*viewBlock
	var sources []int
	for c := 0; c < fmnist.Classes; c++ {
		for i, d := range st.Digit {
			if d == c {
				sources = append(sources, i)
				break
			}
		}
	}
	height := len(sources)*(cellH+viewGap) + viewGap
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	rng := rand.New(rand.NewPCG(seed, 1<<40))
	d := st.Rows * st.Cols
	views := mat.NewDense(viewsPerRow, d, nil)
	snapped := make([]int, viewsPerRow)
	sc := &smnist.Scratch{}
	for r, k := range sources {
		y := viewGap + r*(cellH+viewGap)
		x := viewGap
		drawDigit(img, x, y, st.Pixels.RawRowView(k), st.Rows, st.Cols, color.Gray{Y: 0xff})
		for v := 0; v < viewsPerRow; v++ {
			w.e.Augment.Apply(views.RawRowView(v), st.Pixels.RawRowView(k), st.Rows, st.Cols, rng)
		}
		w.e.Snapper.Snap(snapped, views, sc)
		x += cell + viewGap + viewBlock
		for v := 0; v < viewsPerRow; v++ {
			drawDigit(img, x+v*(cell+viewGap), y, views.RawRowView(v), st.Rows, st.Cols, color.Gray{Y: 0xff})
		}
		x += viewsPerRow*(cell+viewGap) + viewBlock
		for v, j := range snapped {
			frame := frameOther
			switch {
			case j == k:
				frame = frameSelf
			case st.Digit[j] == st.Digit[k]:
				frame = frameSame
			}
			drawDigit(img, x+v*(cell+viewGap), y, st.Pixels.RawRowView(j), st.Rows, st.Cols, frame)
		}
	}
	return img
}

// drawDigit draws a rows×cols image of values in [0, 1] (white on black) scaled by
// viewScale inside a frame of colour frame, with its top left corner at (x0, y0).
func drawDigit(img *image.RGBA, x0, y0 int, pix []float64, rows, cols int, frame color.Color) {
	w, h := cols*viewScale+2*viewFrame, rows*viewScale+2*viewFrame
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x0+x, y0+y, frame)
		}
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			g := color.Gray{Y: uint8(255*min(1, max(0, pix[r*cols+c])) + 0.5)}
			for dy := 0; dy < viewScale; dy++ {
				for dx := 0; dx < viewScale; dx++ {
					img.Set(x0+viewFrame+c*viewScale+dx, y0+viewFrame+r*viewScale+dy, g)
				}
			}
		}
	}
}

func encodePNG(img image.Image) func(io.Writer) error {
	return func(w io.Writer) error { return png.Encode(w, img) }
}
