package proofs

// Tests of the tests: every checker must fail when fed a deliberately wrong value. Each
// case feeds the inner check a value that differs from the right one by far more than the
// rounding tolerance (a relative perturbation of 1e-6 against tolerances of ~1e-14, a
// swapped or wrong matrix, a wrong error), and asserts a non-nil error. Where a specific
// failure mode is meant, the case also asserts the *Violation's quantity.

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/markov"
)

// perturbRel is the relative perturbation of the tests of the tests: 1e-6 is 10⁸ times the
// largest relative tolerance used (relTol(8) ≈ 1.2e-14), yet small enough to be "nearly
// right".
const perturbRel = 1e-6

func mustBuild(t *testing.T, sp Spec) *feature.Space {
	t.Helper()
	s, err := sp.Build()
	if err != nil {
		t.Fatalf("%v: %v", sp, err)
	}
	return s
}

// Fixed inputs of the tests of the tests.
var (
	informativeSpec   = Spec{M: 5, Seed: 7, Kind: KindDirichlet, Source: SourceDirichlet}
	sparseSpec        = Spec{M: 6, Seed: 3, Kind: KindSparse, Source: SourceUniform}
	uninformativeSpec = Spec{M: 4, Seed: 11, Kind: KindUninformative, Source: SourceDirichlet}
	identitySpec      = Spec{M: 4, Seed: 5, Kind: KindIdentity, Source: SourceDirichlet}
)

// dense copies a into a new *mat.Dense.
func dense(a mat.Matrix) *mat.Dense { return mat.DenseCopyOf(a) }

// perturbed returns a copy of a with entry (i, j) (and (j, i) when symmetric) multiplied by
// 1 + rel.
func perturbed(a mat.Matrix, i, j int, rel float64, symmetric bool) *mat.Dense {
	d := dense(a)
	d.Set(i, j, a.At(i, j)*(1+rel))
	if symmetric && i != j {
		d.Set(j, i, a.At(j, i)*(1+rel))
	}
	return d
}

// argmax returns the position of the largest entry of a.
func argmax(a mat.Matrix) (int, int) {
	r, c := a.Dims()
	bi, bj := 0, 0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) > a.At(bi, bj) {
				bi, bj = i, j
			}
		}
	}
	return bi, bj
}

// argmaxOff returns the position of the largest off-diagonal entry of a.
func argmaxOff(a mat.Matrix) (int, int) {
	r, _ := a.Dims()
	bi, bj := 0, 1
	for i := 0; i < r; i++ {
		for j := 0; j < r; j++ {
			if i != j && a.At(i, j) > a.At(bi, bj) {
				bi, bj = i, j
			}
		}
	}
	return bi, bj
}

// wantViolation fails unless err is non-nil and, when quantity is not empty, a *Violation
// whose Quantity contains it.
func wantViolation(t *testing.T, name string, err error, quantity string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: the checker accepted a wrong value", name)
		return
	}
	if quantity == "" {
		return
	}
	var v *Violation
	if !errors.As(err, &v) {
		t.Errorf("%s: error %v is not a *Violation", name, err)
		return
	}
	if !strings.Contains(v.Quantity, quantity) {
		t.Errorf("%s: violation of %q, want one of %q (%v)", name, v.Quantity, quantity, err)
	}
}

// wantNil fails if err is non-nil: the unperturbed input must pass, or the case proves
// nothing.
func wantNil(t *testing.T, name string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: the unperturbed input fails: %v", name, err)
	}
}

