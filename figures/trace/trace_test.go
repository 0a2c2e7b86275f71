package trace

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
)

var nan = math.NaN()

// The values below are small integers and halves, exact in binary: the expected
// numbers are exact and compared with ==.

func TestSymmetric(t *testing.T) {
	b := mat.NewDense(3, 3, []float64{1, 2, nan, 4, nan, nan, 7, nan, nan})
	for _, tc := range []struct {
		p    feature.Pair
		want float64
	}{
		{feature.Pair{I: 0, J: 1}, 3},   // (2 + 4)/2
		{feature.Pair{I: 1, J: 0}, 3},   // the same pair
		{feature.Pair{I: 0, J: 0}, 1},   // diagonal: a_ii
		{feature.Pair{I: 0, J: 2}, 7},   // a_02 NaN: a_20 alone
		{feature.Pair{I: 2, J: 0}, 7},   // a_20 first, a_02 NaN
		{feature.Pair{I: 1, J: 2}, nan}, // both NaN
	} {
		if got := Symmetric(b, tc.p); !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("Symmetric %v = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestSpread(t *testing.T) {
	mean, lo, hi, ok := Spread([]float64{3, nan, 1, 5})
	if !ok || mean != 3 || lo != 1 || hi != 5 {
		t.Errorf("Spread = %v, %v, %v, %v; want 3, 1, 5, true (NaN skipped)", mean, lo, hi, ok)
	}
	mean, lo, hi, ok = Spread([]float64{-2})
	if !ok || mean != -2 || lo != -2 || hi != -2 {
		t.Errorf("Spread of one value = %v, %v, %v, %v; want −2 three times", mean, lo, hi, ok)
	}
	for _, vs := range [][]float64{{nan, nan}, nil} {
		mean, lo, hi, ok := Spread(vs)
		if ok || !math.IsNaN(mean) || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("Spread(%v) = %v, %v, %v, %v; want NaN three times, false", vs, mean, lo, hi, ok)
		}
	}
}

func TestMean(t *testing.T) {
	a := mat.NewDense(1, 3, []float64{1, nan, nan})
	b := mat.NewDense(1, 3, []float64{3, 4, nan})
	c := mat.NewDense(1, 3, []float64{5, 1, nan})
	var nilDense *mat.Dense
	got := Mean([]mat.Matrix{a, nil, nilDense, b, c})
	// Means of the numbers: (1+3+5)/3 = 3, (4+1)/2 = 2.5, none.
	if got.At(0, 0) != 3 || got.At(0, 1) != 2.5 || !math.IsNaN(got.At(0, 2)) {
		t.Errorf("Mean = %v, want [3 2.5 NaN]", mat.Formatted(got))
	}
	if a.At(0, 0) != 1 || b.At(0, 1) != 4 {
		t.Errorf("Mean changed its inputs")
	}
	if Mean(nil) != nil || Mean([]mat.Matrix{nilDense}) != nil {
		t.Errorf("Mean of no matrix is not nil")
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Mean of a 1×3 and a 3×1 matrix did not panic")
		}
	}()
	Mean([]mat.Matrix{a, mat.NewDense(3, 1, nil)})
}

// Matrices that differ in one dimension only are refused too.
func TestMeanShapes(t *testing.T) {
	for _, b := range []*mat.Dense{mat.NewDense(2, 3, nil), mat.NewDense(1, 2, nil)} {
		func() {
			defer func() {
				if recover() == nil {
					r, c := b.Dims()
					t.Errorf("Mean of a 1×3 and a %d×%d matrix did not panic", r, c)
				}
			}()
			Mean([]mat.Matrix{mat.NewDense(1, 3, nil), b})
		}()
	}
}

