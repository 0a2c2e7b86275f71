package enumerate

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// TestC17_GapTheoryNumbers: docs/theory.md §4 states that on the toy the relative gap between
// the exactly averaged positive-pair probability at log ρ and T1 is 6.0e-3 at N = 2,
// 1.3e-3 at N = 16, 1.7e-4 at N = 128, and N × gap → 0.022. GapTable (max over pairs of
// |E[P] − T1|/T1) must reproduce them to the printed precision: half a unit of the last
// printed digit.
func TestC17_GapTheoryNumbers(t *testing.T) {
	toy := feature.Toy()
	rows := GapTable(toy, []int{2, 16, 128})
	for k, tc := range []struct {
		n         int
		want, tol float64
	}{
		{2, 6.0e-3, 0.05e-3},
		{16, 1.3e-3, 0.05e-3},
		{128, 1.7e-4, 0.05e-4},
	} {
		if r := rows[k]; r.N != tc.n || !scalar.EqualWithinAbs(r.Gap, tc.want, tc.tol) {
			t.Errorf("N = %d: gap %.4g, docs/theory.md %.2g (±%.2g)", r.N, r.Gap, tc.want, tc.tol)
		}
	}
	if lim := GapLimit(toy); !scalar.EqualWithinAbs(lim, 0.022, 0.0005) {
		t.Errorf("lim N·gap = %.5g, docs/theory.md 0.022", lim)
	}
}

// rowMoments returns the central moments m2…m6 of ρ_{i,c}, c ~ q (mean 1), and
// θ_i = max_c |ρ_{i,c} − 1|.
func rowMoments(s *feature.Space, i int) (mom [7]float64, theta float64) {
	q := s.ViewMarginal()
	rho := s.DensityRatio()
	for c, qc := range q {
		d := rho.At(i, c) - 1
		theta = math.Max(theta, math.Abs(d))
		p := qc
		for k := 1; k <= 6; k++ {
			p *= d
			mom[k] += p
		}
	}
	return mom, theta
}

// TestC17_GapExpansion checks the exact relative gap of every pair against the moment
// expansion of E[ρ/(a + Y)], a = ρ_ij + N − 1, Y = X_i − (N−1) a sum of μ = N−1 i.i.d.
// centred terms:
//
//	r = E[Y²]/a² − E[Y³]/a³ + E[Y⁴]/a⁴ + R,   E[Y²] = μm2, E[Y³] = μm3,
//	E[Y⁴] = μm4 + 3μ(μ−1)m2²,
//
// with the remainder R = E[(−Y/a)⁵/(1 + Y/a)] bounded rigorously, where |Y/a| ≤ θμ/a < 1,
// by |R| ≤ E|Y|⁵/(a⁵(1 − θμ/a)) ≤ √(E[Y⁴]E[Y⁶])/(a⁵(1 − θμ/a)) (Cauchy–Schwarz), with
// E[Y⁶] = μm6 + 15μ(μ−1)m4m2 + 10μ(μ−1)m3² + 15μ(μ−1)(μ−2)m2³. The first term is the
// closed-form leading gap (N−1)v_i/(ρ_ij + N−1)² (LeadingGap), checked separately.
func TestC17_GapExpansion(t *testing.T) {
	for _, sp := range []testSpace{{"m=2", two(t)}, {"toy", feature.Toy()}} {
		for _, n := range []int{16, 64, 256, 512} {
			t.Run(fmt.Sprintf("%s/N=%d", sp.name, n), func(t *testing.T) {
				s := sp.space
				m := s.Len()
				r := RelativeGap(nil, s, n)
				lead := LeadingGap(nil, s, n)
				rho := s.DensityRatio()
				e := mustExact(t, s, n)
				// Rounding of r = E[P]/T1 − 1: E[P] to GradientRoundingBound (the same kind of
				// sums), T1 to 4(m+5)u (a ratio of sums of m terms); doubled.
				round := 2 * (e.GradientRoundingBound(logDensityRatio(s)) + 4*float64(m+5)*u)
				mu := float64(n - 1)
				for i := 0; i < m; i++ {
					mom, theta := rowMoments(s, i)
					m2, m3, m4, m6 := mom[2], mom[3], mom[4], mom[6]
					ey2, ey3 := mu*m2, mu*m3
					ey4 := mu*m4 + 3*mu*(mu-1)*m2*m2
					ey6 := mu*m6 + 15*mu*(mu-1)*m4*m2 + 10*mu*(mu-1)*m3*m3 + 15*mu*(mu-1)*(mu-2)*m2*m2*m2
					for j := 0; j < m; j++ {
						a := rho.At(i, j) + mu
						ratio := theta * mu / a
						if !(ratio < 1) {
							t.Fatalf("pair (%d,%d): |Y/a| ≤ %.3g, the series need not converge", i, j, ratio)
						}
						want := ey2/(a*a) - ey3/(a*a*a) + ey4/(a*a*a*a)
						rem := math.Sqrt(ey4*ey6) / math.Pow(a, 5) / (1 - ratio)
						if !scalar.EqualWithinAbs(r.At(i, j), want, rem+round) {
							t.Errorf("gap(%d,%d) = %.10g, expansion %.10g (remainder ≤ %.2g)", i, j, r.At(i, j), want, rem)
						}
						// LeadingGap is the first term exactly.
						if !scalar.EqualWithinAbsOrRel(lead.At(i, j), ey2/(a*a), 0, 16*u) { // a few roundings each side
							t.Errorf("LeadingGap(%d,%d) = %.17g, want %.17g", i, j, lead.At(i, j), ey2/(a*a))
						}
						// The third- and fourth-order terms are resolved: dropping them misses
						// by more than the remainder bound whenever they exceed it.
						if hi := math.Abs(-ey3/(a*a*a) + ey4/(a*a*a*a)); hi > 2*(rem+round) && scalar.EqualWithinAbs(r.At(i, j), ey2/(a*a), rem+round) {
							t.Errorf("gap(%d,%d): the leading term alone fits within the remainder bound although the next terms are %.2g", i, j, hi)
						}
					}
				}
			})
		}
	}
}