func TestChecksRejectWrongPairStatistics(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	c1, c2 := s.PositiveJoint(), s.NegativeJoint()
	ci, cj := argmaxOff(c1)
	wantNil(t, "C1", checkPositiveJoint(s, c1))
	wantNil(t, "C2", checkNegativeJoint(s, c2))
	wantNil(t, "C3", checkRowSums(s, s.ViewMarginal(), c1, c2))
	wantNil(t, "C4", checkJointGap(s, c1, c2))

	// Not PSD but symmetric, non-negative and summing to 1: c1 − t(e_i − e_j)(e_i − e_j)ᵀ
	// with t = min(c1_ii, c1_jj) zeroes a diagonal entry next to a positive off-diagonal one,
	// so a 2×2 principal minor is negative.
	notPSD := dense(c1)
	tt := math.Min(c1.At(ci, ci), c1.At(cj, cj))
	notPSD.Set(ci, ci, c1.At(ci, ci)-tt)
	notPSD.Set(cj, cj, c1.At(cj, cj)-tt)
	notPSD.Set(ci, cj, c1.At(ci, cj)+tt)
	notPSD.Set(cj, ci, c1.At(cj, ci)+tt)
	negative := dense(c1)
	negative.Set(ci, cj, -1e-3)
	negative.Set(cj, ci, -1e-3)

	q := s.ViewMarginal()
	qi := 0
	for i := range q {
		if q[i] > q[qi] {
			qi = i
		}
	}
	qBad := append([]float64(nil), q...)
	qBad[qi] *= 1 + perturbRel

	rho := s.DensityRatio()
	ri, rj := argmax(rho) // the largest q_j ρ_ij = c1_ij/q_i sits on a large ρ

	tests := []struct {
		name, reason string
		err          error
		quantity     string
	}{
		{"C1 perturbed", "one symmetric pair of c1 off by 1e-6", checkPositiveJoint(s, perturbed(c1, ci, cj, perturbRel, true)), ""},
		{"C1 asymmetric", "only c1_ij perturbed", checkPositiveJoint(s, perturbed(c1, ci, cj, perturbRel, false)), "symmetry"},
		{"C1 negative", "a negative joint probability", checkPositiveJoint(s, negative), "c1"},
		{"C1 not PSD", "symmetric, ≥ 0, sums to 1, indefinite", checkPositiveJoint(s, notPSD), "eigenvalue"},
		{"C2 perturbed", "one pair of c2 off by 1e-6", checkNegativeJoint(s, perturbed(c2, ci, cj, perturbRel, true)), ""},
		{"C2 full rank", "c1 is PSD but not of rank 1", checkNegativeJoint(s, c1), "eigenvalue"},
		{"C3 q", "ViewMarginal off by 1e-6 at its largest entry", checkRowSums(s, qBad, c1, c2), "ViewMarginal"},
		{"C3 c1 row", "a c1 pair off by 1e-6 changes two row sums", checkRowSums(s, q, perturbed(c1, ci, cj, perturbRel, true), c2), "Σ_j c1_ij"},
		{"C3 c2 row", "a c2 pair off by 1e-6", checkRowSums(s, q, c1, perturbed(c2, ci, cj, perturbRel, true)), "Σ_j c2_ij"},
		{"C4 swapped", "c2 − c1 is negative semi-definite", checkJointGap(s, c2, c1), "eigenvalue"},
		{"C4 perturbed", "ones vector leaves the kernel", checkJointGap(s, perturbed(c1, ci, cj, perturbRel, true), c2), "Σ_j (c1 − c2)_ij"},
		{"C5 perturbed", "ρ off by 1e-6 at its largest entry", checkWeightedDensityRatio(s, perturbed(rho, ri, rj, perturbRel, true)), "Σ_j q_j ρ_ij"},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, tc.quantity)
	}
}

