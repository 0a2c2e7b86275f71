package loss

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

// naiveLogitGrad returns ∂L/∂S of a cross-view logit loss (n×n) or of ntxent (2n×2n)
// from the closed forms of docs/theory.md §3 (the SC field for the SC losses), with the
// softmaxes taken by the max-shifted log-sum-exp of naive_test.go:
//
//	infonce   G_aa = −(1 − P_aa)/n,  G_ab = P_ab/n
//	dcl       G_aa = −1/n,           G_ab = Q_ab/n         (Q: softmax over b ≠ a)
//	scinfonce G_aa = −α/n,           G_ab = (P_ab + β/(n−1))/n
//	scd       G_aa = −(p̃_a + α)/n,  G_ab = (Q_ab + β/(n−1))/n
//	spectral  G_aa = −2/n,           G_ab = 2S_ab/(n(n−1))
//	ntxent    G_ij = (P_ij − 1{j = (i+n) mod 2n})/(2n) over j ≠ i, P the softmax over j ≠ i.
func naiveLogitGrad(name string, p Params, s *mat.Dense) *mat.Dense {
	side, _ := s.Dims()
	g := mat.NewDense(side, side, nil)
	nf := float64(side)
	for a := 0; a < side; a++ {
		row := mat.Row(nil, a, s)
		all := func(int) bool { return true }
		neg := func(j int) bool { return j != a }
		switch name {
		case InfoNCE, SCInfoNCE:
			P := softmaxRow(s, a, all)
			for b := range row {
				v := P[b]
				if b == a {
					v = -(1 - P[a])
					if name == SCInfoNCE {
						v = -p.Alpha
					}
				} else if name == SCInfoNCE {
					v += p.Beta / (nf - 1)
				}
				g.Set(a, b, v/nf)
			}
		case DCL, SCInfoNCEDecoupled:
			Q := softmaxRow(s, a, neg)
			for b := range row {
				v := Q[b]
				if name == SCInfoNCEDecoupled {
					v += p.Beta / (nf - 1)
				}
				if b == a {
					v = -1
					if name == SCInfoNCEDecoupled {
						v = -(math.Exp(row[a]-lse(row, neg)) + p.Alpha)
					}
				}
				g.Set(a, b, v/nf)
			}
		case Spectral:
			for b, v := range row {
				if b == a {
					g.Set(a, b, -2/nf)
				} else {
					g.Set(a, b, 2*v/(nf*(nf-1)))
				}
			}
		case NTXent:
			P := softmaxRow(s, a, neg)
			n := side / 2
			for j := range row {
				if j == a {
					continue
				}
				v := P[j]
				if j == (a+n)%side {
					v--
				}
				g.Set(a, j, v/nf)
			}
		default:
			panic(name)
		}
	}
	return g
}

// naiveBack returns ∂L/∂z of rows z (unit rows u, the convention of unitRows) given
// ∂L/∂u: (gu − (gu·u)u)/‖z‖, or gu/1e-12 for a row shorter than 1e-12 (u = z/1e-12).
func naiveBack(z *mat.Dense, gu [][]float64) *mat.Dense {
	n, d := z.Dims()
	u := unitRows(z)
	out := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		nrm := mat.Norm(z.RowView(i), 2)
		if !(nrm >= 1e-12) {
			for k := 0; k < d; k++ {
				out.Set(i, k, gu[i][k]/1e-12)
			}
			continue
		}
		dt := dotv(gu[i], u[i])
		for k := 0; k < d; k++ {
			out.Set(i, k, (gu[i][k]-dt*u[i][k])/nrm)
		}
	}
	return out
}

// naiveEvalGrad returns the reference ∂L/∂z1, ∂L/∂z2 of Eval: the logit gradient of
// naiveLogitGrad (dhel: its within-view softmaxes) pulled back through S = û1·û2ᵀ/τ
// and the normalisation by naiveBack.
func naiveEvalGrad(name string, p Params, z1, z2 *mat.Dense) (*mat.Dense, *mat.Dense) {
	n, d := z1.Dims()
	u1, u2 := unitRows(z1), unitRows(z2)
	zeros := func() [][]float64 {
		g := make([][]float64, n)
		for i := range g {
			g[i] = make([]float64, d)
		}
		return g
	}
	gu1, gu2 := zeros(), zeros()
	addTo := func(dst []float64, c float64, x []float64) {
		for k := range dst {
			dst[k] += c * x[k]
		}
	}
	switch name {
	case NTXent:
		w := stackViews(z1, z2)
		uw := unitRows(w)
		G := naiveLogitGrad(name, p, cosLogits(w, w, p.Tau))
		for i := 0; i < 2*n; i++ {
			dst := gu1
			row := i
			if i >= n {
				dst, row = gu2, i-n
			}
			for j := 0; j < 2*n; j++ {
				addTo(dst[row], (G.At(i, j)+G.At(j, i))/p.Tau, uw[j])
			}
		}
	case DHEL:
		for _, v := range []struct {
			z   *mat.Dense
			u   [][]float64
			gu  [][]float64
			oth [][]float64
		}{{z1, u1, gu1, u2}, {z2, u2, gu2, u1}} {
			s := cosLogits(v.z, v.z, p.Tau)
			for a := 0; a < n; a++ {
				Q := softmaxRow(s, a, func(j int) bool { return j != a })
				for b := 0; b < n; b++ {
					// the row-a and column-a occurrences of S_ab = u_a·u_b/τ
					addTo(v.gu[a], Q[b]/float64(n)/p.Tau, v.u[b])
					addTo(v.gu[b], Q[b]/float64(n)/p.Tau, v.u[a])
				}
				addTo(v.gu[a], -1/float64(n)/p.Tau, v.oth[a])
			}
		}
	default:
		G := naiveLogitGrad(name, p, cosLogits(z1, z2, p.Tau))
		for a := 0; a < n; a++ {
			for b := 0; b < n; b++ {
				addTo(gu1[a], G.At(a, b)/p.Tau, u2[b])
				addTo(gu2[b], G.At(a, b)/p.Tau, u1[a])
			}
		}
	}
	return naiveBack(z1, gu1), naiveBack(z2, gu2)
}

