package mnist

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// pixelStates are 1×1 images with values 0.2, 0.5, 0.8: with noise only, a view is
// clamp(x + σε), and it snaps to state 0 below 0.35, to state 2 above 0.65 (clamping is
// monotone and keeps that order), so A_k0 = Φ((0.35 − x_k)/σ), A_k2 = 1 − Φ((0.65 − x_k)/σ).
var pixelStates = []float64{0.2, 0.5, 0.8}

func pixelEstimator(sigma float64, workers int) *Estimator {
	return &Estimator{
		Snapper: NewSnapper(mat.NewDense(3, 1, slices.Clone(pixelStates))),
		Rows:    1, Cols: 1,
		Augment: Augment{MinScale: 1, MaxScale: 1, Noise: sigma},
		Workers: workers,
	}
}

func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func TestEstimateClosedForm(t *testing.T) {
	const sigma, r = 0.15, 4000
	est, err := pixelEstimator(sigma, 2).Estimate(r, 5)
	if err != nil {
		t.Fatal(err)
	}
	for k, x := range pixelStates {
		lo, hi := phi((0.35-x)/sigma), 1-phi((0.65-x)/sigma)
		want := []float64{lo, 1 - lo - hi, hi}
		for i, p := range want {
			// Binomial: Â_ki has SE √(p(1−p)/R) ≤ 0.008; 4 SE.
			if d := est.At(k, i) - p; !(math.Abs(d) <= 4*math.Sqrt(p*(1-p)/r)) {
				t.Errorf("Â[%d][%d] = %v, closed form %v", k, i, est.At(k, i), p)
			}
		}
	}
	// The reported SE is the plug-in binomial one.
	if a := est.At(1, 1); est.StdErr(1, 1) != math.Sqrt(a*(1-a)/r) {
		t.Errorf("StdErr(1,1) = %v", est.StdErr(1, 1))
	}
}

func TestEstimateDeterministicAcrossWorkers(t *testing.T) {
	a, err := pixelEstimator(0.2, 1).Estimate(300, 9)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pixelEstimator(0.2, 3).Estimate(300, 9)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		if !slices.Equal(a.Row(k), b.Row(k)) {
			t.Errorf("row %d: 1 worker %v, 3 workers %v", k, a.Row(k), b.Row(k))
		}
	}
}

