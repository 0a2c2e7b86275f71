package enumerate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestExactMatchesMonteCarlo samples whole batches from the generative model of
// docs/theory.md §1 (N sources k ~ π, two views each from A[k,·]) and averages the batch-mean
// InfoNCE loss and its gradient on the state-pair logits; the exact expectation must lie
// within 4 standard errors (two-sided normal tail 6.3e-5 per quantity).
func TestExactMatchesMonteCarlo(t *testing.T) {
	const (
		n       = 6
		batches = 20000
		k       = 4 // standard errors
	)
	s := sharp(t)
	m := s.Len()
	logits := randomLogits(m, 99)
	e := mustExact(t, s, n)
	grad := mat.NewDense(m, m, nil)
	want := e.InfoNCE(grad, logits)

	rng := rand.New(rand.NewPCG(2025, 17))
	pi := s.Source()
	a := s.Augmentation()
	rows := make([][]float64, m)
	for i := range rows {
		rows[i] = make([]float64, m)
		for j := range rows[i] {
			rows[i][j] = a.At(i, j)
		}
	}
	draw := func(p []float64) int {
		x := rng.Float64()
		for l, v := range p {
			if x < v {
				return l
			}
			x -= v
		}
		return len(p) - 1
	}
	v1, v2 := make([]int, n), make([]int, n)
	row := make([]float64, n)
	var sum, sumSq float64
	gs := make([]float64, m*m)
	gsSq := make([]float64, m*m)
	g := make([]float64, m*m)
	for b := 0; b < batches; b++ {
		for a := 0; a < n; a++ {
			src := draw(pi)
			v1[a], v2[a] = draw(rows[src]), draw(rows[src])
		}
		clear(g)
		var batch float64
		for a := 0; a < n; a++ {
			mx := math.Inf(-1)
			for c := 0; c < n; c++ {
				row[c] = logits.At(v1[a], v2[c])
				mx = math.Max(mx, row[c])
			}
			var z float64
			for c := range row {
				z += math.Exp(row[c] - mx)
			}
			batch += (mx + math.Log(z) - row[a]) / n
			for c := range row {
				d := math.Exp(row[c]-mx) / z
				if c == a {
					d--
				}
				g[v1[a]*m+v2[c]] += d / n
			}
		}
		sum += batch
		sumSq += batch * batch
		for l, v := range g {
			gs[l] += v
			gsSq[l] += v * v
		}
	}
	check := func(what string, s, sq, exact float64) {
		mean := s / batches
		se := math.Sqrt((sq/batches - mean*mean) / (batches - 1))
		t.Logf("%s: Monte Carlo %.6g ± %.2g, exact %.6g (%.2f SE)", what, mean, se, exact, (mean-exact)/se)
		if !scalar.EqualWithinAbs(mean, exact, k*se) {
			t.Errorf("%s: Monte Carlo %.6g ± %.2g (SE), exact %.6g: off by %.1f SE", what, mean, se, exact, math.Abs(mean-exact)/se)
		}
	}
	check("loss", sum, sumSq, want)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			check(fmt.Sprintf("gradient[%d][%d]", i, j), gs[i*m+j], gsSq[i*m+j], grad.At(i, j))
		}
	}
}
