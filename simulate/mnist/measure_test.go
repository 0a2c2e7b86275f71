package mnist

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/markov"
)

func smallSpace(t *testing.T) (*feature.Space, [][]float64) {
	a := [][]float64{{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.1, 0.8}}
	tpm, err := markov.New(a)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, tpm)
	if err != nil {
		t.Fatal(err)
	}
	return s, a
}

// TestPairProbByHand recomputes P_ij = e^{s_ij}/D_i from A directly:
// q_j = Σ_k A_kj/3, c1_ij = Σ_k A_ki A_kj/3, D_i = Σ_l (c1_il/q_i + (n−1) q_l) e^{s_il}.
func TestPairProbByHand(t *testing.T) {
	s, a := smallSpace(t)
	z := mat.NewDense(3, 2, []float64{2, 0, 1, 1, 0, 3}) // unnormalised on purpose
	const tau, n = 0.5, 4
	p, _ := PairProb(s, z, tau, n)
	u := [][]float64{{1, 0}, {1 / math.Sqrt2, 1 / math.Sqrt2}, {0, 1}}
	var q [3]float64
	var c1 [3][3]float64
	for k := 0; k < 3; k++ {
		for i := 0; i < 3; i++ {
			q[i] += a[k][i] / 3
			for j := 0; j < 3; j++ {
				c1[i][j] += a[k][i] * a[k][j] / 3
			}
		}
	}
	for i := 0; i < 3; i++ {
		var d float64
		sij := func(j int) float64 { return (u[i][0]*u[j][0] + u[i][1]*u[j][1]) / tau }
		for l := 0; l < 3; l++ {
			d += (c1[i][l]/q[i] + (n-1)*q[l]) * math.Exp(sij(l))
		}
		for j := 0; j < 3; j++ {
			want := math.Exp(sij(j)) / d
			if !(math.Abs(p.At(i, j)-want) <= 1e-14*want) { // a few roundings of O(1) sums
				t.Errorf("P[%d][%d] = %v, want %v", i, j, p.At(i, j), want)
			}
		}
	}
}

func TestGapToTarget(t *testing.T) {
	s, _ := smallSpace(t)
	const n = 4
	t1 := s.InfoNCETarget(n)
	var p mat.Dense
	p.Scale(1.1, t1)
	g := GapToTarget(s, &p, n)
	// P = 1.1·T1: every relative gap is 0.1 (to rounding); c1 > 0 on all 9 pairs.
	if g.Pairs != 9 || !(math.Abs(g.Median-0.1) <= 1e-14) || !(math.Abs(g.P90-0.1) <= 1e-14) {
		t.Errorf("gap %+v, want 9 pairs, median = p90 = 0.1", g)
	}
	// P ∝ ρ²: log P is affine in log ρ, correlation 1.
	rho := s.DensityRatio()
	p.Apply(func(i, j int, _ float64) float64 { return 0.01 * rho.At(i, j) * rho.At(i, j) }, &p)
	if g := GapToTarget(s, &p, n); !(math.Abs(g.LogCorr-1) <= 1e-12) {
		t.Errorf("log correlation %v, want 1", g.LogCorr)
	}
	if med, p90 := RelGap(s, t1, t1); med != 0 || p90 != 0 {
		t.Errorf("RelGap(T1, T1) = %v, %v", med, p90)
	}
}

func TestClustering(t *testing.T) {
	z := mat.NewDense(4, 2, []float64{1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9})
	if acc := NearestNeighbourAccuracy(z, []int{0, 0, 1, 1}); acc != 1 {
		t.Errorf("1-NN with clustered classes = %v, want 1", acc)
	}
	if acc := NearestNeighbourAccuracy(z, []int{0, 1, 0, 1}); acc != 0 {
		t.Errorf("1-NN with crossed classes = %v, want 0", acc)
	}
	c := ClassCosine(mat.NewDense(4, 2, []float64{1, 0, 2, 0, 0, 1, 0, 3}), []int{0, 0, 1, 1}, 2)
	if !mat.Equal(c, mat.NewDense(2, 2, []float64{1, 0, 0, 1})) {
		t.Errorf("class cosines %v, want I", mat.Formatted(c))
	}
	// cos((1,0),(1,1)) = 1/√2 between the classes; within: one pair each, cosine 1.
	c = ClassCosine(mat.NewDense(4, 2, []float64{1, 0, 1, 0, 1, 1, 1, 1}), []int{0, 0, 1, 1}, 2)
	w, b := WithinBetween(c)
	if !(math.Abs(w-1) <= 1e-15) || !(math.Abs(b-1/math.Sqrt2) <= 1e-15) {
		t.Errorf("within %v between %v, want 1 and 1/√2", w, b)
	}
}