// TestEstimateIdentityAndUnreachable: without augmentation every view is its own
// state, so Â = I; a duplicated image is never the nearest (ties go to the first copy),
// so the space refuses it and names it.
func TestEstimateIdentityAndUnreachable(t *testing.T) {
	img := mat.NewDense(4, 4, []float64{
		0, 1, 0, 1,
		1, 1, 0, 0,
		0, 1, 0, 1, // duplicate of state 0
		0.5, 0, 0, 0.5,
	})
	e := &Estimator{Snapper: NewSnapper(img), Rows: 2, Cols: 2, Augment: Augment{MinScale: 1, MaxScale: 1}}
	est, err := e.Estimate(10, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []int{0, 1, 0, 3} {
		if est.At(k, want) != 1 {
			t.Errorf("Â[%d][%d] = %v, want 1", k, want, est.At(k, want))
		}
	}
	labels := []string{"image 7 (digit 0)", "image 9 (digit 1)", "image 12 (digit 0)", "image 20 (digit 3)"}
	_, err = est.Space(labels)
	var ue *feature.UnreachableError
	if !errors.As(err, &ue) || ue.State != 2 || !strings.Contains(err.Error(), "image 12 (digit 0)") {
		t.Errorf("space with a duplicate: %v, want UnreachableError for state 2, image 12 (digit 0)", err)
	}
}

func TestEstimateErrors(t *testing.T) {
	e := pixelEstimator(0.1, 1)
	if _, err := e.Estimate(0, 1); err == nil || !strings.Contains(err.Error(), "0 augmentations") {
		t.Errorf("R = 0: %v", err)
	}
	e.Augment.Noise = -1
	if _, err := e.Estimate(5, 1); err == nil || !strings.Contains(err.Error(), "noise σ = -1") {
		t.Errorf("noise -1: %v", err)
	}
	e = pixelEstimator(0.1, 1)
	e.Rows = 2
	if _, err := e.Estimate(5, 1); err == nil || !strings.Contains(err.Error(), "2×1") {
		t.Errorf("shape: %v", err)
	}
}

// TestAggregatesAndBootstrap checks the class TPM, the masses and the bootstrap
// standard error of the diagonal mass against their definitions.
func TestAggregatesAndBootstrap(t *testing.T) {
	const r = 500
	est, err := pixelEstimator(0.15, 2).Estimate(r, 3)
	if err != nil {
		t.Fatal(err)
	}
	class := []int{0, 1, 1}
	ct, err := est.ClassTPM(class, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Class 1 = states {1, 2}, uniform source: row 1 is the mean of rows 1 and 2.
	want11 := (est.At(1, 1) + est.At(1, 2) + est.At(2, 1) + est.At(2, 2)) / 2
	if d := ct.At(1, 1) - want11; !(math.Abs(d) <= 1e-15) { // a few roundings of sums ≤ 1
		t.Errorf("class TPM[1][1] = %v, want %v", ct.At(1, 1), want11)
	}
	wantSame := (est.At(0, 0) + want11*2) / 3
	if d := est.SameClassMass(class) - wantSame; !(math.Abs(d) <= 1e-15) {
		t.Errorf("same-class mass %v, want %v", est.SameClassMass(class), wantSame)
	}
	diag := (est.At(0, 0) + est.At(1, 1) + est.At(2, 2)) / 3
	if d := est.DiagonalMass() - diag; !(math.Abs(d) <= 1e-15) {
		t.Errorf("diagonal mass %v, want %v", est.DiagonalMass(), diag)
	}
	// Bootstrap SE of the diagonal mass against the binomial one,
	// √(Σ_k A_kk(1−A_kk)/R)/m (rows independent; resampling R of R views is a
	// multinomial draw with the same variance up to the factor 1 of R/R).
	const b = 400
	res, err := est.Bootstrap(b, 11, func(e *Estimate) ([]float64, error) { return []float64{e.DiagonalMass()}, nil })
	if err != nil {
		t.Fatal(err)
	}
	var v float64
	for k := 0; k < 3; k++ {
		a := est.At(k, k)
		v += a * (1 - a) / r
	}
	se := math.Sqrt(v) / 3
	// The SD of B = 400 normal replicates has relative SE 1/√(2(B−1)) = 3.5%; 4 SE.
	if rel := res.StdErr[0]/se - 1; !(math.Abs(rel) <= 4/math.Sqrt(2*(b-1))) {
		t.Errorf("bootstrap SE %v, binomial %v", res.StdErr[0], se)
	}
	// The bootstrap mean is unbiased for the plug-in statistic (linear in Â): 4 SE/√B.
	if d := res.Mean[0] - diag; !(math.Abs(d) <= 4*se/math.Sqrt(b)) {
		t.Errorf("bootstrap mean %v, estimate %v", res.Mean[0], diag)
	}
	if res.Replicates != b || res.Failed != 0 {
		t.Errorf("replicates %d failed %d", res.Replicates, res.Failed)
	}
	if _, err := est.Bootstrap(1, 1, nil); err == nil {
		t.Error("B = 1: no error")
	}
}

// TestRealStatesSnapToThemselves: on the first 20 images of each digit, an image
// snaps to itself (no two selected images are identical), so with no augmentation
// Â = I and the labelled space builds.
func TestRealStatesSnapToThemselves(t *testing.T) {
	st, e := realEstimator(t, 20, 0)
	e.Augment = Augment{MinScale: 1, MaxScale: 1}
	est, err := e.Estimate(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < st.Len(); k++ {
		if est.At(k, k) != 1 {
			t.Errorf("state %d (%s) snapped elsewhere: %v", k, st.Labels()[k], est.Row(k))
		}
	}
	if _, err := est.Space(st.Labels()); err != nil {
		t.Error(err)
	}
}

// TestEstimateAccessors on a hand-made estimate: R = 4, row 0 = {0: 3, 2: 1},
// row 1 = {1: 4}, row 2 = {0: 2, 1: 1, 2: 1}.
func TestEstimateAccessors(t *testing.T) {
	est := &Estimate{R: 4, rows: [][]Count{{{0, 3}, {2, 1}}, {{1, 4}}, {{0, 2}, {1, 1}, {2, 1}}}}
	for _, c := range []struct {
		k, i int
		want float64
	}{{0, 0, 0.75}, {0, 1, 0}, {0, 2, 0.25}, {1, 0, 0}, {1, 1, 1}, {2, 1, 0.25}} {
		if got := est.At(c.k, c.i); got != c.want {
			t.Errorf("At(%d, %d) = %v, want %v", c.k, c.i, got, c.want)
		}
	}
	// (2 + 1 + 3)/3 non-zeros per row.
	if got := est.NonZeros(); got != 2 {
		t.Errorf("NonZeros = %v, want 2", got)
	}
	// √(¾·¼/4) = √3/8 for Â_00; 0 for an entry never hit.
	if got := est.StdErr(0, 0); !(math.Abs(got-math.Sqrt(3)/8) <= 1e-16) {
		t.Errorf("StdErr(0, 0) = %v, want √3/8", got)
	}
	if got := est.StdErr(1, 0); got != 0 {
		t.Errorf("StdErr(1, 0) = %v, want 0", got)
	}
}