// One replicate: its own steps and values, a band of zero width.
func TestPairsOneReplicate(t *testing.T) {
	res := []*simulate.Result{{Records: []simulate.Record{rec(5, 1, 3), rec(15, 2, 2)}}}
	tr, err := Pairs(res, []feature.Pair{{I: 0, J: 1}}, PairProb, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr[0]; !slices.Equal(got.Steps, []float64{5, 15}) || !slices.Equal(got.Mean, []float64{2, 2}) || !slices.Equal(got.Lo, got.Mean) || !slices.Equal(got.Hi, got.Mean) {
		t.Errorf("one replicate: trace %+v, want steps [5 15], mean = lo = hi = [2 2]", got)
	}
}

func TestUpperPairs(t *testing.T) {
	want := []feature.Pair{{I: 0, J: 0}, {I: 0, J: 1}, {I: 0, J: 2}, {I: 1, J: 1}, {I: 1, J: 2}, {I: 2, J: 2}}
	if got := UpperPairs(3); !slices.Equal(got, want) {
		t.Errorf("UpperPairs(3) = %v, want %v", got, want)
	}
	if got := UpperPairs(0); len(got) != 0 {
		t.Errorf("UpperPairs(0) = %v, want none", got)
	}
}

func rec(step int, v01, v10 float64) simulate.Record {
	return simulate.Record{Step: step, PairProb: mat.NewDense(2, 2, []float64{0, v01, v10, 0})}
}

// TestPairs checks the reduction of records to traces on hand-made results: mean, min
// and max over replicates of the symmetrised value, scaled, a NaN entry replaced by its
// mirror, and a step at which no replicate has a value left out.
func TestPairs(t *testing.T) {
	res := []*simulate.Result{
		{Records: []simulate.Record{rec(0, 1, 3), rec(10, nan, nan), rec(20, 2, 2)}, PairProb: mat.NewDense(2, 2, []float64{0, 1, 1, 0})},
		{Records: []simulate.Record{rec(0, 4, 4), rec(10, nan, nan), rec(20, 6, nan)}, PairProb: mat.NewDense(2, 2, []float64{0, 3, 5, 0})},
		{Records: []simulate.Record{rec(0, nan, nan), rec(10, nan, nan), rec(20, 4, 4)}, PairProb: nil},
	}
	tr, err := Pairs(res, []feature.Pair{{I: 0, J: 1}, {I: 1, J: 1}}, PairProb, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := tr[0]
	// Step 0: 10·2, 10·4 (third NaN); step 10 dropped; step 20: 10·2, 10·6, 10·4.
	if got.I != 0 || got.J != 1 ||
		!slices.Equal(got.Steps, []float64{0, 20}) || !slices.Equal(got.Mean, []float64{30, 40}) ||
		!slices.Equal(got.Lo, []float64{20, 20}) || !slices.Equal(got.Hi, []float64{40, 60}) {
		t.Errorf("trace %+v, want steps [0 20], mean [30 40], lo [20 20], hi [40 60]", got)
	}
	for _, v := range []float64{got.Target, got.Optimum, got.Final, got.FinalLo, got.FinalHi} {
		if !math.IsNaN(v) {
			t.Errorf("trace %+v: target, optimum and finals want NaN before Final", got)
		}
	}
	// The diagonal (1, 1) is 0 in every record: all three steps, scaled 0.
	if d := tr[1]; !slices.Equal(d.Steps, []float64{0, 10, 20}) || !slices.Equal(d.Mean, []float64{0, 0, 0}) {
		t.Errorf("diagonal trace %+v, want 0 at steps 0, 10, 20", d)
	}
	Final(tr, res, 10)
	// Finals: 10·1 and 10·4 (the third replicate has none): mean 25.
	if tr[0].Final != 25 || tr[0].FinalLo != 10 || tr[0].FinalHi != 40 {
		t.Errorf("final %v [%v, %v], want 25 [10, 40]", tr[0].Final, tr[0].FinalLo, tr[0].FinalHi)
	}

	if _, err := Pairs(nil, []feature.Pair{{I: 0, J: 1}}, PairProb, 1); err == nil {
		t.Errorf("no replicates: no error")
	}
	res[1].Records = res[1].Records[:2]
	if _, err := Pairs(res, []feature.Pair{{I: 0, J: 1}}, PairProb, 1); err == nil || !strings.Contains(err.Error(), "replicate 1 has 2 records") {
		t.Errorf("ragged records: error %v", err)
	}
	res[1].Records = append(res[1].Records, simulate.Record{Step: 20})
	if _, err := Pairs(res, []feature.Pair{{I: 0, J: 1}}, PairProb, 1); err == nil || !strings.Contains(err.Error(), "replicate 1: step 20 has no measurement") {
		t.Errorf("a record without a measurement: error %v", err)
	}
}

func TestClassCosine(t *testing.T) {
	if ClassCosine(simulate.Record{}) != nil {
		t.Errorf("ClassCosine without geometry is not nil")
	}
	if ClassCosine(simulate.Record{Geometry: &simulate.Geometry{}}) != nil {
		t.Errorf("ClassCosine of a geometry without cosines is not nil")
	}
	c := mat.NewDense(1, 1, []float64{0.5})
	if got := ClassCosine(simulate.Record{Geometry: &simulate.Geometry{ClassCosine: c}}); got.At(0, 0) != 0.5 {
		t.Errorf("ClassCosine = %v, want the record's", got)
	}
	r := simulate.Record{PairProb: c}
	if got := PairProb(r); got.At(0, 0) != 0.5 {
		t.Errorf("PairProb = %v, want the record's", got)
	}
	if PairProb(simulate.Record{}) != nil {
		t.Errorf("PairProb of a record without one is not nil")
	}
}
