package feature

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/markov"
)

// sparseSeed is the gopter seed of the sparse-space properties (printed on failure;
// rerun with -feature.sparseseed=N), as proofs' -proofs.seed.
var sparseSeed = flag.Int64("feature.sparseseed", 20261205, "gopter seed of the sparse-space properties (printed on failure)")

// sparseSpec is a generated sparse space: m states, extra non-zeros per row up to
// Fanout, a source law with some zero entries when ZeroSource, from a PCG seed.
type sparseSpec struct {
	M, Fanout  int
	ZeroSource bool
	Seed       uint64
	Ring       bool // also move k → k+1 mod m, so the chain is irreducible (eigenvalue 1 simple)
}

func (s sparseSpec) String() string {
	return fmt.Sprintf("{m=%d fanout=%d zeroSource=%v seed=%d}", s.M, s.Fanout, s.ZeroSource, s.Seed)
}

// build draws the TPM (a self-loop plus up to Fanout random columns per row, weights
// Exp(1) normalised) and a non-uniform source law (Exp(1)³ weights, so a few states
// dominate; with ZeroSource every fifth state has π = 0).
func (s sparseSpec) build() (*markov.SparseTPM, []float64) {
	rng := rand.New(rand.NewPCG(s.Seed, uint64(s.M)))
	var entries []markov.Triplet
	w := make([]float64, 0, s.Fanout+1)
	for k := 0; k < s.M; k++ {
		cols := []int{k}
		if s.Ring {
			cols = append(cols, (k+1)%s.M)
		}
		for range rng.IntN(s.Fanout + 1) {
			cols = append(cols, rng.IntN(s.M))
		}
		w = w[:0]
		sum := 0.0
		for range cols {
			v := rng.ExpFloat64() + 1e-3
			w = append(w, v)
			sum += v
		}
		for p, c := range cols {
			entries = append(entries, markov.Triplet{Row: k, Col: c, Value: w[p] / sum})
		}
	}
	a, err := markov.NewSparse(s.M, entries)
	if err != nil {
		panic(err) // generated rows sum to 1 up to rounding far below SumTol
	}
	pi := make([]float64, s.M)
	sum := 0.0
	for i := range pi {
		e := rng.ExpFloat64()
		pi[i] = e * e * e
		if s.ZeroSource && i%5 == 1 {
			pi[i] = 0
		}
		sum += pi[i]
	}
	if sum == 0 {
		pi[0], sum = 1, 1
	}
	for i := range pi {
		pi[i] /= sum
	}
	return a, pi
}

func genSparseSpec() gopter.Gen {
	return gopter.CombineGens(gen.IntRange(1, 500), gen.IntRange(0, 6), gen.Bool(), gen.UInt64()).Map(func(v []any) sparseSpec {
		return sparseSpec{M: v[0].(int), Fanout: v[1].(int), ZeroSource: v[2].(bool), Seed: v[3].(uint64)}
	})
}

// sparseRelTol bounds the relative difference of dense and sparse pair statistics:
// both sum the same ≤ m non-negative products in different orders (SYRK versus a sparse
// accumulator), each with relative error ≤ m·ε ≈ 500·1.1e-16 ≈ 6e-14 (Higham §3.1),
// and the targets add a division or two; 1e-12 leaves a factor 10.
const sparseRelTol = 1e-12

func matricesAgree(name string, dense, sparse mat.Matrix, absTol float64) error {
	m, _ := dense.Dims()
	if r, c := sparse.Dims(); r != m || c != m {
		return fmt.Errorf("%s: sparse is %d×%d, dense %d×%d", name, r, c, m, m)
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			d, s := dense.At(i, j), sparse.At(i, j)
			if !scalar.EqualWithinAbsOrRel(d, s, absTol, sparseRelTol) {
				return fmt.Errorf("%s[%d][%d]: dense %v, sparse %v", name, i, j, d, s)
			}
		}
	}
	return nil
}