// approxEqual reports whether got and want agree entry by entry within abs or rel
// (scalar.EqualWithinAbsOrRel), two non-finite entries agreeing when both are NaN or
// both the same infinity; it returns the first disagreeing index or −1.
func approxEqual(got, want []float64, abs, rel float64) int {
	for i, g := range got {
		w := want[i]
		if math.IsNaN(g) && math.IsNaN(w) {
			continue
		}
		if !scalar.EqualWithinAbsOrRel(g, w, abs, rel) {
			return i
		}
	}
	return -1
}

// layout returns view embeddings of n sources in dimension 3 for the named
// arrangement, with jitter of size 1e-6 (so cosines sit within ~1e-12 of ±1).
func layout(rng *rand.Rand, name string, n int) (*mat.Dense, *mat.Dense) {
	const d = 3
	base := []float64{1, 2, -0.5}
	z1, z2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			j1, j2 := 1e-6*rng.NormFloat64(), 1e-6*rng.NormFloat64()
			switch name {
			case "random":
				z1.Set(i, k, rng.NormFloat64())
				z2.Set(i, k, rng.NormFloat64())
			case "parallel":
				z1.Set(i, k, base[k]+j1)
				z2.Set(i, k, base[k]+j2)
			case "antiparallel":
				z1.Set(i, k, base[k]+j1)
				z2.Set(i, k, -base[k]+j2)
			case "alternating": // sources ±base; positives share a sign
				sgn := float64(1 - 2*(i%2))
				z1.Set(i, k, sgn*base[k]+j1)
				z2.Set(i, k, sgn*base[k]+j2)
			default:
				panic(name)
			}
		}
	}
	return z1, z2
}

// gradScale is the size of the terms a gradient entry of Eval sums before the
// projection of the normalisation removes the radial part: max_a Σ_b |G_ab| (G the
// logit gradient, or 1 for dhel, whose softmax weights sum to 1 per row) over the
// smallest row norm, at least 1. The projection can cancel most of such a term (the
// decoupled SC weight p̃ + α grows as exp(S_aa − S_ab), and with nearly parallel views
// the radial part is almost all of it), so rounding is relative to this scale.
func gradScale(name string, p Params, z1, z2 *mat.Dense) float64 {
	var g *mat.Dense
	switch name {
	case DHEL:
		return 1 / minNorm(z1, z2)
	case NTXent:
		w := stackViews(z1, z2)
		g = naiveLogitGrad(name, p, cosLogits(w, w, p.Tau))
	default:
		g = naiveLogitGrad(name, p, cosLogits(z1, z2, p.Tau))
	}
	side, _ := g.Dims()
	worst := 1.0
	for a := 0; a < side; a++ {
		s := 0.0
		for b := 0; b < side; b++ {
			s += math.Abs(g.At(a, b)) + math.Abs(g.At(b, a))
		}
		worst = math.Max(worst, s*float64(side))
	}
	return worst / minNorm(z1, z2)
}

func minNorm(z1, z2 *mat.Dense) float64 {
	m := math.Inf(1)
	for _, z := range []*mat.Dense{z1, z2} {
		r, _ := z.Dims()
		for i := 0; i < r; i++ {
			m = math.Min(m, mat.Norm(z.RowView(i), 2))
		}
	}
	return math.Min(m, 1)
}

