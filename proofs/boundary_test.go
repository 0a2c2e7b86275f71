package proofs

// Edges of the checks' comparisons: a value exactly at a bound plus its tolerance is
// accepted (the checks compare with ≤), the next float64 beyond it is not. Each boundary
// value is found by stepping one float64 at a time (math.Nextafter), so "exactly at" is
// exact, not within a tolerance.

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// lossAtGap returns a loss whose C16 gap G (lossGapBounds at N = n) equals target exactly,
// found by float64 steps from the real-valued solution loss = target + log(N−1) − I.
func lossAtGap(t *testing.T, st *stats, n int, target float64) float64 {
	t.Helper()
	l := target - lossGapBounds(st, n, 0).gap // G = loss + gap(0), gap(0) = I − log k
	for range 64 {
		g := lossGapBounds(st, n, l).gap
		switch {
		case g == target:
			return l
		case g < target:
			l = math.Nextafter(l, math.Inf(1))
		default:
			l = math.Nextafter(l, math.Inf(-1))
		}
	}
	t.Fatalf("no loss gives G = %v exactly at N = %d", target, n)
	return 0
}

// TestC16BoundsAreInclusive: at N = 2 (k = 1, log k = 0) C16's upper bound is G ≤ S1 + tol
// and N·G ≤ 2·S1 + N·tol is the same condition doubled (exact in float64); a loss putting G
// exactly at S1 + tol passes both, the next float64 fails. The lower bound likewise.
func TestC16BoundsAreInclusive(t *testing.T) {
	s := feature.Toy()
	st := explicitStats(s)
	const n = 2
	b := lossGapBounds(st, n, 0)
	for _, c := range []struct {
		name   string
		target float64
		beyond float64 // direction of the first failing float64
	}{
		{"upper", b.upper + b.tol, math.Inf(1)},
		{"lower", b.lower - b.tol, math.Inf(-1)},
	} {
		l := lossAtGap(t, st, n, c.target)
		at := func(int) float64 { return l }
		if err := checkLossAtT1(s, n, l); err != nil {
			t.Errorf("%s: G exactly at the bound with its tolerance: %v", c.name, err)
		}
		if err := checkGapScaling(s, []int{n}, at); err != nil {
			t.Errorf("%s: gap scaling with G exactly at the bound: %v", c.name, err)
		}
		out := math.Nextafter(l, c.beyond)
		if lossGapBounds(st, n, out).gap == c.target {
			t.Fatalf("%s: one float64 step does not move G", c.name)
		}
		if err := checkLossAtT1(s, n, out); err == nil {
			t.Errorf("%s: G one float64 beyond the bound accepted", c.name)
		}
	}
}

// TestC16ScaledGapMustNotDecrease: on the toy, G at N = 2 at its upper bound S1 + tol and G
// at N = 3 at its lower bound lower₃ − tol each pass checkLossAtT1, but (N−1)·G falls from
// S1 + tol₂ to 2(lower₃ − tol₃), more than tol₂ + 2tol₃, since 2·lower₃ < S1 on the toy
// (lower₃ = max(Σ c1 T1, S1/2 − S2/8), both below S1/2 here; the test checks it): the scaling check
// refuses it, reporting (N−1)·G = 2·G₃ at N = 3.
func TestC16ScaledGapMustNotDecrease(t *testing.T) {
	s := feature.Toy()
	st := explicitStats(s)
	b2, b3 := lossGapBounds(st, 2, 0), lossGapBounds(st, 3, 0)
	if !(2*b3.lower < b2.s1) {
		t.Fatalf("2·lower₃ = %v ≥ S1 = %v: the toy does not give a falling (N−1)·G", 2*b3.lower, b2.s1)
	}
	l2 := lossAtGap(t, st, 2, b2.upper+b2.tol)
	l3 := lossAtGap(t, st, 3, b3.lower-b3.tol)
	losses := map[int]float64{2: l2, 3: l3}
	for n, l := range losses {
		if err := checkLossAtT1(s, n, l); err != nil {
			t.Fatalf("N = %d: G at its bound refused by checkLossAtT1: %v", n, err)
		}
	}
	err := checkGapScaling(s, []int{2, 3}, func(n int) float64 { return losses[n] })
	var v *Violation
	if g3 := lossGapBounds(st, 3, l3).gap; !errors.As(err, &v) || v.Quantity != "(N−1)·G" || v.Entry != "N = 3" || v.Got != 2*g3 {
		t.Errorf("(N−1)·G falling from N = 2 to 3: error %v, want a violation of (N−1)·G at N = 3 with Got = 2·G₃ = %v", err, 2*g3)
	}
}