func TestProbeAccuracy(t *testing.T) {
	// Three classes on three axes with small perturbations: linearly separable, and
	// each fold holds two rows of each class.
	var data []float64
	var class []int
	for c := 0; c < 3; c++ {
		for k := 0; k < 4; k++ {
			row := []float64{0.1 * float64(k), 0.05 * float64(k), 0.02}
			row[c] = 1
			data = append(data, row...)
			class = append(class, c)
		}
	}
	acc, err := ProbeAccuracy(mat.NewDense(12, 3, data), class, 3)
	if err != nil || acc != 1 {
		t.Errorf("separable probe: %v, %v; want 1", acc, err)
	}
	if _, err := ProbeAccuracy(mat.NewDense(3, 1, []float64{1, 2, 3}), []int{0, 0, 1}, 2); err == nil || !strings.Contains(err.Error(), "class 1 has 1 rows") {
		t.Errorf("one row in a class: %v", err)
	}
}

// TestMeanCosine against the pairwise definition: the mean of cos(z_i, z_j) over
// ordered pairs i ≠ j, computed directly.
func TestMeanCosine(t *testing.T) {
	z := mat.NewDense(4, 3, []float64{1, 0, 0, 2, 2, 0, 0, 0, -3, 1, 1, 1})
	u := Normalize(z)
	var want float64
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if i != j {
				want += mat.Dot(u.RowView(i), u.RowView(j)) / 12
			}
		}
	}
	if got := MeanCosine(z); !(math.Abs(got-want) <= 1e-15) { // a dozen roundings of O(1) terms
		t.Errorf("MeanCosine = %v, pairwise mean %v", got, want)
	}
	if got := MeanCosine(mat.NewDense(3, 2, []float64{1, 1, 2, 2, 5, 5})); !(math.Abs(got-1) <= 1e-15) {
		t.Errorf("MeanCosine of one direction = %v, want 1", got)
	}
	testutil.MustPanic(t, "one row", "need ≥ 2", func() { MeanCosine(mat.NewDense(1, 2, nil)) })
}

// TestClassCosineUnequalPairs: class 0 = {e1, e2, (e1+e2)/√2}, class 1 = {−e1, −e2}.
// By hand: the class-0 block averages 0, 1/√2, 1/√2 (each ordered pair twice) =
// √2/3; the class-1 block is 0; the cross block averages −1, 0, 0, −1, −1/√2, −1/√2 =
// −(2 + √2)/6.
func TestClassCosineUnequalPairs(t *testing.T) {
	z := mat.NewDense(5, 2, []float64{1, 0, 0, 1, 1, 1, -1, 0, 0, -1})
	c := ClassCosine(z, []int{0, 0, 0, 1, 1}, 2)
	want := mat.NewDense(2, 2, []float64{math.Sqrt2 / 3, -(2 + math.Sqrt2) / 6, -(2 + math.Sqrt2) / 6, 0})
	if !mat.EqualApprox(c, want, 1e-15) { // sums of six O(1) terms
		t.Errorf("ClassCosine = %v, want %v", mat.Formatted(c), mat.Formatted(want))
	}
}

// TestQuantileSmall: one value is its own quantile at every level; no value gives NaN.
func TestQuantileSmall(t *testing.T) {
	for _, f := range []float64{0.1, 0.5, 0.9} {
		if got := Quantile([]float64{3}, f); got != 3 {
			t.Errorf("Quantile([3], %v) = %v, want 3", f, got)
		}
	}
	if got := Quantile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("Quantile(nil) = %v, want NaN", got)
	}
}
