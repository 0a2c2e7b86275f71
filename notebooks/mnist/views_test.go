package main

import (
	"image/color"
	"testing"

	"gonum.org/v1/gonum/mat"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// TestViewsPictureByHand: with the identity augmentation (no rotation, scale 1, no
// shift, no noise) every view is its source, snaps back to it and is framed blue. Two
// 2×3 states, digits 0 and 1, with distinct pixels: the picture is
// 17·(3·2 + 2·2 + 6) + 2·18 = 308 px wide and 2·(2·2 + 2·2 + 6) + 6 = 34 px high, and
// each cell shows its state's grey levels scaled by 2 inside a 2 px frame.
func TestViewsPictureByHand(t *testing.T) {
	pix := []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 1, 0.5, 0, 0.25, 0.75, 0.1}
	st := &fmnist.States{Rows: 2, Cols: 3, Pixels: mat.NewDense(2, 6, pix), Digit: []int{0, 1}, Index: []int{5, 9}}
	e := &smnist.Estimator{Snapper: smnist.NewSnapper(st.Pixels), Rows: 2, Cols: 3, Augment: smnist.Augment{MinScale: 1, MaxScale: 1}}
	img := viewsPicture(&world{st: st, e: e}, 1)
	if b := img.Bounds(); b.Dx() != 308 || b.Dy() != 34 {
		t.Fatalf("picture %d×%d, want 308×34", b.Dx(), b.Dy())
	}
	grey := func(v float64) color.RGBA { g := uint8(255*v + 0.5); return color.RGBA{g, g, g, 0xff} }
	cellW, cellH := 3*viewScale+2*viewFrame, 2*viewScale+2*viewFrame
	for s := 0; s < 2; s++ {
		y0 := viewGap + s*(cellH+viewGap)
		// Column 0: the source; 1 + viewsPerRow…: the views; then the snapped states.
		for cell := 0; cell < 1+2*viewsPerRow; cell++ {
			x0 := viewGap + cell*(cellW+viewGap)
			if cell >= 1 {
				x0 += viewBlock
			}
			if cell >= 1+viewsPerRow {
				x0 += viewBlock
			}
			frame := color.RGBA{0xff, 0xff, 0xff, 0xff}
			if cell >= 1+viewsPerRow {
				frame = frameSelf
			}
			// The frame's top left corner and the first column of its right side.
			for _, p := range [][2]int{{x0, y0}, {x0 + cellW - viewFrame, y0 + viewFrame}} {
				if got := img.RGBAAt(p[0], p[1]); got != frame {
					t.Errorf("state %d cell %d: frame at (%d, %d) %v, want %v", s, cell, p[0], p[1], got, frame)
				}
			}
			for r := 0; r < 2; r++ {
				for c := 0; c < 3; c++ {
					want := grey(pix[6*s+3*r+c])
					for d := 0; d < viewScale; d++ {
						x, y := x0+viewFrame+c*viewScale+d, y0+viewFrame+r*viewScale+d
						if got := img.RGBAAt(x, y); got != want {
							t.Errorf("state %d cell %d pixel (%d, %d) at (%d, %d): %v, want %v", s, cell, r, c, x, y, got, want)
						}
					}
				}
			}
		}
	}
}