// TestC17_NGapLimit: N·gap approaches the derived limit max_i v_i (GapLimit) like 1/N.
// From the expansion, N·r_ij = N·μ·v_i/a² − N·μ·m3_i/a³ + N·E[Y⁴]/a⁴ + N·R with
// N·μ/a² − 1 = (μ(1 − 2ρ) − ρ²)/a², so |N·r_ij − v_i| ≤ (v_i|μ(1−2ρ) − ρ²|/a² + |m3_i|/a·μN/a²
// + N·E[Y⁴]/a⁴ + N|R|) = O(1/N); the table rows at N = 256 and 512 are checked against
// that bound and against N times the leading closed form.
func TestC17_NGapLimit(t *testing.T) {
	toy := feature.Toy()
	rows := GapTable(toy, []int{256, 512})
	v := RowChiSquare(toy)
	rho := toy.DensityRatio()
	lim := GapLimit(toy)
	for _, row := range rows {
		i, j := row.Pair.I, row.Pair.J
		mom, theta := rowMoments(toy, i)
		mu := float64(row.N - 1)
		a := rho.At(i, j) + mu
		N := float64(row.N)
		ey4 := mu*mom[4] + 3*mu*(mu-1)*mom[2]*mom[2]
		ey6 := mu*mom[6] + 15*mu*(mu-1)*mom[4]*mom[2] + 10*mu*(mu-1)*mom[3]*mom[3] + 15*mu*(mu-1)*(mu-2)*math.Pow(mom[2], 3)
		rem := math.Sqrt(ey4*ey6) / math.Pow(a, 5) / (1 - theta*mu/a)
		next := N * (math.Abs(mu*mom[3])/(a*a*a) + ey4/(a*a*a*a) + rem)
		if !scalar.EqualWithinAbs(row.NGap, N*row.Leading, next+1e-12) { // 1e-12: N times the rounding of r (≈ 1e-15)
			t.Errorf("N = %d: N·gap = %.8g, N × leading closed form %.8g (next terms ≤ %.2g)", row.N, row.NGap, N*row.Leading, next)
		}
		bound := v[i]*math.Abs(mu*(1-2*rho.At(i, j))-rho.At(i, j)*rho.At(i, j))/(a*a) + next
		if !scalar.EqualWithinAbs(row.NGap, lim, bound+1e-12) || v[i] != lim {
			t.Errorf("N = %d: N·gap = %.8g at row %d, limit max_i v_i = %.8g (bound %.2g)", row.N, row.NGap, i, lim, bound)
		}
	}
	// The bound shrinks like 1/N: the two rows are closer to the limit in that ratio.
	d256, d512 := math.Abs(rows[0].NGap-lim), math.Abs(rows[1].NGap-lim)
	t.Logf("N·gap − limit: %.3g at N = 256, %.3g at N = 512 (ratio %.3f; 1/N gives 2)", d256, d512, d256/d512)
}