// TestGradientsAgainstNaive: Eval's value and both gradients equal the naive
// references (math.Exp, max-shifted log-sum-exp, the closed-form logit gradients of
// docs/theory.md §3 pulled back by hand) for every loss, from τ = 1 down to τ = 0.002, where
// the logits reach ±500 and a plain exp would overflow, on random embeddings and on
// nearly parallel and antiparallel ones (cosines within 1e-12 of ±1). Tolerance: the
// value as in TestValuesAgainstNaive, 1e-13·(1 + 1/τ); a gradient entry sums O(n)
// terms of size ≤ gradScale/τ, each carrying a few ulp through exp and the shifted
// sums: 1e-12·(1 + 1/τ)·gradScale absolute bounds it. Where the decoupled weight p̃
// overflows (S_aa − S_ab > 709, documented in doc.go) both sides are NaN.
func TestGradientsAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 31))
	for _, tau := range []float64{1, 0.1, 0.01, 0.002} {
		for _, lay := range []string{"random", "parallel", "antiparallel", "alternating"} {
			for _, n := range []int{2, 7} {
				z1, z2 := layout(rng, lay, n)
				for _, name := range theoryNames() {
					p := Params{Tau: tau, Alpha: 0.8, Beta: 0.3}
					l := mustNew(t, name, p)
					g1, g2 := mat.NewDense(n, 3, nil), mat.NewDense(n, 3, nil)
					v := l.Eval(z1, z2, g1, g2)
					want := naiveLoss(name, p, z1, z2)
					tol := 1e-13 * (1 + 1/tau)
					where := fmt.Sprintf("%s τ=%v %s n=%d", name, tau, lay, n)
					if !scalar.EqualWithinAbsOrRel(v, want, tol, tol) {
						t.Errorf("%s: Eval %.17g, naive %.17g", where, v, want)
					}
					w1, w2 := naiveEvalGrad(name, p, z1, z2)
					gtol := 1e-12 * (1 + 1/tau) * gradScale(name, p, z1, z2)
					for _, c := range []struct {
						which     string
						got, want *mat.Dense
					}{{"g1", g1, w1}, {"g2", g2, w2}} {
						if i := approxEqual(c.got.RawMatrix().Data, c.want.RawMatrix().Data, gtol, 0); i >= 0 {
							t.Errorf("%s: %s[%d] = %.17g, want %.17g (tol %.3g)", where, c.which, i, c.got.RawMatrix().Data[i], c.want.RawMatrix().Data[i], gtol)
						}
					}
				}
			}
		}
	}
}

// TestDecoupledShiftBelowFixedTau: below τ = 2/700 Eval shifts each row by its
// maximum, over the negatives only for the decoupled rules. Three unit vectors 120°
// apart with identical views: S_aa = 1/τ = 500 and every negative S_ab = −250 at
// τ = 0.002, so a shift by the positive would flush every negative exponential
// (−750 < −708) and give log 0. Closed forms (n = 3, two negatives of −250):
//
//	dcl:  ℓ = −500 + (−250 + ln 2) = −750 + ln 2
//	dhel: ℓ = −500 + 2(−250 + ln 2) = −1000 + 2 ln 2
//
// Tolerance: the cosines −1/2 carry a few ulp, times 1/τ = 500: 1e-12 absolute on values
// of ~1000 is 10⁴ ulp of margin at that scale.
func TestDecoupledShiftBelowFixedTau(t *testing.T) {
	const tau = 0.002
	z := mat.NewDense(3, 2, []float64{
		1, 0,
		-0.5, math.Sqrt(3) / 2,
		-0.5, -math.Sqrt(3) / 2,
	})
	for _, tc := range []struct {
		name string
		want float64
	}{
		{DCL, -750 + math.Ln2},
		{DHEL, -1000 + 2*math.Ln2},
	} {
		l := mustNew(t, tc.name, Params{Tau: tau, Alpha: 1})
		g1, g2 := mat.NewDense(3, 2, nil), mat.NewDense(3, 2, nil)
		if v := l.Eval(z, z, g1, g2); !scalar.EqualWithinAbs(v, tc.want, 1e-9) {
			t.Errorf("%s: Eval = %.17g, want %.17g", tc.name, v, tc.want)
		}
		for _, x := range flatten(g1, g2) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s: gradient entry %v", tc.name, x)
				break
			}
		}
		if ll, ok := l.(LogitLoss); ok {
			if v := ll.EvalLogits(cosLogits(z, z, tau), nil); !scalar.EqualWithinAbs(v, tc.want, 1e-9) {
				t.Errorf("%s: EvalLogits = %.17g, want %.17g", tc.name, v, tc.want)
			}
		}
	}
}

// Tolerances with logits up to |S| = 1000. Both sides form exp(S − shift) and
// shift + log Σ: the subtraction and addition of numbers of size 1000 carry an absolute
// rounding of a few ulp of 1000 (ulp = 1.1e-13), which exp turns into the same relative
// error and the loss, a weighted sum over a few anchors, keeps as absolute error:
// extremeAbs = 1e-10 (~900 ulp of 1000) on values, extremeRel = 1e-12 on probabilities
// and gradients (~9 ulp of 1000 relative), absolute 1e-14 on gradient entries of size
// ≤ 1 (ratios of exponentials, β/(n−1), 2S/(n(n−1)) with their own ε rounding).
const (
	extremeAbs = 1e-10
	extremeRel = 1e-12
)

