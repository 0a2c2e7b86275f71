package markov

import (
	"math"
	"math/rand/v2"
	"testing"
)

// dirichletMoments returns, over rows x of m entries, the mean of x_0 and the mean of
// v = Σ_i (x_i − 1/m)²/m with their standard errors (rows are independent draws).
// For Dirichlet(κ·1), E[x_0] = 1/m and E[v] = Var(x_i) = (m−1)/(m²(mκ+1)), the
// closed form α_i(α_0 − α_i)/(α_0²(α_0+1)) with α_i = κ, α_0 = mκ.
func dirichletMoments(rows [][]float64) (mean0, se0, meanV, seV float64) {
	n := float64(len(rows))
	var s0, ss0, sv, ssv float64
	for _, x := range rows {
		m := float64(len(x))
		var v float64
		for _, xi := range x {
			v += (xi - 1/m) * (xi - 1/m) / m
		}
		s0 += x[0]
		ss0 += x[0] * x[0]
		sv += v
		ssv += v * v
	}
	mean0, meanV = s0/n, sv/n
	se0 = math.Sqrt((ss0/n - mean0*mean0) / (n - 1))
	seV = math.Sqrt((ssv/n - meanV*meanV) / (n - 1))
	return mean0, se0, meanV, seV
}

// TestDirichletMoments checks the draws' mean and variance against the Dirichlet
// closed form within 5 standard errors (a false alarm with probability < 1e-6 per
// check under the normal approximation; the seeds are fixed, so the test is
// deterministic). One-hot rows (variance (m−1)/m²) or uniform rows (variance 0) fail.
func TestDirichletMoments(t *testing.T) {
	const k = 5
	for _, tc := range []struct {
		m, n  int
		kappa float64
	}{
		{4, 4000, 0.5},
		{3, 4000, 3},
	} {
		rng := rand.New(rand.NewPCG(11, uint64(tc.m)))
		rows := make([][]float64, tc.n)
		for r := range rows {
			d, err := RandomDist(tc.m, tc.kappa, rng)
			if err != nil {
				t.Fatal(err)
			}
			rows[r] = d.Values(nil)
		}
		m := float64(tc.m)
		wantV := (m - 1) / (m * m * (m*tc.kappa + 1))
		mean0, se0, meanV, seV := dirichletMoments(rows)
		if !(math.Abs(mean0-1/m) <= k*se0) {
			t.Errorf("RandomDist(m=%d, κ=%v): mean of x_0 = %v ± %v, want %v", tc.m, tc.kappa, mean0, se0, 1/m)
		}
		if !(math.Abs(meanV-wantV) <= k*seV) {
			t.Errorf("RandomDist(m=%d, κ=%v): entry variance = %v ± %v, want %v", tc.m, tc.kappa, meanV, seV, wantV)
		}
	}
	// The rows of a Dirichlet TPM are the same law: m = 64 rows of 64 entries.
	const m, kappa = 64, 0.25
	a, err := RandomDirichlet(m, kappa, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	rows := a.Rows()
	for k := range rows { // rows sum to 1 within the residue rule: a few ulps
		var s float64
		for _, v := range rows[k] {
			s += v
		}
		if !(math.Abs(s-1) <= 1e-14) {
			t.Errorf("row %d sums to %v", k, s)
		}
	}
	wantV := (m - 1.0) / (m * m * (m*kappa + 1))
	_, _, meanV, seV := dirichletMoments(rows)
	if !(math.Abs(meanV-wantV) <= k*seV) {
		t.Errorf("RandomDirichlet(m=%d, κ=%v): entry variance = %v ± %v, want %v", m, kappa, meanV, seV, wantV)
	}
}

// TestDirichletUnderflowFallback: for κ = 1e-6 every Gamma(κ) variate underflows to 0
// (gonum draws it as Gamma(1+κ)·U^{1/κ}, and U^{10⁶} < 1e-308 unless U > 0.9993), so
// dirichletRow takes its fallback: a single 1 at a uniformly drawn position, the κ → 0
// limit of Dirichlet(κ·1). Each position's count over n rows is Binomial(n, 1/m):
// checked within 5 standard errors.
func TestDirichletUnderflowFallback(t *testing.T) {
	const m, n = 3, 3000
	rng := rand.New(rand.NewPCG(2, 9))
	var count [m]int
	for range n {
		d, err := RandomDist(m, 1e-6, rng)
		if err != nil {
			t.Fatal(err)
		}
		ones := 0
		for i := range m {
			switch d.At(i) {
			case 1:
				ones++
				count[i]++
			case 0:
			default:
				t.Fatalf("κ = 1e-6: row %v is not one-hot", d.Values(nil))
			}
		}
		if ones != 1 {
			t.Fatalf("κ = 1e-6: row %v is not one-hot", d.Values(nil))
		}
	}
	se := math.Sqrt(n * (1.0 / m) * (1 - 1.0/m))
	for i, c := range count {
		if !(math.Abs(float64(c)-n/m) <= 5*se) {
			t.Errorf("κ = 1e-6: position %d drawn %d times of %d, want %v ± %v", i, c, n, n/m, se)
		}
	}
	a, err := RandomDirichlet(8, 1e-6, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	rowStochastic(t, "dirichlet κ=1e-6", a)
}