// TestC27GradientToleranceIsTheDocumentedOne: checkCollapsedGradient accepts the exact
// gradient c2(1 + β − αρ) moved by half its documented tolerance
// 2(relTol + 2d)(c2 + |β|c2 + |α|c1) and refuses it moved by twice that.
func TestC27GradientToleranceIsTheDocumentedOne(t *testing.T) {
	s := feature.Toy()
	st := explicitStats(s)
	const alpha, beta = 1.0, 0.5
	m := st.m
	want := make([][]float64, m)
	tol := make([][]float64, m)
	for i := range m {
		want[i], tol[i] = make([]float64, m), make([]float64, m)
		for j := range m {
			c2 := st.q[i] * st.q[j]
			want[i][j] = c2 * (1 + beta - alpha*st.c1[i][j]/c2)
			tol[i][j] = 2 * (relTol(m) + 2*st.defect) * (c2 + math.Abs(beta)*c2 + math.Abs(alpha)*st.c1[i][j])
		}
	}
	for _, k := range []float64{0.5, -0.5, 2, -2} {
		for i := range m {
			for j := range m {
				g := mat.NewDense(m, m, nil)
				for a := range m {
					g.SetRow(a, want[a])
				}
				g.Set(i, j, want[i][j]+k*tol[i][j])
				err := checkCollapsedGradient(s, alpha, beta, g, s.Collapses(alpha, beta))
				if inside := math.Abs(k) < 1; inside != (err == nil) {
					t.Errorf("entry (%d, %d) moved by %g × tol: error %v", i, j, k, err)
				}
			}
		}
	}
}

// TestC20ResidualToleranceIsTheDocumentedOne: off the attainable line (only the per-pair
// residual is checked), checkT2Stationary accepts T2 with one entry moved so that the
// residual r = αc1 − (N−1)c2(T2 + β/(N−1)) is half its documented tolerance
// 2·relTol·(|α|c1 + (N−1)c2|T2| + |β|c2), and refuses it at twice that. At α = 0.1,
// β = 2 the |β|c2 term is half the tolerance, so a wrong sign of it is noticed.
func TestC20ResidualToleranceIsTheDocumentedOne(t *testing.T) {
	s := feature.Toy()
	st := explicitStats(s)
	const n = 10
	k := float64(n - 1)
	for _, ab := range [][2]float64{{0.1, 2}, {2, 0.5}, {-0.5, 1}} {
		alpha, beta := ab[0], ab[1]
		t2 := s.SCTarget(n, alpha, beta)
		for _, lambda := range []float64{0.5, -0.5, 2, -2} {
			for i := range st.m {
				for j := range st.m {
					c1, c2, v := st.c1[i][j], st.q[i]*st.q[j], t2.At(i, j)
					r := alpha*c1 - k*c2*(v+beta/k)
					tol := 2 * relTol(st.m) * (math.Abs(alpha)*c1 + k*c2*math.Abs(v) + math.Abs(beta)*c2)
					bad := mat.DenseCopyOf(t2)
					bad.Set(i, j, v+(r-lambda*tol)/(k*c2)) // moves r to λ·tol
					err := checkT2Stationary(s, n, alpha, beta, bad, 0)
					if inside := math.Abs(lambda) < 1; inside != (err == nil) {
						t.Errorf("α = %g, β = %g, entry (%d, %d), residual %g × tol: error %v", alpha, beta, i, j, lambda, err)
					}
				}
			}
		}
	}
}

