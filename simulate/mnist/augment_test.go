package mnist

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// testImage is a rows×cols image with distinct values in (0, 1).
func testImage(rows, cols int) []float64 {
	im := make([]float64, rows*cols)
	for p := range im {
		im[p] = float64(p+1) / float64(rows*cols+1)
	}
	return im
}

func TestAffineIdentity(t *testing.T) {
	const rows, cols = 5, 7
	src := testImage(rows, cols)
	dst := make([]float64, len(src))
	Affine(dst, src, rows, cols, 0, 1, 0, 0)
	for p := range src {
		// Identity: every sample point is a pixel centre, weights exactly (1, 0).
		if dst[p] != src[p] {
			t.Fatalf("pixel %d: %v, want %v", p, dst[p], src[p])
		}
	}
}

func TestAffineRotation90(t *testing.T) {
	const n = 6
	src := testImage(n, n)
	dst := make([]float64, len(src))
	Affine(dst, src, n, n, math.Pi/2, 1, 0, 0)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			// Output (i, j) reads input (x, y) = (cx − v, cy + u) = (n−1−i, j): row j,
			// column n−1−i. Tolerance: cos(π/2) = 6e-17, not 0, moves the sample
			// point by ~1e-15 pixels, so the value by ≤ 1e-15 × max pixel step.
			want := src[j*n+(n-1-i)]
			if d := dst[i*n+j] - want; !(math.Abs(d) <= 1e-12) {
				t.Errorf("(%d,%d) = %v, want %v", i, j, dst[i*n+j], want)
			}
		}
	}
}

func TestAffineShiftAndScale(t *testing.T) {
	const rows, cols = 4, 5
	src := testImage(rows, cols)
	dst := make([]float64, len(src))
	Affine(dst, src, rows, cols, 0, 1, 1, 0) // reads column j+1: content moves left
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			want := 0.0 // column cols reads outside: zero
			if j+1 < cols {
				want = src[i*cols+j+1]
			}
			if dst[i*cols+j] != want {
				t.Errorf("shift: (%d,%d) = %v, want %v", i, j, dst[i*cols+j], want)
			}
		}
	}
	// Half-pixel vertical shift: the mean of rows i and i+1 (bilinear, exact weights ½).
	Affine(dst, src, rows, cols, 0, 1, 0, 0.5)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			want := src[i*cols+j] / 2
			if i+1 < rows {
				want += src[(i+1)*cols+j] / 2
			}
			if d := dst[i*cols+j] - want; !(math.Abs(d) <= 1e-15) { // one rounding of ½a + ½b
				t.Errorf("half shift: (%d,%d) = %v, want %v", i, j, dst[i*cols+j], want)
			}
		}
	}
	// Scale 2 on a 3×3 image: output (i, j) reads the centre plus half its offset,
	// (1 + (j−1)/2, 1 + (i−1)/2); the corner (0,0) reads (0.5, 0.5), the mean of the
	// top-left 2×2 block.
	im := []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 0.1, 0.3, 0.5}
	out := make([]float64, 9)
	Affine(out, im, 3, 3, 0, 2, 0, 0)
	if want := (0 + 0.2 + 0.6 + 0.8) / 4; !(math.Abs(out[0]-want) <= 1e-15) {
		t.Errorf("scale 2 corner = %v, want %v", out[0], want)
	}
	if out[4] != 0.8 {
		t.Errorf("scale 2 centre = %v, want 0.8", out[4])
	}
}

// TestApplyNoise checks the noise law on a constant 0.5 image with no affine motion:
// pixel − 0.5 ~ N(0, σ²), clamping at 0 and 1 being 5σ away (probability 6e-7).
func TestApplyNoise(t *testing.T) {
	const rows, cols, reps = 28, 28, 50
	src := make([]float64, rows*cols)
	for p := range src {
		src[p] = 0.5
	}
	a := Augment{MinScale: 1, MaxScale: 1, Noise: 0.1}
	rng := rand.New(rand.NewPCG(1, 2))
	dst := make([]float64, len(src))
	var sum, sq float64
	n := 0
	for r := 0; r < reps; r++ {
		a.Apply(dst, src, rows, cols, rng)
		for _, v := range dst {
			sum += v - 0.5
			sq += (v - 0.5) * (v - 0.5)
			n++
		}
	}
	mean, variance := sum/float64(n), sq/float64(n)
	// n = 39 200 normals: SE of the mean σ/√n = 5e-4, of the variance σ²√(2/n) = 7.1e-5;
	// 4 SE.
	if !(math.Abs(mean) <= 4*0.1/math.Sqrt(float64(n))) {
		t.Errorf("noise mean %v", mean)
	}
	if !(math.Abs(variance-0.01) <= 4*0.01*math.Sqrt(2/float64(n))) {
		t.Errorf("noise variance %v, want 0.01", variance)
	}
	// Clamp: large noise keeps every pixel in [0, 1].
	a.Noise = 3
	a.Apply(dst, src, rows, cols, rng)
	for p, v := range dst {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("pixel %d = %v outside [0, 1]", p, v)
		}
	}
}

// TestApplySeeded: same seed, same image; and the draws are the ones documented
// (angle, scale, tx, ty), replayed through Affine.
func TestApplySeeded(t *testing.T) {
	const n = 8
	src := testImage(n, n)
	a := DefaultAugment
	a.Noise = 0
	x, y := make([]float64, n*n), make([]float64, n*n)
	a.Apply(x, src, n, n, rand.New(rand.NewPCG(7, 7)))
	r := rand.New(rand.NewPCG(7, 7))
	ang := (2*r.Float64() - 1) * 20 * math.Pi / 180
	sc := 0.8 + 0.4*r.Float64()
	tx, ty := (2*r.Float64()-1)*3, (2*r.Float64()-1)*3
	Affine(y, src, n, n, ang, sc, tx, ty)
	for p := range x {
		if x[p] != min(max(y[p], 0), 1) {
			t.Fatalf("pixel %d: Apply %v, replay %v", p, x[p], y[p])
		}
	}
}

func TestAugmentValidate(t *testing.T) {
	if err := DefaultAugment.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		a    Augment
		want string
	}{
		{Augment{Rotation: -1, MinScale: 1, MaxScale: 1}, "rotation range -1"},
		{Augment{Rotation: math.NaN(), MinScale: 1, MaxScale: 1}, "rotation range NaN"},
		{Augment{MinScale: 0, MaxScale: 1}, "scale range [0, 1]"},
		{Augment{MinScale: 1.2, MaxScale: 0.8}, "scale range [1.2, 0.8]"},
		{Augment{MinScale: 1, MaxScale: 1, Shift: -2}, "translation range -2"},
		{Augment{MinScale: 1, MaxScale: 1, Noise: -0.1}, "noise σ = -0.1"},
	} {
		err := tc.a.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.a, err, tc.want)
		}
	}
}