// TestGapTableShape: one row per N, N·Gap = N × Gap, every gap positive (Jensen), and
// decreasing in N on the toy.
func TestGapTableShape(t *testing.T) {
	ns := []int{2, 4, 8, 16, 32, 64, 128, 256, 512}
	rows := GapTable(feature.Toy(), ns)
	if len(rows) != len(ns) {
		t.Fatalf("%d rows for %d batch sizes", len(rows), len(ns))
	}
	for k, r := range rows {
		if r.N != ns[k] || r.NGap != float64(r.N)*r.Gap || !(r.Gap > 0) {
			t.Errorf("row %d = %+v", k, r)
		}
		if k > 0 && !(r.Gap < rows[k-1].Gap) {
			t.Errorf("gap not decreasing: N = %d %.3g, N = %d %.3g", rows[k-1].N, rows[k-1].Gap, r.N, r.Gap)
		}
		t.Logf("N = %3d  gap = %.4e  N·gap = %.5f  leading = %.4e  pair %v", r.N, r.Gap, r.NGap, r.Leading, r.Pair)
	}
	// A = I on two states (π = ½, ½): c1 = diag(π), ρ_ii = 2, ρ_ij = 0. The positive
	// competes only with the K ~ Bin(N−1, ½) negatives in its own state, so
	// E[P_ii] = E[2/(2 + 2K)] = E[1/(1+K)] = (1 − ½^N)/(N·½) (binomial identity), against
	// T1_ii = 2/(2 + N − 1); off the diagonal c1 = 0 and the relative gap is undefined (NaN).
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1, 0}, {0, 1}})
	const n = 4
	r := RelativeGap(nil, s, n)
	want := (1-math.Pow(0.5, n))/(n*0.5)/(2.0/(2+n-1)) - 1 // 0.46875/0.4 − 1 = 0.171875
	for i := 0; i < 2; i++ {
		if !scalar.EqualWithinAbsOrRel(r.At(i, i), want, 0, 64*u) { // a dozen roundings on each side
			t.Errorf("A = I: relative gap (%d,%d) = %.17g, closed form %.17g", i, i, r.At(i, i), want)
		}
		if !math.IsNaN(r.At(i, 1-i)) {
			t.Errorf("A = I: relative gap (%d,%d) = %v, want NaN (c1 = 0)", i, 1-i, r.At(i, 1-i))
		}
	}
	if rows := GapTable(s, []int{n}); !scalar.EqualWithinAbsOrRel(rows[0].Gap, want, 0, 64*u) {
		t.Errorf("A = I: GapTable gap %.17g, want %.17g (NaN pairs skipped)", rows[0].Gap, want)
	}
}

// TestLeadingGapDst: LeadingGap writes into a given m×m dst and returns it, with the
// closed form (N−1)·v_i/(ρ_ij + N−1)² on A = I over two states (v_i = Σ_j q_j ρ_ij² − 1
// = ½·4 − 1 = 1; ρ_ii = 2, ρ_ij = 0): at N = 4, 3/25 on the diagonal and 1/3 off it
// (tolerance: a few roundings, 8u relative); a dst of another shape is refused by name.
func TestLeadingGapDst(t *testing.T) {
	s := mustSpace(t, []float64{0.5, 0.5}, [][]float64{{1, 0}, {0, 1}})
	dst := mat.NewDense(2, 2, nil)
	got := LeadingGap(dst, s, 4)
	want := mat.NewDense(2, 2, []float64{3.0 / 25, 1.0 / 3, 1.0 / 3, 3.0 / 25})
	if got != dst || !mat.EqualApprox(got, want, 8*u) {
		t.Errorf("LeadingGap into dst = %v (same matrix: %v), want\n%v", mat.Formatted(got), got == dst, mat.Formatted(want))
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "3×3 dst in a 2-state space") {
			t.Errorf("LeadingGap with a 3×3 dst: panic %v, want one naming the shape", r)
		}
	}()
	LeadingGap(mat.NewDense(3, 3, nil), s, 4)
}
