package mnist

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// randomEstimate returns an estimate of m states with r views each drawn from a
// random sparse TPM (each state's views fall on itself and two random others), so
// that c1's support is neither full nor diagonal.
func randomEstimate(m, r int, seed uint64) *Estimate {
	rng := rand.New(rand.NewPCG(seed, 0))
	rows := make([][]int, m)
	for k := range rows {
		targets := []int{k, rng.IntN(m), rng.IntN(m)}
		for v := 0; v < r; v++ {
			rows[k] = append(rows[k], targets[rng.IntN(3)])
		}
	}
	est := &Estimate{R: r, rows: make([][]Count, m)}
	for k, s := range rows {
		est.rows[k] = countRow(s)
	}
	return est
}

// TestSupportGapMatchesDense: the row-blocked sparse gap and loss equal the dense
// PairProb/GapToTarget on the same estimate (several row blocks: m > gapRowBlock).
func TestSupportGapMatchesDense(t *testing.T) {
	const m, n, tau = 150, 8, 0.5
	est := randomEstimate(m, 12, 3)
	dense, err := est.Space(nil)
	if err != nil {
		t.Fatal(err)
	}
	sparse, err := est.SparseSpace(nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 0))
	z := mat.NewDense(m, 5, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < 5; j++ {
			z.Set(i, j, rng.NormFloat64())
		}
	}
	p, wantLoss := PairProb(dense, z, tau, n)
	want := GapToTarget(dense, p, n)
	got, loss := SupportGap(sparse, z, tau, n)
	if got.Pairs != want.Pairs {
		t.Fatalf("%d pairs, dense %d", got.Pairs, want.Pairs)
	}
	// Both sum the same O(m) positive terms in different orders (shifted by max s_il
	// here, by the weighted log-sum-exp there): a few hundred roundings of O(1) values.
	const tol = 1e-10
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"median", got.Median, want.Median}, {"p90", got.P90, want.P90}, {"corr", got.LogCorr, want.LogCorr}, {"loss", loss, wantLoss}} {
		if !(math.Abs(c.got-c.want) <= tol*math.Max(1, math.Abs(c.want))) {
			t.Errorf("%s = %v, dense %v", c.name, c.got, c.want)
		}
	}
}

func TestSparseSpaceNamesUnreachable(t *testing.T) {
	est := &Estimate{R: 2, rows: [][]Count{{{State: 0, N: 2}}, {{State: 0, N: 1}, {State: 2, N: 1}}, {{State: 2, N: 2}}}}
	_, err := est.SparseSpace([]string{"image 3 (digit 0)", "image 5 (digit 4)", "image 8 (digit 9)"})
	var ue *feature.UnreachableError
	if !errors.As(err, &ue) || ue.State != 1 || !strings.Contains(err.Error(), "image 5 (digit 4)") {
		t.Errorf("unreached state 1: %v, want an UnreachableError naming image 5 (digit 4)", err)
	}
	if _, err := est.SparseSpace([]string{"a"}); err == nil || !strings.Contains(err.Error(), "1 labels for 3 states") {
		t.Errorf("label count mismatch: %v", err)
	}
	sp, err := (&Estimate{R: 2, rows: [][]Count{{{State: 0, N: 1}, {State: 1, N: 1}}, {{State: 1, N: 2}}}}).SparseSpace(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Â = [[½, ½], [0, 1]], π uniform: q = (¼, ¾), c1_00 = ½·¼ = 1/8.
	if c := sp.PositiveJoint().At(0, 0); !(math.Abs(c-0.125) <= 1e-15) {
		t.Errorf("c1_00 = %v, want 1/8", c)
	}
}

func TestSupportGapPanics(t *testing.T) {
	sp, err := randomEstimate(5, 4, 1).SparseSpace(nil)
	if err != nil {
		t.Fatal(err)
	}
	testutil.MustPanic(t, "n = 1", "n = 1", func() { SupportGap(sp, mat.NewDense(5, 2, nil), 0.5, 1) })
	testutil.MustPanic(t, "τ = 0", "τ = 0", func() { SupportGap(sp, mat.NewDense(5, 2, nil), 0, 4) })
	testutil.MustPanic(t, "4 embeddings", "4 embeddings for 5 states", func() { SupportGap(sp, mat.NewDense(4, 2, nil), 0.5, 4) })
}
