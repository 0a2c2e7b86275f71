package mnist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
	"github.com/infonce-lab/infonce-lab/markov"
)

// TestSupportMeasuresExact: on a dense space the support measurements reproduce the
// m×m route bit for bit — SupportProb against PairProb's entries and loss (d = 64, the
// MLP's width, and d = 5), SupportTargetGap against the gap computed here from
// feature's own T1 and ρ matrices (InfoNCETarget, DensityRatio) — with one worker
// and with two. Exact equality: the same operations in the same order, which keeps
// the committed numbers of notebooks/mnist (see optimum.SupportProb).
func TestSupportMeasuresExact(t *testing.T) {
	const m, n, tau = 150, 8, 0.5
	s, err := randomEstimate(m, 12, 5).Space(nil)
	if err != nil {
		t.Fatal(err)
	}
	sup := s.Support()
	rng := rand.New(rand.NewPCG(6, 0))
	for _, d := range []int{5, 64} {
		z := mat.NewDense(m, d, nil)
		for i := 0; i < m; i++ {
			for j := 0; j < d; j++ {
				z.Set(i, j, rng.NormFloat64())
			}
		}
		p, wantLoss := PairProb(s, z, tau, n)
		// The gap from feature's dense T1 and ρ, pair by pair in row order.
		t1, c1, rho := s.InfoNCETarget(n), s.PositiveJoint(), s.DensityRatio()
		var rel, lp, lr []float64
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				if c1.At(i, j) > 0 {
					rel = append(rel, math.Abs(p.At(i, j)/t1.At(i, j)-1))
					lp, lr = append(lp, math.Log(p.At(i, j))), append(lr, math.Log(rho.At(i, j)))
				}
			}
		}
		want := TargetGap{Pairs: len(rel), Median: Quantile(rel, 0.5), P90: Quantile(rel, 0.9), LogCorr: stat.Correlation(lp, lr, nil)}
		for _, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			got, loss := SupportProb(sup, z, tau, n)
			runtime.GOMAXPROCS(old)
			if loss != wantLoss {
				t.Errorf("d = %d, %d procs: loss %.17g, PairProb %.17g", d, procs, loss, wantLoss)
			}
			onSup := OnSupport(sup, p)
			for k := range got {
				if got[k] != onSup[k] {
					t.Fatalf("d = %d, %d procs: P on the support differs from PairProb at entry %d: %v, %v", d, procs, k, got[k], onSup[k])
				}
			}
			if g := SupportTargetGap(sup, got, n); g != want {
				t.Errorf("d = %d, %d procs: gap %+v, from feature's T1 and ρ %+v", d, procs, g, want)
			}
		}
	}
}

// TestSupportRelGapByHand: |P/Q − 1| = 0, 0.5, 1, 0.25 → median 0.25, p90 1 (the
// smallest value with at least 50 %, 90 % of the four at or below it).
func TestSupportRelGapByHand(t *testing.T) {
	med, p90 := SupportRelGap([]float64{1, 3, 4, 5}, []float64{1, 2, 2, 4})
	if med != 0.25 || p90 != 1 {
		t.Errorf("median %v, p90 %v; want 0.25, 1", med, p90)
	}
}

// TestGramRowsBlocked: with blocks of 7 rows (the last partial) the nearest-neighbour
// accuracy, the class cosines and the Gram rows themselves equal the single-product
// ones exactly, for d = 100 (GEMM splits the dot products into k-blocks of 64 the same
// way for every row partition of 5 column blocks).
func TestGramRowsBlocked(t *testing.T) {
	const m, d = 300, 100
	rng := rand.New(rand.NewPCG(7, 0))
	z := mat.NewDense(m, d, nil)
	class := make([]int, m)
	for i := 0; i < m; i++ {
		class[i] = rng.IntN(4)
		for j := 0; j < d; j++ {
			z.Set(i, j, rng.NormFloat64()+float64(class[i]*(j%3)))
		}
	}
	u := Normalize(z)
	var full mat.Dense
	full.Mul(u, u.T())
	wantNN, wantCC := NearestNeighbourAccuracy(z, class), ClassCosine(z, class, 4)
	old := gramBlockEntries
	gramBlockEntries = 7 * m
	defer func() { gramBlockEntries = old }()
	blocks := 0
	gramRows(u, func(lo int, g *mat.Dense) {
		r, _ := g.Dims()
		blocks++
		if !mat.Equal(g, full.Slice(lo, lo+r, 0, m)) {
			t.Errorf("Gram rows %d–%d differ from the full product", lo, lo+r-1)
		}
	})
	if blocks != (m+6)/7 {
		t.Errorf("%d blocks, want %d", blocks, (m+6)/7)
	}
	if nn := NearestNeighbourAccuracy(z, class); nn != wantNN {
		t.Errorf("blocked 1-NN accuracy %v, single product %v", nn, wantNN)
	}
	if cc := ClassCosine(z, class, 4); !mat.Equal(cc, wantCC) {
		t.Errorf("blocked class cosines\n%v\nsingle product\n%v", mat.Formatted(cc), mat.Formatted(wantCC))
	}
}

// TestSupportPanics: programmer errors panic with a message naming the value.
func TestSupportPanics(t *testing.T) {
	s, err := randomEstimate(6, 4, 8).Space(nil)
	if err != nil {
		t.Fatal(err)
	}
	sup := s.Support()
	p := make([]float64, sup.NNZ())
	testutil.MustPanic(t, "5 rows", "5 embeddings for 6 states", func() { SupportProb(sup, mat.NewDense(5, 2, nil), 0.5, 4) })
	testutil.MustPanic(t, "short P", fmt.Sprintf("%d probabilities for %d pairs", len(p)-1, len(p)), func() { SupportTargetGap(sup, p[1:], 4) })
	testutil.MustPanic(t, "n = 1", "N = 1", func() { SupportTargetGap(sup, p, 1) })
	testutil.MustPanic(t, "lengths", "3 and 2 probabilities", func() { SupportRelGap([]float64{1, 2, 3}, []float64{1, 2}) })
}

// TestClassTPMMatchesAggregate: the class TPM from the counts equals markov.Aggregate
// of the dense Â under the uniform law exactly (the same sums in the same order); bad
// class maps are refused with the offending value named.
func TestClassTPMMatchesAggregate(t *testing.T) {
	est := randomEstimate(40, 9, 11)
	class := make([]int, 40)
	for i := range class {
		class[i] = (i * 7) % 3
	}
	got, err := est.ClassTPM(class, 3)
	if err != nil {
		t.Fatal(err)
	}
	a, err := est.TPM()
	if err != nil {
		t.Fatal(err)
	}
	pi, err := markov.NewDist(uniform(40))
	if err != nil {
		t.Fatal(err)
	}
	want, err := markov.Aggregate(a, pi, class, 3)
	if err != nil {
		t.Fatal(err)
	}
	for K := 0; K < 3; K++ {
		for J := 0; J < 3; J++ {
			if got.At(K, J) != want.At(K, J) {
				t.Errorf("class TPM (%d, %d) = %v, markov.Aggregate %v", K, J, got.At(K, J), want.At(K, J))
			}
		}
	}
	for _, tc := range []struct {
		class   []int
		classes int
		want    string
	}{
		{class[:39], 3, "39 entries for 40 states"},
		{class, 0, "0 classes"},
		{class, 2, "class 2, out of range [0, 2)"},
		{class, 4, "class 3 holds no state"},
	} {
		if _, err := est.ClassTPM(tc.class, tc.classes); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ClassTPM(%d classes): error %v, want one containing %q", tc.classes, err, tc.want)
		}
	}
}