// TestEvalLogitsExtreme: logits of ±1000 and a positive that dominates its negatives
// by far more than the exp range, for every logit loss: values equal the naive
// log-sum-exp formulas, gradients the closed forms of naiveLogitGrad (tolerances
// above).
func TestEvalLogitsExtreme(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 32))
	for _, name := range []string{InfoNCE, DCL, SCInfoNCE, SCInfoNCEDecoupled, NTXent, Spectral} {
		p := Params{Tau: 1, Alpha: 0.9, Beta: 0.2}
		ll := mustNew(t, name, p).(LogitLoss)
		side := ll.LogitSize(5)
		s := mat.NewDense(side, side, nil)
		for i := 0; i < side; i++ {
			for j := 0; j < side; j++ {
				s.Set(i, j, 1000*(2*rng.Float64()-1))
			}
		}
		// Row 0: the positive 800 above negatives near 0, beyond exp's range; for the
		// decoupled SC form that makes p̃ overflow, so its positive stays within 700.
		pos := 0
		if name == NTXent {
			pos = side / 2
		}
		for j := 0; j < side; j++ {
			s.Set(0, j, rng.Float64())
		}
		s.Set(0, pos, 800)
		if name == SCInfoNCEDecoupled {
			s.Set(0, pos, 600)
		}
		g := mat.NewDense(side, side, nil)
		v := ll.EvalLogits(s, g)
		var want float64
		if name == NTXent {
			want = naiveNTXentLogits(s)
		} else {
			want = naiveLogitLoss(name, p, s)
		}
		if !scalar.EqualWithinAbsOrRel(v, want, extremeAbs, extremeRel) {
			t.Errorf("%s: EvalLogits = %.17g, naive %.17g", name, v, want)
		}
		wg := naiveLogitGrad(name, p, s)
		if i := approxEqual(g.RawMatrix().Data, wg.RawMatrix().Data, 1e-14, extremeRel); i >= 0 {
			t.Errorf("%s: logit gradient [%d] = %.17g, want %.17g", name, i, g.RawMatrix().Data[i], wg.RawMatrix().Data[i])
		}
	}
}

// TestEvalCountsExtreme: the count path shifts each class row by its largest logit
// (over the negatives present, and the positive unless decoupled); with state-pair
// logits of ±900 it must equal the naive loss of the expanded logit matrix (same
// tolerances as TestEvalLogitsExtreme) and PositiveProbCounts the naive probabilities.
func TestEvalCountsExtreme(t *testing.T) {
	const m = 3
	// Class (2, 2) has one candidate in state 2, its positive, so its negatives all
	// sit 1800 below it: a shift by the negatives alone overflows exp of the positive,
	// a shift by the positive flushes every negative.
	theta := mat.NewDense(m, m, []float64{
		900, -900, 100,
		-900, 900, -300,
		-900, -900, 900,
	})
	v1 := []int{0, 1, 2, 0, 1, 0, 0, 1}
	v2 := []int{0, 1, 2, 1, 1, 0, 1, 0}
	for _, name := range []string{InfoNCE, DCL, SCInfoNCE, NTXent} {
		p := Params{Tau: 1, Alpha: 1.1, Beta: 0.1}
		l := mustNew(t, name, p).(CountLoss)
		rows, cols := v1, v2
		if name == NTXent {
			rows = append(append([]int(nil), v1...), v2...)
			cols = rows
		}
		s := mat.NewDense(len(rows), len(cols), nil)
		for a := range rows {
			for b := range cols {
				s.Set(a, b, theta.At(rows[a], cols[b]))
			}
		}
		var want float64
		if name == NTXent {
			want = naiveNTXentLogits(s)
		} else {
			want = naiveLogitLoss(name, p, s)
		}
		var c Counts
		l.CountsOf(&c, m, v1, v2)
		got := l.EvalCounts(theta, &c, nil)
		if !scalar.EqualWithinAbsOrRel(got, want, extremeAbs, extremeRel) {
			t.Errorf("%s: EvalCounts = %.17g, naive %.17g", name, got, want)
		}
		dec, _ := DecoupledNormalisation(name)
		pc := mat.NewDense(m, m, nil)
		PositiveProbCounts(pc, theta, &c, dec)
		n := len(v1)
		for a := range rows {
			pa := (a + n) % len(rows)
			keep := func(j int) bool { return j != a }
			if name != NTXent {
				pa = a
				keep = func(j int) bool { return !dec || j != a }
			}
			row := mat.Row(nil, a, s)
			w := math.Exp(row[pa] - lse(row, keep))
			if g := pc.At(rows[a], cols[pa]); !scalar.EqualWithinAbsOrRel(g, w, 1e-14, extremeRel) {
				t.Errorf("%s: anchor %d class (%d, %d): PositiveProbCounts %v, naive %v", name, a, rows[a], cols[pa], g, w)
			}
		}
	}
}

// TestWorkersField: NewWithWorkers stores the worker count in the Workers field of
// every loss type (read by reflection), New stores 0 (every processor), and
// spectral, which runs on the caller's goroutine, alone has none.
func TestWorkersField(t *testing.T) {
	p := Params{Tau: 1, Alpha: 1}
	for _, name := range theoryNames() {
		for _, w := range []int{0, 5} {
			l, err := NewWithWorkers(name, p, w)
			if err != nil {
				t.Fatal(err)
			}
			f := reflect.ValueOf(l).Elem().FieldByName("Workers")
			if !f.IsValid() {
				if name != Spectral {
					t.Errorf("%s (%T) has no Workers field", name, l)
				}
				continue
			}
			got := int(f.Int())
			if got != w {
				t.Errorf("%s: NewWithWorkers(…, %d) set Workers = %d", name, w, got)
			}
		}
		if l := mustNew(t, name, p); l.Name() != name {
			t.Errorf("New(%q) has Name %q", name, l.Name())
		}
	}
}

