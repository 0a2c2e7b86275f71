package mnist

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Augment parameterises the random augmentation of one image: a random affine map
// (rotation, scale, translation) sampled bilinearly with zeros outside, then Gaussian
// pixel noise, clamped to [0, 1].
type Augment struct {
	// Rotation draws the angle U(−Rotation, Rotation), in degrees (≥ 0).
	Rotation float64
	// MinScale, MaxScale draw the scale U(MinScale, MaxScale) (0 < MinScale ≤ MaxScale).
	MinScale, MaxScale float64
	// Shift draws the translation of each axis U(−Shift, Shift), in pixels (≥ 0).
	Shift float64
	// Noise is the standard deviation σ ≥ 0 of the N(0, σ²) noise added to each pixel.
	Noise float64
}

// DefaultAugment is issue 13's augmentation: rotation U(−20°, 20°), scale U(0.8, 1.2),
// translation U(−3, 3) pixels per axis, noise N(0, 0.1²).
var DefaultAugment = Augment{Rotation: 20, MinScale: 0.8, MaxScale: 1.2, Shift: 3, Noise: 0.1}

// Validate returns an error naming the first invalid parameter.
func (a Augment) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(a.Rotation) || a.Rotation < 0:
		return fmt.Errorf("mnist: rotation range %v degrees: need a finite range ≥ 0 (angles are drawn from U(−r, r))", a.Rotation)
	case !finite(a.MinScale) || !finite(a.MaxScale) || !(a.MinScale > 0) || a.MaxScale < a.MinScale:
		return fmt.Errorf("mnist: scale range [%v, %v]: need finite 0 < min ≤ max", a.MinScale, a.MaxScale)
	case !finite(a.Shift) || a.Shift < 0:
		return fmt.Errorf("mnist: translation range %v pixels: need a finite range ≥ 0", a.Shift)
	case !finite(a.Noise) || a.Noise < 0:
		return fmt.Errorf("mnist: noise σ = %v: need a finite σ ≥ 0", a.Noise)
	}
	return nil
}

// Apply writes into dst one random augmentation of the rows×cols image src (row-major,
// values in [0, 1]), drawing from rng in a fixed order: angle, scale, shift x, shift y,
// then one normal per pixel in row-major order (none if Noise = 0). a must be valid.
func (a Augment) Apply(dst, src []float64, rows, cols int, rng *rand.Rand) {
	angle := (2*rng.Float64() - 1) * a.Rotation * math.Pi / 180
	scale := a.MinScale + (a.MaxScale-a.MinScale)*rng.Float64()
	tx := (2*rng.Float64() - 1) * a.Shift
	ty := (2*rng.Float64() - 1) * a.Shift
	Affine(dst, src, rows, cols, angle, scale, tx, ty)
	if a.Noise > 0 {
		for p, v := range dst {
			dst[p] = v + a.Noise*rng.NormFloat64()
		}
	}
	for p, v := range dst {
		dst[p] = min(max(v, 0), 1)
	}
}

// Affine writes into dst the image src (rows×cols, row-major) under the affine map
// that, like PyTorch's affine_grid + grid_sample (align_corners = false, bilinear,
// zeros padding) with θ = [[cos/s, −sin/s, tx], [sin/s, cos/s, ty]], reads output pixel
// (i, j) from the input point
//
//	x = (cos φ·u − sin φ·v)/s + tx + cx,  y = (sin φ·u + cos φ·v)/s + ty + cy,
//	u = j − cx, v = i − cy, (cx, cy) = ((cols−1)/2, (rows−1)/2),
//
// in pixels (x a column, y a row; the peer's normalised tx is tx·2/cols), bilinearly
// interpolated, pixels outside the image counting as 0. So tx = +1 moves the content
// one pixel left, and a positive angle turns the content counter-clockwise on screen (rows
// pointing down).
func Affine(dst, src []float64, rows, cols int, angle, scale, tx, ty float64) {
	if len(src) != rows*cols || len(dst) != rows*cols {
		panic(fmt.Sprintf("mnist: Affine: src %d, dst %d pixels for %d×%d", len(src), len(dst), rows, cols))
	}
	c, s := math.Cos(angle)/scale, math.Sin(angle)/scale
	cx, cy := float64(cols-1)/2, float64(rows-1)/2
	for i := 0; i < rows; i++ {
		v := float64(i) - cy
		for j := 0; j < cols; j++ {
			u := float64(j) - cx
			x := c*u - s*v + tx + cx
			y := s*u + c*v + ty + cy
			dst[i*cols+j] = bilinear(src, rows, cols, x, y)
		}
	}
}

// bilinear samples src at (x, y) (column, row), zero outside the image.
func bilinear(src []float64, rows, cols int, x, y float64) float64 {
	if !(x > -1 && x < float64(cols) && y > -1 && y < float64(rows)) {
		return 0
	}
	x0f, y0f := math.Floor(x), math.Floor(y)
	fx, fy := x-x0f, y-y0f
	x0, y0 := int(x0f), int(y0f)
	at := func(r, q int) float64 {
		if r < 0 || r >= rows || q < 0 || q >= cols {
			return 0
		}
		return src[r*cols+q]
	}
	return (1-fy)*((1-fx)*at(y0, x0)+fx*at(y0, x0+1)) + fy*((1-fx)*at(y0+1, x0)+fx*at(y0+1, x0+1))
}
