package feature

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

// eigTol is the accuracy issue 14 asks of the eigenvalues. With the default residual
// tolerance 1e-10 the Lanczos eigenvalues err by at most the residual (Weyl), and gonum's
// dense Dsyev by O(m·ε) ≈ 1e-13, so 1e-8 has a wide margin.
const eigTol = 1e-8

// denseNormalized returns M = D^{-1/2} c1 D^{-1/2} built from the dense space (an
// independent route: SYRK c1, no sparse code).
func denseNormalized(t *testing.T, a *markov.SparseTPM, pi []float64) *mat.SymDense {
	t.Helper()
	d, err := NewSpace(pi, a.Dense())
	if err != nil {
		t.Fatal(err)
	}
	q := d.ViewMarginal()
	c1 := d.PositiveJoint()
	m := len(q)
	M := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			M.SetSym(i, j, c1.At(i, j)/math.Sqrt(q[i]*q[j]))
		}
	}
	return M
}

func uniform(m int) []float64 {
	pi := make([]float64, m)
	for i := range pi {
		pi[i] = 1 / float64(m)
	}
	return pi
}

func cycleWalk(t *testing.T, m int) *markov.SparseTPM {
	var edges []markov.Edge
	for i := 0; i < m; i++ {
		edges = append(edges, markov.Edge{U: i, V: (i + 1) % m})
	}
	a, err := markov.LazyWalk(m, edges, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSpectralMatchesDenseEigenSym(t *testing.T) {
	type tc struct {
		reason string
		a      *markov.SparseTPM
		pi     []float64
		k      int
		opts   SpectralOptions
	}
	var cases []tc
	for _, sp := range []sparseSpec{{M: 120, Fanout: 3, Seed: 11, Ring: true}, {M: 300, Fanout: 5, Seed: 12, Ring: true}, {M: 80, Fanout: 1, Seed: 13, Ring: true}} {
		a, pi := sp.build()
		cases = append(cases, tc{"random sparse TPM, non-uniform π " + sp.String(), a, pi, 6, SpectralOptions{}})
	}
	cyc := cycleWalk(t, 200)
	cases = append(cases, tc{"lazy walk on a 200-cycle: every eigenvalue but 1 is double (block 2)", cyc, uniform(200), 9, SpectralOptions{Block: 2}})
	ring, ringPi := sparseSpec{M: 150, Fanout: 4, Seed: 21, Ring: true}.build()
	cases = append(cases, tc{"random TPM with block size 3", ring, ringPi, 6, SpectralOptions{Block: 3}})
	hg, err := markov.HashGraph(254)
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"hash graph m = 254: clustered spectrum", hg, uniform(254), 16, SpectralOptions{}})
	blk, err := markov.SparseBlock([]int{40, 50, 60}, 1)
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, tc{"three disconnected blocks: eigenvalue 1 is triple (block 4)", blk, uniform(150), 4, SpectralOptions{Block: 4}})
	small, pis := sparseSpec{M: 20, Fanout: 2, Seed: 3, Ring: true}.build()
	cases = append(cases, tc{"m = 20 (dense fallback)", small, pis, 5, SpectralOptions{}})

	for _, c := range cases {
		s, err := NewSparseSpace(c.pi, c.a)
		if err != nil {
			t.Fatalf("%s: %v", c.reason, err)
		}
		vals, vecs, err := func() ([]float64, *mat.Dense, error) {
			v, x, _, err := s.SpectralWith(c.k, c.opts)
			return v, x, err
		}()
		if err != nil {
			t.Errorf("%s: %v", c.reason, err)
			continue
		}
		M := denseNormalized(t, c.a, c.pi)
		var es mat.EigenSym
		if !es.Factorize(M, true) {
			t.Fatalf("%s: dense eigendecomposition failed", c.reason)
		}
		want := es.Values(nil)
		m := len(want)
		for i := 0; i < c.k; i++ {
			if !scalar.EqualWithinAbs(vals[i], want[m-1-i], eigTol) {
				t.Errorf("%s: λ_%d = %.15g, dense %.15g", c.reason, i, vals[i], want[m-1-i])
			}
		}
		// Residuals ‖M v − λ v‖ with the dense M, and orthonormality VᵀV = I.
		var mv mat.Dense
		mv.Mul(M, vecs)
		for i := 0; i < c.k; i++ {
			r := 0.0
			for j := 0; j < m; j++ {
				d := mv.At(j, i) - vals[i]*vecs.At(j, i)
				r += d * d
			}
			if !(math.Sqrt(r) <= eigTol) {
				t.Errorf("%s: residual ‖Mv−λv‖ of pair %d = %g", c.reason, i, math.Sqrt(r))
			}
		}
		var g mat.Dense
		g.Mul(vecs.T(), vecs)
		// Orthonormality: reorthogonalised twice, so within a few ε·k.
		if !mat.EqualApprox(&g, eye(c.k), 1e-10) {
			t.Errorf("%s: VᵀV is not I: %v", c.reason, mat.Formatted(&g))
		}
		// The first pair is (1, √q/‖√q‖) — unless 1 is multiple (disconnected blocks).
		if c.reason[:5] != "three" {
			q := s.ViewMarginal()
			sq := make([]float64, m)
			for i := range q {
				sq[i] = math.Sqrt(q[i])
			}
			floats.Scale(1/floats.Norm(sq, 2), sq)
			if !scalar.EqualWithinAbs(vals[0], 1, eigTol) || !floats.EqualApprox(mat.Col(nil, 0, vecs), sq, 1e-8) {
				t.Errorf("%s: first pair (%v, …) is not (1, √q)", c.reason, vals[0])
			}
		}
	}
}

func eye(k int) *mat.Dense {
	e := mat.NewDense(k, k, nil)
	for i := 0; i < k; i++ {
		e.Set(i, i, 1)
	}
	return e
}

func TestSpectralDeterministicAcrossWorkers(t *testing.T) {
	a, err := markov.HashGraph(9001) // > 2 vector chunks, so the chunked sums matter
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSparseSpace(uniform(9001), a)
	if err != nil {
		t.Fatal(err)
	}
	v1, x1, _, err := s.SpectralWith(3, SpectralOptions{Workers: 1, Tol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	v3, x3, _, err := s.SpectralWith(3, SpectralOptions{Workers: 3, Tol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	// Bit-identical: fixed chunks, reductions in chunk order.
	if !floats.Equal(v1, v3) || !mat.Equal(x1, x3) {
		t.Errorf("1 and 3 workers differ: %v vs %v", v1, v3)
	}
}

func TestSpectralErrors(t *testing.T) {
	a, pi := sparseSpec{M: 60, Fanout: 3, Seed: 5, Ring: true}.build()
	s, err := NewSparseSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, -1, 60, 61} {
		if _, _, err := s.Spectral(k); err == nil || !strings.Contains(err.Error(), "need 1 ≤ k < m = 60") {
			t.Errorf("k = %d: error %v", k, err)
		}
	}
	_, _, _, err = s.SpectralWith(3, SpectralOptions{MaxRestarts: 1, Tol: 1e-300})
	var nc *SpectralNotConvergedError
	if !errors.Is(err, ErrNotConverged) || !errors.As(err, &nc) || nc.Restarts != 1 {
		t.Errorf("error %v, want a *SpectralNotConvergedError after 1 restart", err)
	}
	if _, _, _, err := s.SpectralWith(3, SpectralOptions{Tol: math.NaN()}); err == nil {
		t.Error("NaN tolerance: no error")
	}
}