// TestParamsCheckEveryNonFinite: τ, α and β are each refused when NaN or infinite of
// either sign (and τ when ≤ 0), naming the parameter and the value; finite α, β of any
// sign and a tiny τ pass.
func TestParamsCheckEveryNonFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		p    Params
		want string
	}{
		{Params{Tau: math.Inf(-1), Alpha: 1}, "τ = -Inf"},
		{Params{Tau: 1, Alpha: nan}, "α = NaN"},
		{Params{Tau: 1, Alpha: inf}, "α = +Inf"},
		{Params{Tau: 1, Alpha: 1, Beta: inf}, "β = +Inf"},
		{Params{Tau: 1, Alpha: 1, Beta: -inf}, "β = -Inf"},
	} {
		if err := tc.p.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%+v) = %v, want an error naming %q", tc.p, err, tc.want)
		}
	}
	if err := (Params{Tau: 1e-300, Alpha: -1e300, Beta: 1e300}).Check(); err != nil {
		t.Errorf("finite parameters refused: %v", err)
	}
}

// TestCountsLimits: the count path takes up to maxCountStates = 256 states (a class
// row lives on the stack), refuses more with a panic naming the limit, and
// PositiveProbCounts is NaN on a class without anchors. With all logits 0 and two
// sources, every anchor sees its positive among 2 equal candidates: infonce loss
// log 2, P = 1/2.
func TestCountsLimits(t *testing.T) {
	l := mustNew(t, InfoNCE, Params{Tau: 1}).(CountLoss)
	for _, m := range []int{maxCountStates, maxCountStates + 1} {
		var c Counts
		l.CountsOf(&c, m, []int{0, 1}, []int{0, 1})
		theta := mat.NewDense(m, m, nil)
		var v float64
		pc := mat.NewDense(m, m, nil)
		msg := panicMsg(func() {
			v = l.EvalCounts(theta, &c, nil)
			PositiveProbCounts(pc, theta, &c, false)
		})
		if m > maxCountStates {
			if !strings.Contains(msg, "at most 256 states") {
				t.Errorf("m = %d: panic %q, want one naming the limit of 256 states", m, msg)
			}
			continue
		}
		if msg != "" {
			t.Fatalf("m = %d: panic %s", m, msg)
		}
		if !scalar.EqualWithinAbs(v, math.Ln2, 1e-15) {
			t.Errorf("m = %d: loss %v, want log 2", m, v)
		}
		if pc.At(0, 0) != 0.5 || pc.At(1, 1) != 0.5 || !math.IsNaN(pc.At(0, 1)) || !math.IsNaN(pc.At(255, 255)) {
			t.Errorf("m = %d: PositiveProbCounts (0,0) %v, (1,1) %v, (0,1) %v, (255,255) %v; want 1/2, 1/2, NaN, NaN", m, pc.At(0, 0), pc.At(1, 1), pc.At(0, 1), pc.At(255, 255))
		}
	}
	if msg := panicMsg(func() {
		var c Counts
		l.CountsOf(&c, maxCountStates+1, []int{0, 1}, []int{0, 1})
		PositiveProbCounts(mat.NewDense(257, 257, nil), mat.NewDense(257, 257, nil), &c, false)
	}); !strings.Contains(msg, "at most 256 states") {
		t.Errorf("PositiveProbCounts of 257 states: panic %q, want one naming the limit", msg)
	}
}

// TestPositiveProbJointNaive: PositiveProbJoint against the naive log-sum-exp
// probability of the positive (i+n) mod 2n over j ≠ i (decoupled: over j ∉ {i, pos}),
// with one positive far above the exp range (relative extremeRel: logits up to 900).
func TestPositiveProbJointNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(34, 34))
	const n = 3
	s := randDense(rng, 2*n, 2*n)
	s.Set(1, 4, 900)
	s.Set(4, 0, -900)
	got := make([]float64, 2*n)
	for _, dec := range []bool{false, true} {
		PositiveProbJoint(got, s, dec)
		for i := 0; i < 2*n; i++ {
			pos := (i + n) % (2 * n)
			row := mat.Row(nil, i, s)
			w := math.Exp(row[pos] - lse(row, func(j int) bool { return j != i && (!dec || j != pos) }))
			if !scalar.EqualWithinRel(got[i], w, extremeRel) && !(math.IsInf(got[i], 1) && math.IsInf(w, 1)) {
				t.Errorf("decoupled=%v: [%d] = %v, want %v", dec, i, got[i], w)
			}
		}
	}
}