// TestC24ShiftToleranceIsTheDocumentedOne: checkPotentialShift accepts F(s + t) − F(s) within
// half its tolerance 4(relTol + 2d)·mag of t(1 + β − α), with mag = Σ_ij (|β|c2 + |α|c1)(|s_ij| + |t|)
// + max|s| + |t| + 1, and refuses it at twice the tolerance.
func TestC24ShiftToleranceIsTheDocumentedOne(t *testing.T) {
	s := feature.Toy()
	st := explicitStats(s)
	logits := mat.NewDense(3, 3, []float64{1, -0.5, 0.25, 0.5, 2, -1, 0, 0.75, -2})
	const alpha, beta, shift = 1.5, 0.25, 2.0
	mag := 2 + shift + 1 // max |s| + |t| + 1
	for i := range 3 {
		for j := range 3 {
			mag += (math.Abs(beta)*st.q[i]*st.q[j] + math.Abs(alpha)*st.c1[i][j]) * (math.Abs(logits.At(i, j)) + shift)
		}
	}
	tol := 4 * (relTol(3) + 2*st.defect) * mag
	want := shift * (1 + beta - alpha)
	for _, lambda := range []float64{0.5, -0.5, 2, -2} {
		err := checkPotentialShift(s, alpha, beta, logits, shift, want+lambda*tol)
		if inside := math.Abs(lambda) < 1; inside != (err == nil) {
			t.Errorf("difference off by %g × tol: error %v", lambda, err)
		}
	}
}

// TestC14OffsetSkipsZeroRho: on a sparse space some pairs never co-occur (ρ_ij = 0, T1_ij = 0,
// both logs −∞); C14's offset bound concerns the pairs with ρ > 0 and must hold there.
func TestC14OffsetSkipsZeroRho(t *testing.T) {
	s := mustBuild(t, sparseSpec)
	zeros := 0
	rho := s.DensityRatio()
	for i := range s.Len() {
		for j := range s.Len() {
			if rho.At(i, j) == 0 {
				zeros++
			}
		}
	}
	if zeros == 0 {
		t.Fatalf("%v has no pair with ρ = 0: the test needs one", sparseSpec)
	}
	for _, n := range []int{2, 10, 1000} {
		if err := CheckC14MeanFieldOffset(s, n); err != nil {
			t.Errorf("N = %d: %v", n, err)
		}
	}
}

// TestC19ExactFieldTotalRefusesABadBatch: enumerate.New's refusal of a batch without
// negatives (N = 1) is returned, not a check that passes.
func TestC19ExactFieldTotalRefusesABadBatch(t *testing.T) {
	s := feature.Toy()
	if err := CheckC19ExactFieldTotal(s, 1, mat.NewDense(3, 3, nil), 1, 0); err == nil {
		t.Error("N = 1 accepted")
	}
}