func TestChecksRejectWrongInformation(t *testing.T) {
	inf := mustBuild(t, informativeSpec)
	uninf := mustBuild(t, uninformativeSpec)
	id := mustBuild(t, identitySpec)
	wantNil(t, "C6 informative", CheckC6MutualInformation(inf))
	wantNil(t, "C6 uninformative", CheckC6MutualInformation(uninf))
	wantNil(t, "C7 identity", CheckC7Identity(id))
	wantNil(t, "C7 uninformative", CheckC7Uninformative(uninf))
	mi := inf.MutualInformation()
	lower, _, tol := InformationBounds(inf)
	if !(lower > tol) {
		t.Fatalf("informative test space is not decisive: ½D² = %v ≤ tol %v", lower, tol)
	}
	c1id := id.PositiveJoint()
	c1un := uninf.PositiveJoint()
	ui, uj := argmaxOff(c1un)
	offDiag := dense(c1id)
	offDiag.Set(0, 1, 1e-300)
	offDiag.Set(1, 0, 1e-300)
	tests := []struct {
		name, reason string
		err          error
		quantity     string
	}{
		{"C6 perturbed I", "I off by 1e-6 relative", checkMutualInformation(inf, mi*(1+perturbRel), inf.DensityRatio()), "MutualInformation"},
		{"C6 zero I", "informative A reported with I = 0", checkMutualInformation(inf, 0, inf.DensityRatio()), ""},
		{"C6 positive I", "uninformative A reported with I = 1e-9", checkMutualInformation(uninf, 1e-9, uninf.DensityRatio()), ""},
		{"C6 ρ ≠ 1", "uninformative A with one ρ off by 1e-6", checkMutualInformation(uninf, uninf.MutualInformation(), perturbed(uninf.DensityRatio(), 0, 1, perturbRel, true)), "ρ"},
		{"C7 identity diagonal", "c1_00 off by 1e-6", checkIdentityClosedForm(id, perturbed(c1id, 0, 0, perturbRel, false), id.DensityRatio()), "diag(π)"},
		{"C7 identity off-diagonal", "c1_01 = 1e-300 instead of exactly 0", checkIdentityClosedForm(id, offDiag, id.DensityRatio()), "diag(π)"},
		{"C7 identity ρ", "ρ_11 off by 1e-6", checkIdentityClosedForm(id, c1id, perturbed(id.DensityRatio(), 1, 1, perturbRel, false)), "diag(1/π)"},
		{"C7 uninformative c1", "c1 pair off by 1e-6", checkUninformativeClosedForm(uninf, perturbed(c1un, ui, uj, perturbRel, true), uninf.DensityRatio()), "c1 vs c2"},
		{"C7 uninformative ρ", "ρ_23 off by 1e-6", checkUninformativeClosedForm(uninf, c1un, perturbed(uninf.DensityRatio(), 2, 3, perturbRel, true)), "ρ"},
		{"C7 informative A", "no closed form applies to a Dirichlet TPM", CheckC7ClosedForms(inf), ""},
		{"C7 identity check on Dirichlet A", "not the identity", CheckC7Identity(inf), ""},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, tc.quantity)
	}
}

func TestChecksRejectWrongRelabelling(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	perm := []int{2, 0, 4, 1, 3}
	const n, alpha, beta = 64, 1.3, 0.4
	wantNil(t, "C8", CheckC8Relabelling(s, perm, n, alpha, beta))
	good, err := Relabel(s, perm)
	if err != nil {
		t.Fatal(err)
	}
	// The relabelled TPM with one entry off by 1e-6 (row renormalised by moving the change
	// to the row's largest entry).
	rows := good.Augmentation().Rows()
	k := 0
	jmax := 0
	for j := range rows[k] {
		if rows[k][j] > rows[k][jmax] {
			jmax = j
		}
	}
	jmin := (jmax + 1) % len(rows[k])
	d := rows[k][jmin] * perturbRel
	rows[k][jmin] += d
	rows[k][jmax] -= d
	bad := mustSpace(t, good.Source(), rows)
	unpermuted := []int{0, 1, 2, 3, 4}
	tests := []struct {
		name, reason string
		err          error
	}{
		{"C8 perturbed A", "relabelled TPM off by 1e-6 in one entry", checkRelabelling(s, bad, perm, n, alpha, beta)},
		{"C8 wrong permutation", "states relabelled, but compared as if not", checkRelabelling(s, good, unpermuted, n, alpha, beta)},
		{"C8 bad permutation", "a repeated entry is not a permutation", CheckC8Relabelling(s, []int{0, 0, 1, 2, 3}, n, alpha, beta)},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, "")
	}
}