// TestSparseSpaceAgreesWithDense is the property of issue 14: on generated sparse TPMs
// with non-uniform (sometimes partly zero) source laws, the sparse and the dense space
// agree on q, c1, ρ, T1, T2, I(V1;V2), the ρ range, the collapse criterion, the R1
// row sums and on which state is unreachable.
func TestSparseSpaceAgreesWithDense(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(*sparseSeed)
	params.MinSuccessfulTests = 40 // ≈ 1.5 s on 2 cores: m up to 500 with a dense m³ SYRK each
	props := gopter.NewProperties(params)
	props.Property("dense and sparse spaces agree", prop.ForAll(func(sp sparseSpec) string {
		if err := denseSparseAgree(sp); err != nil {
			return err.Error()
		}
		return ""
	}, genSparseSpec()))
	res := props.Run(gopter.NewFormatedReporter(true, 100, &testWriter{t}))
	if !res {
		t.Errorf("property failed (gopter seed %d; rerun with -feature.sparseseed=%d)", *sparseSeed, *sparseSeed)
	}
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func denseSparseAgree(sp sparseSpec) error {
	a, pi := sp.build()
	d, derr := NewSpace(pi, a.Dense())
	s, serr := NewSparseSpace(pi, a)
	var du, su *UnreachableError
	dUnreach, sUnreach := errors.As(derr, &du), errors.As(serr, &su)
	if dUnreach || sUnreach {
		if du == nil || su == nil || du.State != su.State {
			return fmt.Errorf("unreachable state: dense %v, sparse %v", derr, serr)
		}
		return nil
	}
	if derr != nil || serr != nil {
		return fmt.Errorf("dense %v, sparse %v", derr, serr)
	}
	if s.Len() != d.Len() {
		return fmt.Errorf("Len: %d vs %d", s.Len(), d.Len())
	}
	qd, qs := d.ViewMarginal(), s.ViewMarginal()
	for i := range qd {
		if !scalar.EqualWithinAbsOrRel(qd[i], qs[i], 0, sparseRelTol) {
			return fmt.Errorf("q[%d]: dense %v, sparse %v", i, qd[i], qs[i])
		}
	}
	rng := rand.New(rand.NewPCG(sp.Seed, 7))
	n := 2 + rng.IntN(2000)
	alpha, beta := 4*rng.Float64(), 4*rng.Float64()-2
	_, rhoMax := d.RhoRange()
	// T2 = (αρ − β)/(n−1) cancels where αρ ≈ β: the relative error of ρ becomes an
	// absolute error ≤ sparseRelTol·(|α|ρ_max + |β|)/(n−1). The other entries are
	// ratios of products (no cancellation) and exact zeros off the common support.
	t2Abs := sparseRelTol * (math.Abs(alpha)*rhoMax + math.Abs(beta)) / float64(n-1)
	checks := []struct {
		name          string
		dense, sparse mat.Matrix
		abs           float64
	}{
		{"c1", d.PositiveJoint(), s.PositiveJoint(), 0},
		{"rho", d.DensityRatio(), s.DensityRatio(), 0},
		{"T1", d.InfoNCETarget(n), s.InfoNCETarget(n), 0},
		{"T2", d.SCTarget(n, alpha, beta), s.SCTarget(n, alpha, beta), t2Abs},
	}
	for _, c := range checks {
		if err := matricesAgree(c.name, c.dense, c.sparse, c.abs); err != nil {
			return err
		}
	}
	if mi, ms := d.MutualInformation(), s.MutualInformation(); !scalar.EqualWithinAbsOrRel(mi, ms, 1e-13, sparseRelTol) {
		// 1e-13 absolute: I can be ≈ 0 (uninformative rows), a sum of ±terms of size ≤ 1.
		return fmt.Errorf("I(V1;V2): dense %v, sparse %v", mi, ms)
	}
	lo, hi := d.RhoRange()
	slo, shi := s.RhoRange()
	if !scalar.EqualWithinAbsOrRel(lo, slo, 0, sparseRelTol) || !scalar.EqualWithinAbsOrRel(hi, shi, 0, sparseRelTol) {
		return fmt.Errorf("ρ range: dense [%v, %v], sparse [%v, %v]", lo, hi, slo, shi)
	}
	// Collapse at the boundary α ρ_min = 1 + β is decided by rounding, so probe points
	// away from it.
	for _, ab := range [][2]float64{{alpha, beta}, {1, -1}, {2, 0}, {1 / lo * 1.01, 0}, {shi, shi - 1.5}} {
		if math.IsInf(ab[0], 0) {
			continue
		}
		if d.Collapses(ab[0], ab[1]) != s.Collapses(ab[0], ab[1]) {
			return fmt.Errorf("Collapses(%v, %v): dense %v, sparse %v", ab[0], ab[1], d.Collapses(ab[0], ab[1]), s.Collapses(ab[0], ab[1]))
		}
	}
	t2 := s.SCTarget(n, alpha, beta).(*SparseSym)
	rd, rs := d.WeightedRowSums(d.SCTarget(n, alpha, beta)), s.WeightedRowSums(t2)
	for i := range rd {
		// R1 row sums: O(1)-sized sums of m terms, both within m·ε·max|T2| of (α−β)/(n−1).
		if !scalar.EqualWithinAbsOrRel(rd[i], rs[i], 1e-12*(1+math.Abs(alpha)*shi), sparseRelTol) {
			return fmt.Errorf("WeightedRowSums[%d]: dense %v, sparse %v", i, rd[i], rs[i])
		}
	}
	return nil
}

func TestNewSparseSpaceRejectsBadInput(t *testing.T) {
	a, err := markov.NewSparse(3, []markov.Triplet{{Row: 0, Col: 0, Value: 1}, {Row: 1, Col: 0, Value: 1}, {Row: 2, Col: 1, Value: 1}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason string
		source []float64
		aug    *markov.SparseTPM
		want   string
	}{
		{"nil TPM", []float64{1}, nil, "nil augmentation TPM"},
		{"source of the wrong length", []float64{0.5, 0.5}, a, "source distribution has 2 states, TPM has 3"},
		{"source not summing to 1", []float64{0.5, 0.5, 0.5}, a, "sums to 1.5"},
		{"NaN source", []float64{math.NaN(), 0.5, 0.5}, a, "entry [0] = NaN"},
		{"state 2 never reached", []float64{0.25, 0.25, 0.5}, a, "state 2 is never reached"},
	}
	for _, tc := range tests {
		_, err := NewSparseSpace(tc.source, tc.aug)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.reason, err, tc.want)
		}
	}
	var ue *UnreachableError
	if _, err := NewSparseSpace([]float64{0.25, 0.25, 0.5}, a); !errors.As(err, &ue) || ue.State != 2 {
		t.Errorf("error %v, want an *UnreachableError for state 2", err)
	}
}