// TestC20ProbToleranceIsTheDocumentedOne: on the attainable line checkT2Stationary compares
// SCPopulationPotential's prob at logits log((N−1)T2) with T2 to the documented
// relP = (relTol + 2d)(1 + |α| + |β|) + |α − β − 1| + 4u(|s_ij| + max_l |s_il| + 1), down to
// its last 4u (the "+ 1" term, the rounding of the log-sum-exp's shift and exp at
// argument 0). The space is dyadic (π = (½, ½), A = [[¾, ¼], [¼, ¾]]: every q, c1 and row
// sum exact, d = 0) and at N = 2, α = 1, β = 0, T2 = ρ = [[5/4, ¾], [¾, 5/4]], fed exactly.
// Raising T2_00 by δ raises the row's normaliser Σ_l q_l T2_0l by q_0·T2_00·δ = (5/8)δ, so
// every prob of row 0 misses its T2 by about (5/8)δ relative, while the residual of entry
// (0, 0), c2·T2_00·δ = (5/16)δ, stays below its tolerance 2·relTol·2c1_00 = (5/4)relTol for
// δ < 4·relTol = 224u. The prob tolerance is ≈ 118u, so δ runs over 175u…200u.
func TestC20ProbToleranceIsTheDocumentedOne(t *testing.T) {
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{0.75, 0.25}, {0.25, 0.75}})
	const (
		n           = 2
		alpha, beta = 1.0, 0.0
		m           = 2
	)
	t2 := mat.NewDense(m, m, []float64{1.25, 0.75, 0.75, 1.25}) // ρ_ij = c1_ij/(q_i q_j), exact
	prob := func(logits mat.Matrix) *mat.Dense {
		p := mat.NewDense(m, m, nil)
		s.SCPopulationPotential(nil, p, logits, n, alpha, beta)
		return p
	}
	base := relTolFormula(m) * (1 + alpha + beta)
	probToleranceSweep(t, t2, n-1, 175, 200, base, prob, func(bad mat.Matrix) error { return checkT2Stationary(s, n, alpha, beta, bad, 0) })
}

// TestC11ProbToleranceIsTheDocumentedOne: checkT1Stationary compares InfoNCEPopulationLoss's
// prob at logits log T1 with T1 to the documented relP = relTol + 2d + 4u(|s_ij| +
// max_l |s_il| + 1), down to its last 4u. Same dyadic space as above (d = 0), N = 2:
// T1 = ρ/(ρ + 1) = [[5/9, 3/7], [3/7, 5/9]] (rounded once). Raising T1_00 by δ raises D_0 by
// (c1_00/q_0 + q_0)·T1_00·δ = (9/8)(5/9)δ = (5/8)δ, so row 0's probs miss T1 by about (5/8)δ
// relative, while the residual of entry (0, 0), (c1 + c2)T1_00·δ = (5/16)δ, stays below its
// tolerance 2·relTol·(c1 + (c1 + c2)T1_00) = (5/4)relTol for δ < 224u. The prob tolerance
// is ≈ 66u, so δ runs over 95u…115u.
func TestC11ProbToleranceIsTheDocumentedOne(t *testing.T) {
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{0.75, 0.25}, {0.25, 0.75}})
	const (
		n = 2
		m = 2
	)
	t1 := mat.NewDense(m, m, []float64{5.0 / 9, 3.0 / 7, 3.0 / 7, 5.0 / 9})
	prob := func(logits mat.Matrix) *mat.Dense {
		p := mat.NewDense(m, m, nil)
		s.InfoNCEPopulationLoss(nil, p, logits, n)
		return p
	}
	probToleranceSweep(t, t1, 1, 95, 115, relTolFormula(m), prob, func(bad mat.Matrix) error { return checkT1Stationary(s, n, bad, 0) })
}

// relTolFormula is relTol(m) = 8(m + 5)u as documented in tolerance.go.
func relTolFormula(m int) float64 { return 8 * float64(m+5) * 0x1p-53 }