func TestChecksRejectWrongInfoNCETargets(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	sparse := mustBuild(t, sparseSpec)
	const n = 50
	wantNil(t, "C10", CheckC10InfoNCETarget(s, n))
	wantNil(t, "C10 sparse", CheckC10InfoNCETarget(sparse, n))
	wantNil(t, "C11", CheckC11GradientVanishesAtT1(s, n, 3.5))
	wantNil(t, "C11 sparse", CheckC11GradientVanishesAtT1(sparse, n, -2))
	wantNil(t, "C12", CheckC12ScaledDensityRatioAttainsT1(s, n, 12))
	t1 := s.InfoNCETarget(n)
	ti, tj := argmax(t1)
	rho := s.DensityRatio()

	// Swap the T1 entries of the pairs with the smallest and largest ρ: values stay in
	// (0, 1) and decrease in N, but their order along ρ is reversed.
	st := explicitStats(s)
	ps := pairsByRho(st)
	lo, hi := ps[0], ps[len(ps)-1]
	swapped := dense(t1)
	swapped.Set(lo.i, lo.j, t1.At(hi.i, hi.j))
	swapped.Set(lo.j, lo.i, t1.At(hi.i, hi.j))
	swapped.Set(hi.i, hi.j, t1.At(lo.i, lo.j))
	swapped.Set(hi.j, hi.i, t1.At(lo.i, lo.j))

	// A sparse pair with c1 = 0 given a tiny positive target.
	zi, zj := zeroC1Pair(t, explicitStats(sparse))
	sparseT1 := sparse.InfoNCETarget(n)
	notZero := dense(sparseT1)
	notZero.Set(zi, zj, 1e-300)

	tests := []struct {
		name, reason string
		err          error
		quantity     string
	}{
		{"C10 not decreasing in N", "the target ignores N", checkInfoNCETargetShape(s, n, func(int) mat.Matrix { return t1 }), "T1 at N"},
		{"C10 row 0 not decreasing", "T1_00 at N + 1 raised 1e-6 above T1_00 at N, every other entry right", checkInfoNCETargetShape(s, n, func(k int) mat.Matrix {
			if k == n+1 {
				up := dense(s.InfoNCETarget(k))
				up.Set(0, 0, t1.At(0, 0)*(1+perturbRel))
				return up
			}
			return s.InfoNCETarget(k)
		}), "T1 at N"},
		{"C10 order", "T1 of the smallest- and largest-ρ pairs swapped", checkInfoNCETargetShape(s, n, func(k int) mat.Matrix {
			if k == n {
				return swapped
			}
			return s.InfoNCETarget(k)
		}), "order along ρ"},
		{"C10 value", "largest T1 entry off by 1e-6", checkInfoNCETargetShape(s, n, func(k int) mat.Matrix {
			if k == n {
				return perturbed(t1, ti, tj, perturbRel, true)
			}
			return s.InfoNCETarget(k)
		}), ""},
		{"C10 zero pair", "T1 = 1e-300 where c1 = 0", checkInfoNCETargetShape(sparse, n, func(k int) mat.Matrix {
			if k == n {
				return notZero
			}
			return sparse.InfoNCETarget(k)
		}), "c1 = 0"},
		{"C11 perturbed", "T1 off by 1e-6 at one entry", checkT1Stationary(s, n, perturbed(t1, ti, tj, perturbRel, false), 0), "c1(1−T1)"},
		{"C11 DCL target", "the DCL target c1/((N−1)c2) is not stationary for InfoNCE", checkT1Stationary(s, n, s.DCLTarget(n), 0), ""},
		{"C11 large-N target", "ρ/(N−1), the large-N form of T1, is not T1 at finite N",
			checkT1Stationary(s, n, scaled(rho, 1/float64(n-1)), 0), ""},
		{"C12 perturbed ρ", "ρ off by 1e-6 at its largest entry", checkScaledRatioAttainsT1(s, n, 0, perturbed(rho, ti, tj, perturbRel, true)), "per-pair P"},
		{"C12 T1 as logits", "e^s = M·T1 is not e^s = Mρ", checkScaledRatioAttainsT1(s, n, 0, t1), "per-pair P"},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, tc.quantity)
	}
}