func TestSparseSpaceHashGraphClosedForms(t *testing.T) {
	// Hash graph, uniform π: q = 1/m exactly (every move is a permutation), and the
	// diagonal c1_ii = Σ_k π_k A_ki² ≥ (1/m)(1/2)² from the stay move, so ρ_ii ≥ m/4.
	const m = 2003
	a, err := markov.HashGraph(m)
	if err != nil {
		t.Fatal(err)
	}
	pi := make([]float64, m)
	for i := range pi {
		pi[i] = 1.0 / m
	}
	s, err := NewSparseSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range s.ViewMarginal() {
		// Column sums are exactly 1 (dyadic); the m-term sum of (1/m)·A rounds within m·ε.
		if !scalar.EqualWithinRel(q, 1.0/m, 1e-13) {
			t.Fatalf("q[%d] = %v, want 1/m", i, q)
		}
	}
	rho := s.DensityRatio()
	for _, i := range []int{0, 5, m - 1} {
		if !(rho.At(i, i) >= m/4.0*(1-1e-12)) {
			t.Errorf("ρ[%d][%d] = %v, want ≥ m/4 = %v", i, i, rho.At(i, i), m/4.0)
		}
	}
	// Σ_ij c1_ij = 1 (a joint law).
	sum := 0.0
	c1 := s.PositiveJoint().(*SparseSym)
	c1.DoNonZero(func(i, j int, v float64) { sum += v })
	// A running sum of N = nnz(c1) terms with partial sums ≤ 1 errs by at most N·ε
	// (Higham §4.2), plus each entry's own rounding.
	if tol := 2 * float64(c1.NNZ()) * 0x1p-52; !scalar.EqualWithinAbs(sum, 1, tol) {
		t.Errorf("Σ c1 = %v, want 1 within %g", sum, tol)
	}
	t1 := s.InfoNCETarget(1000)
	if v := t1.At(0, m/2); v != 0 && s.PositiveJoint().At(0, m/2) == 0 {
		t.Errorf("T1 off the support = %v, want 0", v)
	}
}