// TestOneGradient: either gradient may be requested alone; it equals the one computed
// beside the other bit for bit (the same operations run), whatever the destination
// held before, and the value is unchanged. For ntxent, whose two views share one
// similarity matrix, the one-sided gradient is also checked against finite
// differences (fdTol at τ).
func TestOneGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 35))
	const n, d = 6, 3
	for _, name := range theoryNames() {
		for _, tau := range []float64{0.5, 0.002} {
			z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
			l := mustNew(t, name, Params{Tau: tau, Alpha: 0.7, Beta: 0.2})
			b1, b2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			vb := l.Eval(z1, z2, b1, b2)
			garbage := func() *mat.Dense {
				g := mat.NewDense(n, d, nil)
				for i := range g.RawMatrix().Data {
					g.RawMatrix().Data[i] = math.NaN()
				}
				return g
			}
			o1, o2 := garbage(), garbage()
			v1 := l.Eval(z1, z2, o1, nil)
			v2 := l.Eval(z1, z2, nil, o2)
			vn := l.Eval(z1, z2, nil, nil)
			for _, c := range []struct {
				what      string
				got, want []float64
			}{
				{"g1 alone", o1.RawMatrix().Data, b1.RawMatrix().Data},
				{"g2 alone", o2.RawMatrix().Data, b2.RawMatrix().Data},
				{"values", []float64{v1, v2, vn}, []float64{vb, vb, vb}},
			} {
				if i := testutil.FirstBitDiff(c.got, c.want); i >= 0 {
					t.Errorf("%s τ=%v %s: element %d = %v, with both gradients %v", name, tau, c.what, i, c.got[i], c.want[i])
				}
			}
			if name != NTXent || tau < 0.1 {
				continue
			}
			x := flatten(z1, z2)
			f := func(y []float64) float64 {
				a, b := unflatten(y, n, d)
				return l.Eval(a, b, nil, nil)
			}
			want := fd.Gradient(nil, f, x, &fd.Settings{Formula: fd.Central, Step: fdStep})
			got := flatten(o1, o2)
			tol := fdTol(fdStep, tau)
			for i := range got {
				if !scalar.EqualWithinAbs(got[i], want[i], tol) {
					t.Errorf("ntxent one-sided: ∂L/∂x[%d] = %.12g, finite difference %.12g", i, got[i], want[i])
				}
			}
		}
	}
}

// TestGradientAliasesInput: "g1, g2 may alias" z1, z2: writing the gradient over the
// embeddings gives the same bits as separate matrices.
func TestGradientAliasesInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(36, 36))
	const n, d = 5, 4
	for _, name := range theoryNames() {
		z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
		l := mustNew(t, name, Params{Tau: 0.3, Alpha: 1, Beta: 0.1})
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		want := l.Eval(z1, z2, g1, g2)
		a1, a2 := mat.DenseCopyOf(z1), mat.DenseCopyOf(z2)
		got := l.Eval(a1, a2, a1, a2)
		if i := testutil.FirstBitDiff(append([]float64{got}, flatten(a1, a2)...), append([]float64{want}, flatten(g1, g2)...)); i >= 0 {
			t.Errorf("%s: aliased gradient element %d differs", name, i)
		}
	}
}

// TestScaleOfRows: cosines do not depend on the norm of a row, so Eval's gradient
// scales as ∂L/∂(c·z) = (∂L/∂z)/c: checked at c = 1e200 (the squared norm overflows
// and is rescaled) and c = 1e-6. Relative 1e-12: the unit rows agree to a few ulp and
// the gradient is linear in them.
func TestScaleOfRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 37))
	const n, d = 4, 3
	for _, name := range theoryNames() {
		z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
		l := mustNew(t, name, Params{Tau: 0.5, Alpha: 1, Beta: 0.2})
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		l.Eval(z1, z2, g1, g2)
		for _, c := range []float64{1e200, 1e-6} {
			var big mat.Dense
			big.Scale(c, z1)
			h1, h2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			l.Eval(&big, z2, h1, h2)
			h1.Scale(c, h1)
			if !mat.EqualApprox(h1, g1, 1e-12) || !mat.EqualApprox(h2, g2, 1e-12) {
				t.Errorf("%s c=%g: c·∂L/∂(c·z1) =\n%v\nwant ∂L/∂z1 =\n%v", name, c, mat.Formatted(h1), mat.Formatted(g1))
			}
		}
	}
}

// TestTinyRow: a row shorter than 1e-12 (but not zero) is divided by 1e-12, not by its
// norm: its "unit" vector is z/1e-12 and its gradient g/1e-12 (doc.go); a row of norm
// exactly 1e-12 is still a regular one. Values and gradients equal the naive
// references that use the same convention (3e-13 on values as in TestZeroRow; 3e-12
// on gradients, scaled by the 1/‖z‖ ≤ 1e12 of the two short rows).
func TestTinyRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(38, 38))
	const n, d = 4, 3
	for _, name := range theoryNames() {
		z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
		for k := 0; k < d; k++ { // row 1 of view 1: norm 0.5e-12
			z1.Set(1, k, 0)
		}
		z1.Set(1, 0, 0.5e-12)
		for k := 0; k < d; k++ { // row 2 of view 2: norm exactly 1e-12, a regular row
			z2.Set(2, k, 0)
		}
		z2.Set(2, 1, 1e-12)
		p := Params{Tau: 0.5, Alpha: 1, Beta: 0.2}
		l := mustNew(t, name, p)
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		v := l.Eval(z1, z2, g1, g2)
		if want := naiveLoss(name, p, z1, z2); !scalar.EqualWithinAbsOrRel(v, want, 3e-13, 3e-13) {
			t.Errorf("%s: Eval %.17g, naive %.17g", name, v, want)
		}
		w1, w2 := naiveEvalGrad(name, p, z1, z2)
		if !mat.EqualApprox(g1, w1, 3e-12*1e12) || !mat.EqualApprox(g2, w2, 3e-12*1e12) {
			t.Errorf("%s: gradients\n%v\n%v\nwant\n%v\n%v", name, mat.Formatted(g1), mat.Formatted(g2), mat.Formatted(w1), mat.Formatted(w2))
		}
		// The tiny row's gradient is g/1e-12, not the projected (g − (g·û)û)/‖z‖ of a
		// regular row: its entry along the row is not removed.
		if !(math.Abs(g1.At(1, 0)) > 1) {
			t.Errorf("%s: ∂L/∂z1[1][0] = %v, want the unprojected O(1e12) entry", name, g1.At(1, 0))
		}
		// A row of norm exactly 1e-12 is regular: its radial entry is projected out
		// (g_1 − (g·û)û_1 with û = e_1 is g_1 − g_1 = 0 exactly).
		if g2.At(2, 1) != 0 {
			t.Errorf("%s: ∂L/∂z2[2][1] = %v, want 0 (the row of norm 1e-12 is projected)", name, g2.At(2, 1))
		}
	}
}