func scaled(a mat.Matrix, f float64) *mat.Dense {
	var d mat.Dense
	d.Scale(f, a)
	return &d
}

func TestChecksRejectWrongLossAtT1(t *testing.T) {
	s := feature.Toy()
	const n = feature.ToyBatchSize
	wantNil(t, "C16", CheckC16LossAtT1(s, n))
	wantNil(t, "C16 scaling", CheckC16GapScaling(s, GapScalingBatchSizes))
	mi := s.MutualInformation()
	_, _, upper, err := T1LossGap(s, n)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		err          error
	}{
		{"C16 no correction", "L = log(N−1) − I misses the positive O(1/N) term", checkLossAtT1(s, n, math.Log(n-1)-mi)},
		{"C16 too large", "L exceeds log(N−1) − I by twice the upper bound", checkLossAtT1(s, n, math.Log(n-1)-mi+2*upper)},
		{"C16 log N", "L = log N − I + G: log N in place of log(N−1) shifts G by ≈ 1/N", checkLossAtT1(s, n, lossAtT1(s, n)+math.Log(float64(n)/float64(n-1)))},
		{"C16 1/√N gap", "a gap of 0.5/√N is not O(1/N)", checkGapScaling(s, GapScalingBatchSizes, func(k int) float64 {
			return math.Log(float64(k-1)) - mi + 0.5/math.Sqrt(float64(k))
		})},
		{"C16 unsorted", "batch sizes must increase", CheckC16GapScaling(s, []int{100, 10})},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, "")
	}
}

func TestChecksRejectWrongSCTargets(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const n, alpha, beta = 40, 1.4, 0.3
	const attAlpha = 0.6 // α − β = 1 with β = −0.4
	attBeta := attAlpha - 1
	wantNil(t, "C20", CheckC20GradientVanishesAtT2(s, n, alpha, beta, 1))
	if !C20PotentialApplies(s, n, attAlpha, attBeta) {
		t.Fatal("C20 potential form does not apply to the test input")
	}
	wantNil(t, "C20 attainable", CheckC20GradientVanishesAtT2(s, n, attAlpha, attBeta, -4))
	wantNil(t, "C21", CheckC21DCLTarget(s, n))
	wantNil(t, "C22", CheckC22WeightedRowSums(s, n, alpha, beta))
	wantNil(t, "C25", CheckC25SCTargetMonotone(s, n, alpha, beta, 0.2))
	t2 := s.SCTarget(n, alpha, beta)
	ti, tj := argmax(t2)
	t2att := s.SCTarget(n, attAlpha, attBeta)
	dcl := s.SCTarget(n, 1, 0)
	sums := s.WeightedRowSums(t2)
	sumsBad := append([]float64(nil), sums...)
	sumsBad[0] *= 1 + perturbRel
	t2Bad := perturbed(t2, ti, tj, perturbRel, true)

	ignoreAlpha := func(k int, _, b float64) mat.Matrix { return s.SCTarget(k, alpha, b) }
	plusBeta := func(k int, a, b float64) mat.Matrix { return s.SCTarget(k, a, -b) }
	reversed := func(k int, a, b float64) mat.Matrix { return scaled(s.SCTarget(k, a, b), -1) } // −T2 falls with α
	tests := []struct {
		name, reason string
		err          error
		quantity     string
	}{
		{"C20 perturbed", "T2 off by 1e-6 at its largest entry", checkT2Stationary(s, n, alpha, beta, t2Bad, 0), "α c1"},
		{"C20 T1", "T1 is not the SC target", checkT2Stationary(s, n, alpha, beta, s.InfoNCETarget(n), 0), "α c1"},
		{"C20 attainable perturbed", "T2 off by 1e-6 on α − β = 1", checkT2Stationary(s, n, attAlpha, attBeta, perturbed(t2att, ti, tj, perturbRel, false), 0), ""},
		{"C21 perturbed", "T2(1,0) off by 1e-6", checkDCLIdentity(s, n, perturbed(dcl, ti, tj, perturbRel, true)), "T2(1, 0)"},
		{"C21 T1", "T1 in place of T2(1, 0)", checkDCLIdentity(s, n, s.InfoNCETarget(n)), "T2(1, 0)"},
		{"C22 sums", "a weighted row sum off by 1e-6", checkWeightedRowSums(s, n, alpha, beta, t2, sumsBad), "WeightedRowSums"},
		{"C22 target", "T2 off by 1e-6, sums consistent with it", checkWeightedRowSums(s, n, alpha, beta, t2Bad, s.WeightedRowSums(t2Bad)), "Σ_j q_j T2_ij"},
		{"C22 α ≠ α", "sums of T2(α, β) compared with (α' − β)/(N−1)", checkWeightedRowSums(s, n, alpha+1e-6, beta, t2, sums), ""},
		{"C25 ignores α", "the target does not move with α", checkSCMonotone(s, n, alpha, beta, 0.2, ignoreAlpha), "T2(α+"},
		{"C25 +β", "the target increases with β", checkSCMonotone(s, n, alpha, beta, 0.2, plusBeta), "T2(β+"},
		{"C25 reversed", "−T2 decreases with α", checkSCMonotone(s, n, alpha, beta, 0.2, reversed), ""},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, tc.quantity)
	}
}