// probToleranceSweep raises entry (0, 0) of the target tgt by δ = lo·u … hi·u in steps of u,
// takes logits s = log(scale·target) and the model's prob at them, and requires check to
// accept exactly when every entry's |p − target|/max(p, target) is within
// base + 4u(|s_ij| + max_l |s_il| + 1), and the steps to include an accepted one within 4u of
// that tolerance (so its "+ 1" term, 4u, decides) and a refused one.
func probToleranceSweep(t *testing.T, tgt *mat.Dense, scale float64, lo, hi int, base float64, prob func(logits mat.Matrix) *mat.Dense, check func(bad mat.Matrix) error) {
	t.Helper()
	const u = 0x1p-53
	m, _ := tgt.Dims()
	var accepted, rejected, nearEdge int
	for step := lo; step <= hi; step++ {
		bad := mat.DenseCopyOf(tgt)
		bad.Set(0, 0, tgt.At(0, 0)*(1+float64(step)*u))
		logits := mat.NewDense(m, m, nil)
		for i := range m {
			for j := range m {
				logits.Set(i, j, math.Log(scale*bad.At(i, j)))
			}
		}
		p := prob(logits)
		want, edge := true, false
		for i := range m {
			var rowMax float64
			for j := range m {
				rowMax = math.Max(rowMax, math.Abs(logits.At(i, j)))
			}
			for j := range m {
				pij, v := p.At(i, j), bad.At(i, j)
				gap := math.Abs(pij-v) / math.Max(pij, v)
				relP := base + 4*u*(math.Abs(logits.At(i, j))+rowMax+1)
				if !(gap <= relP) {
					want = false
				} else if gap > relP-4*u {
					edge = true
				}
			}
		}
		err := check(bad)
		if want != (err == nil) {
			t.Errorf("δ = %du: every prob within its documented tolerance %v, but the checker says %v", step, want, err)
		}
		switch {
		case !want:
			rejected++
		case edge:
			accepted++
			nearEdge++
		default:
			accepted++
		}
	}
	if accepted == 0 || rejected == 0 || nearEdge == 0 {
		t.Errorf("the δ grid does not straddle the tolerance: %d accepted (%d within 4u of it), %d rejected", accepted, nearEdge, rejected)
	}
}

// TestC4TraceBoundIsInclusive: checkJointGap accepts tr c1 exactly at tr c2 − tol, with
// tol = relTol·(tr c1 + tr c2), and refuses the next float64 below. On an uninformative
// space c1 = c2, so tr c1 can sit on the bound: c1 = c2 − (tol/(m−1))(I − 11ᵀ/m) keeps
// zero row sums, moves each entry by ≤ tol·(m−1)/m (≈ 4e-15, inside the covariance check's
// tolerance) and gives c1 − c2 eigenvalues 0 and −tol/(m−1), inside eigTol; c1_00 is then
// stepped one float64 at a time until tr c1 sits exactly on the bound.
func TestC4TraceBoundIsInclusive(t *testing.T) {
	s := mustBuild(t, uninformativeSpec)
	m := s.Len()
	c2 := s.NegativeJoint()
	trace := func(a mat.Matrix) float64 {
		var tr float64
		for i := 0; i < m; i++ {
			tr += a.At(i, i)
		}
		return tr
	}
	tr2 := trace(c2)
	rt := relTolFormula(m)
	eps := rt * 2 * tr2 / float64(m-1)
	c1 := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			d := eps / float64(m)
			if i == j {
				d -= eps
			}
			c1.Set(i, j, c2.At(i, j)+d)
		}
	}
	bound := func() float64 { return tr2 - rt*(trace(c1)+tr2) }
	found := false
	for range 200 {
		tr1, b := trace(c1), bound()
		if tr1 == b {
			found = true
			break
		}
		dir := math.Inf(1)
		if tr1 > b {
			dir = math.Inf(-1)
		}
		c1.Set(0, 0, math.Nextafter(c1.At(0, 0), dir))
	}
	if !found {
		t.Fatal("no float64 c1_00 puts tr c1 exactly on tr c2 − tol")
	}
	if err := checkJointGap(s, c1, c2); err != nil {
		t.Errorf("tr c1 exactly at tr c2 − tol: %v", err)
	}
	for trace(c1) == bound() {
		c1.Set(0, 0, math.Nextafter(c1.At(0, 0), math.Inf(-1)))
	}
	var v *Violation
	if err := checkJointGap(s, c1, c2); !errors.As(err, &v) || v.Quantity != "tr c1" {
		t.Errorf("tr c1 one step below tr c2 − tol: error %v, want a violation of tr c1", err)
	}
}