// TestReuseAfterLargerBatch: a Loss value keeps scratch buffers grown to the largest
// batch it has seen; a smaller batch after a larger one (whose embeddings held
// infinities and a NaN, so stale padding would poison any sum it entered) gives the
// bits of a fresh value.
func TestReuseAfterLargerBatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(40, 40))
	for _, name := range theoryNames() {
		p := Params{Tau: 0.4, Alpha: 0.9, Beta: 0.2}
		big1, big2 := randDense(rng, 41, 6), randDense(rng, 41, 6)
		// Candidate 7's unit row is NaN (a NaN, an infinity): in the smaller batch's
		// layout its old entries fall on the padding of the first coordinate.
		big1.Set(7, 0, math.Inf(1))
		big2.Set(7, 0, math.NaN())
		big2.Set(40, 5, math.Inf(-1))
		z1, z2 := randDense(rng, 5, 3), randDense(rng, 5, 3)
		used := mustNew(t, name, p)
		used.Eval(big1, big2, mat.NewDense(41, 6, nil), mat.NewDense(41, 6, nil))
		fresh := mustNew(t, name, p)
		out := func(l Loss) []float64 {
			g1, g2 := mat.NewDense(5, 3, nil), mat.NewDense(5, 3, nil)
			v := l.Eval(z1, z2, g1, g2)
			return append([]float64{v}, flatten(g1, g2)...)
		}
		if i := testutil.FirstBitDiff(out(used), out(fresh)); i >= 0 {
			t.Errorf("%s: after a larger batch, element %d differs from a fresh value's", name, i)
		}
	}
}

// panicMsg runs f and returns the text of its panic ("" if it did not panic).
func panicMsg(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestCheckPanics: programmer errors panic with a message naming the problem.
func TestCheckPanics(t *testing.T) {
	a := mat.NewDense(3, 2, nil)
	sq := mat.NewDense(3, 3, nil)
	two := mat.NewDense(2, 2, nil)
	nt := mustNew(t, NTXent, Params{Tau: 1}).(LogitLoss)
	inf := mustNew(t, InfoNCE, Params{Tau: 1}).(LogitLoss)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"nil z1", func() { inf.Eval(nil, a, nil, nil) }, "nil embedding"},
		{"nil z2", func() { inf.Eval(a, nil, nil, nil) }, "nil embedding"},
		{"g2 shape", func() { inf.Eval(a, a, nil, sq) }, "dimension mismatch"},
		{"g1 shape", func() { inf.Eval(a, a, sq, nil) }, "dimension mismatch"},
		{"nil logits", func() { inf.EvalLogits(nil, nil) }, "nil logit"},
		{"gs shape", func() { inf.EvalLogits(sq, two) }, "dimension mismatch"},
		{"gs columns", func() { inf.EvalLogits(sq, mat.NewDense(3, 2, nil)) }, "dimension mismatch"},
		{"logits not square", func() { inf.EvalLogits(a, nil) }, "dimension mismatch"},
		{"ntxent n = 1", func() { nt.EvalLogits(two, nil) }, "n < 2"},
		{"infonce n = 1", func() { inf.EvalLogits(mat.NewDense(1, 1, nil), nil) }, "n < 2"},
		{"joint dst", func() { PositiveProbJoint(make([]float64, 3), mat.NewDense(4, 4, nil), false) }, "dimension mismatch"},
		{"joint n = 1", func() { PositiveProbJoint(make([]float64, 2), two, false) }, "n < 2"},
		{"counts shape", func() {
			var c Counts
			inf.(CountLoss).CountsOf(&c, 2, []int{0, 1}, []int{1, 0})
			inf.(CountLoss).EvalCounts(sq, &c, nil)
		}, "3×3 logits for 2 states"},
		{"counts gradient shape", func() {
			var c Counts
			inf.(CountLoss).CountsOf(&c, 2, []int{0, 1}, []int{1, 0})
			inf.(CountLoss).EvalCounts(two, &c, sq)
		}, "dimension mismatch"},
	} {
		msg := panicMsg(tc.f)
		if msg == "" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: panic %q, want one containing %q", tc.name, msg, tc.want)
		}
	}
	// The smallest valid shapes: n = 2 (ntxent: 4×4 logits).
	if v := nt.EvalLogits(mat.NewDense(4, 4, nil), nil); !scalar.EqualWithinAbs(v, math.Log(3), 1e-15) {
		t.Errorf("ntxent of zero 4×4 logits = %v, want log 3 (positive among 3 equal candidates)", v)
	}
	if v := inf.EvalLogits(two, nil); !scalar.EqualWithinAbs(v, math.Log(2), 1e-15) {
		t.Errorf("infonce of zero 2×2 logits = %v, want log 2", v)
	}
}