// negativePairsInput is the input of C26's tests: informativeSpec at N = 40, α = 1 and β at
// the median ρ, so that about half the pairs have negative targets, with its negative
// pairs, its T2 and the pairs sorted by ρ.
func negativePairsInput(t *testing.T) (s *feature.Space, n int, alpha, beta float64, pairs []feature.Pair, t2 mat.Matrix, ps []statePair) {
	t.Helper()
	s = mustBuild(t, informativeSpec)
	n, alpha = 40, 1.0
	ps = pairsByRho(explicitStats(s))
	beta = ps[len(ps)/2].rho
	pairs = s.NegativeTargetPairs(alpha, beta)
	if len(pairs) == 0 || len(pairs) == len(ps) {
		t.Fatalf("test input has %d of %d negative pairs; want some of each", len(pairs), len(ps))
	}
	return s, n, alpha, beta, pairs, s.SCTarget(n, alpha, beta), ps
}

func TestChecksRejectWrongNegativePairs(t *testing.T) {
	s, n, alpha, beta, pairs, t2, ps := negativePairsInput(t)
	wantNil(t, "C26", checkNegativePairs(s, n, alpha, beta, t2, pairs))
	var extra feature.Pair
	listed := map[feature.Pair]bool{}
	for _, p := range pairs {
		listed[p] = true
	}
	for _, p := range ps {
		if q := (feature.Pair{I: p.i, J: p.j}); !listed[q] {
			extra = q
			break
		}
	}
	flipped := dense(t2)
	p0 := pairs[0]
	flipped.Set(p0.I, p0.J, -t2.At(p0.I, p0.J))
	flipped.Set(p0.J, p0.I, -t2.At(p0.J, p0.I))
	tests := []struct {
		name, reason string
		err          error
	}{
		{"C26 missing pair", "a negative pair not listed", checkNegativePairs(s, n, alpha, beta, t2, pairs[1:])},
		{"C26 extra pair", "a positive pair listed", checkNegativePairs(s, n, alpha, beta, t2, append(append([]feature.Pair(nil), pairs...), extra))},
		{"C26 flipped sign", "a negative target made positive", checkNegativePairs(s, n, alpha, beta, flipped, pairs)},
		{"C26 repeated pair", "a pair listed twice", checkNegativePairs(s, n, alpha, beta, t2, append(append([]feature.Pair(nil), pairs...), pairs[0]))},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, "")
	}
}

func TestChecksRejectWrongDecoupledFixedPoint(t *testing.T) {
	s := mustBuild(t, informativeSpec)
	const alpha, beta = 1.2, 0.1
	const big = 1000 // every ρ < N − 1
	p, err := s.DecoupledSCFixedPoint(big, alpha, beta)
	wantNil(t, "C28 regular", err)
	wantNil(t, "C28 regular", checkDecoupledFixedPoint(s, big, alpha, beta, p, nil))
	// N = 2: ρ_ii ≥ 1 = N − 1 for every state (c1_ii ≥ q_i² by Cauchy–Schwarz), singular.
	_, singErr := s.DecoupledSCFixedPoint(2, alpha, beta)
	wantNil(t, "C28 singular", checkDecoupledFixedPoint(s, 2, alpha, beta, nil, singErr))
	if singErr == nil {
		t.Fatal("DecoupledSCFixedPoint at N = 2 returned no error")
	}
	pi, pj := argmax(p)
	st := explicitStats(s)
	ps := pairsByRho(st)
	small := ps[0] // ρ well below 1 for this informative space
	tests := []struct {
		name, reason string
		err          error
	}{
		{"C28 perturbed", "p̃* off by 1e-6 at its largest entry", checkDecoupledFixedPoint(s, big, alpha, beta, perturbed(p, pi, pj, perturbRel, false), nil)},
		{"C28 missing error", "ρ ≥ N − 1 at N = 2 but no SingularPairError", checkDecoupledFixedPoint(s, 2, alpha, beta, p, nil)},
		{"C28 wrong pair", "SingularPairError names a pair with ρ < 1 = N − 1",
			checkDecoupledFixedPoint(s, 2, alpha, beta, nil, &feature.SingularPairError{I: small.i, J: small.j, Rho: small.rho, N: 2})},
		{"C28 wrong N", "SingularPairError for another N", checkDecoupledFixedPoint(s, 2, alpha, beta, nil, &feature.SingularPairError{I: 0, J: 0, Rho: st.rho(0, 0), N: 3})},
		{"C28 other error", "an unrelated error", checkDecoupledFixedPoint(s, big, alpha, beta, nil, errors.New("boom"))},
	}
	for _, tc := range tests {
		wantViolation(t, tc.name+" ("+tc.reason+")", tc.err, "")
	}
}

func mustSpace(t *testing.T, pi []float64, rows [][]float64) *feature.Space {
	t.Helper()
	a, err := markov.New(rows)
	if err != nil {
		t.Fatal(err)
	}
	s, err := feature.NewSpace(pi, a)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestC20PotentialAppliesIsChecked: on the toy (min ρ = 0.8667) the potential form of C20
// applies on α − β = 1 iff α < 1/(1 − 0.8667) ≈ 7.5, including α ≥ 1 (β ≥ 0): α = 2
// applies, α = 10 does not, off the line never; the check rejects the opposite answers.
func TestC20PotentialAppliesIsChecked(t *testing.T) {
	s := feature.Toy()
	n := feature.ToyBatchSize
	for _, tc := range []struct {
		alpha, beta float64
		applies     bool
	}{{0.5, -0.5, true}, {1, 0, true}, {2, 1, true}, {10, 9, false}, {2, 0.5, false}} {
		if got := C20PotentialApplies(s, n, tc.alpha, tc.beta); got != tc.applies {
			t.Errorf("C20PotentialApplies(toy, α = %v, β = %v) = %v, want %v", tc.alpha, tc.beta, got, tc.applies)
		}
		wantNil(t, "C20 applies", checkC20PotentialApplies(s, n, tc.alpha, tc.beta))
		wantViolation(t, fmt.Sprintf("C20 applies, wrong answer at α = %v, β = %v", tc.alpha, tc.beta), checkPotentialApplies(s, n, tc.alpha, tc.beta, !tc.applies), "C20PotentialApplies")
		if tc.applies {
			wantNil(t, "C20 at α ≥ 1", CheckC20GradientVanishesAtT2(s, n, tc.alpha, tc.beta, 3))
		}
	}
}

// zeroC1Pair returns the first pair (i, j), in row order, with c1_ij = 0 (sparseSpec has
// one).
func zeroC1Pair(t *testing.T, st *stats) (int, int) {
	t.Helper()
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			if st.c1[i][j] == 0 {
				return i, j
			}
		}
	}
	t.Fatalf("sparse test space %v has no pair with c1 = 0", sparseSpec)
	return 0, 0
}