// TestWorkersSameBits: the worker counts 0 (GOMAXPROCS), 1 and 3 give the same bits,
// set through NewWithWorkers or through the Workers field of one value.
func TestWorkersSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(39, 39))
	const n, d = 70, 5 // 18 blocks of 4 anchors: 3 chunks
	z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
	p := Params{Tau: 0.4, Alpha: 1}
	var refInfoNCE []float64
	for _, name := range []string{InfoNCE, NTXent, DHEL} {
		var ref []float64
		for _, w := range []int{0, 1, 3} {
			l, err := NewWithWorkers(name, p, w)
			if err != nil {
				t.Fatal(err)
			}
			g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			v := l.Eval(z1, z2, g1, g2)
			out := append([]float64{v}, flatten(g1, g2)...)
			if ref == nil {
				ref = out
				continue
			}
			if i := testutil.FirstBitDiff(out, ref); i >= 0 {
				t.Errorf("%s NewWithWorkers(…, %d): element %d differs", name, w, i)
			}
		}
		if name == InfoNCE {
			refInfoNCE = ref
		}
	}
	// One value built as a literal, its field changed between calls: the scratch of a
	// 3-worker call serves a 1-worker call with the same bits.
	l := &InfoNCELoss{Tau: p.Tau, Workers: 3}
	l.Eval(z1, z2, nil, nil)
	l.Workers = 1
	g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
	v := l.Eval(z1, z2, g1, g2)
	if i := testutil.FirstBitDiff(append([]float64{v}, flatten(g1, g2)...), refInfoNCE); i >= 0 {
		t.Errorf("InfoNCELoss literal, Workers 3 then 1: element %d differs", i)
	}
}

// TestGradientsAgainstNaiveManyChunks: the same comparison at n = 70 (18 row blocks of
// 4, so the engine splits rows and columns into 3 chunks and sums the chunk partials of
// every column range) and at n = 257 (the count path's boundary size), for every loss.
// Tolerances as in TestGradientsAgainstNaive, whose 1e-12 relative bound holds for any
// n: each entry is a sum of n terms of size ≤ gradScale/n.
func TestGradientsAgainstNaiveManyChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 41))
	const tau = 0.5
	for _, n := range []int{70, 257} {
		z1, z2 := layout(rng, "random", n)
		for _, name := range theoryNames() {
			p := Params{Tau: tau, Alpha: 0.8, Beta: 0.3}
			l := mustNew(t, name, p)
			g1, g2 := mat.NewDense(n, 3, nil), mat.NewDense(n, 3, nil)
			l.Eval(z1, z2, g1, g2)
			w1, w2 := naiveEvalGrad(name, p, z1, z2)
			gtol := 1e-12 * (1 + 1/tau) * gradScale(name, p, z1, z2)
			for _, c := range []struct {
				which     string
				got, want *mat.Dense
			}{{"g1", g1, w1}, {"g2", g2, w2}} {
				if i := approxEqual(c.got.RawMatrix().Data, c.want.RawMatrix().Data, gtol, 0); i >= 0 {
					t.Errorf("%s n=%d: %s[%d] = %.17g, want %.17g (tol %.3g)", name, n, c.which, i, c.got.RawMatrix().Data[i], c.want.RawMatrix().Data[i], gtol)
				}
			}
		}
	}
}

// TestChunkPartition: the row phase's partition is a function of the anchor count
// alone (engine.go's constants): the ⌈nA/4⌉ blocks of 4 anchors are cut into
// c = min(maxChunks, ⌈blocks/minBlocks⌉) chunks of bpc = ⌈blocks/c⌉ blocks, so at most
// minBlocks blocks a chunk unless maxChunks caps the count, every block in a chunk and
// no chunk empty.
func TestChunkPartition(t *testing.T) {
	for _, n := range []int{1, 4, 5, 31, 32, 33, 64, 65, 128, 1000, 4097} {
		var r run
		r.resize(n, n, 3, true)
		blocks := (n + 3) / 4
		if r.nChunks < 1 || r.nChunks > maxChunks || (r.nChunks < maxChunks && r.bpc > minBlocks) ||
			r.nChunks*r.bpc < blocks || (r.nChunks-1)*r.bpc >= blocks {
			t.Errorf("n = %d (%d blocks): %d chunks of %d blocks", n, blocks, r.nChunks, r.bpc)
		}
	}
}
