package loss

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/kernels"
	"github.com/infonce-lab/infonce-lab/internal/testutil"
)

const eps = 0x1p-52 // float64 machine epsilon

func mustNew(t testing.TB, name string, p Params) Loss {
	t.Helper()
	l, err := New(name, p)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// stackViews returns W = [z1; z2].
func stackViews(z1, z2 *mat.Dense) *mat.Dense {
	n, d := z1.Dims()
	w := mat.NewDense(2*n, d, nil)
	w.Slice(0, n, 0, d).(*mat.Dense).Copy(z1)
	w.Slice(n, 2*n, 0, d).(*mat.Dense).Copy(z2)
	return w
}

// flatten/unflatten map (z1, z2) to one vector for diff/fd.
func flatten(z1, z2 *mat.Dense) []float64 {
	return append(append([]float64(nil), z1.RawMatrix().Data...), z2.RawMatrix().Data...)
}

func unflatten(x []float64, n, d int) (*mat.Dense, *mat.Dense) {
	return mat.NewDense(n, d, append([]float64(nil), x[:n*d]...)), mat.NewDense(n, d, append([]float64(nil), x[n*d:]...))
}

// fdTol is the tolerance of a central difference with step h on a loss whose logits
// scale as 1/τ: truncation h²/6·|f”'| with |f”'| ≲ 1/τ³, plus rounding ε|f|/h with
// |f| ≲ 3 + 2/τ; a factor 10 covers the constants of these order estimates.
func fdTol(h, tau float64) float64 {
	return 10 * (h*h/(6*tau*tau*tau) + eps*(3+2/tau)/h)
}

const fdStep = 1e-5

func TestNewValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      Params
		want   string
		reason string
	}{
		{"infonce", Params{Tau: 0, Alpha: 1}, "τ = 0", "τ must be positive"},
		{"infonce", Params{Tau: -1, Alpha: 1}, "τ = -1", "τ must be positive"},
		{"dcl", Params{Tau: math.NaN(), Alpha: 1}, "τ = NaN", "NaN τ"},
		{"dcl", Params{Tau: math.Inf(1), Alpha: 1}, "τ = +Inf", "τ must be finite"},
		{"scinfonce", Params{Tau: 1, Alpha: math.Inf(-1)}, "α = -Inf", "α must be finite"},
		{"scinfonce", Params{Tau: 1, Alpha: 1, Beta: math.NaN()}, "β = NaN", "β must be finite"},
		{"simclr", Params{Tau: 1}, `"simclr"`, "unknown name is named"},
		{"InfoNCE", Params{Tau: 1}, "infonce, ntxent, dcl", "names are case-sensitive and listed"},
	} {
		_, err := New(tc.name, tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q, %+v) error %v, want one containing %q (%s)", tc.name, tc.p, err, tc.want, tc.reason)
		}
	}
	for _, name := range theoryNames() {
		l := mustNew(t, name, Params{Tau: 0.5, Alpha: 1})
		if l.Name() != name {
			t.Errorf("New(%q).Name() = %q", name, l.Name())
		}
		if _, ok := l.(LogitLoss); ok == (name == DHEL) {
			t.Errorf("%s: LogitLoss = %v, want %v (only dhel has no logit form)", name, ok, name != DHEL)
		}
		if _, err := DecoupledNormalisation(name); err != nil {
			t.Errorf("DecoupledNormalisation(%q): %v", name, err)
		}
	}
	if _, err := DecoupledNormalisation("x"); err == nil {
		t.Error("DecoupledNormalisation(\"x\"): no error")
	}
	for name, want := range map[string]bool{InfoNCE: false, NTXent: false, DCL: true, SCInfoNCE: false, SCInfoNCEDecoupled: true} {
		if got, _ := DecoupledNormalisation(name); got != want {
			t.Errorf("DecoupledNormalisation(%q) = %v, want %v (docs/theory.md §6)", name, got, want)
		}
	}
}

func TestShapePanics(t *testing.T) {
	l := mustNew(t, InfoNCE, Params{Tau: 1})
	ll := l.(LogitLoss)
	a, b := mat.NewDense(3, 2, nil), mat.NewDense(3, 3, nil)
	one := mat.NewDense(1, 2, []float64{1, 2})
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"views differ", func() { l.Eval(a, b, nil, nil) }},
		{"gradient shape", func() { l.Eval(a, a, b, nil) }},
		{"n = 1", func() { l.Eval(one, one, nil, nil) }},
		{"logits not square", func() { ll.EvalLogits(a, nil) }},
		{"ntxent odd side", func() { mustNew(t, NTXent, Params{Tau: 1}).(LogitLoss).EvalLogits(b, nil) }},
		{"PositiveProb dst", func() { PositiveProb(make([]float64, 2), b, false) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
}

// Loss values against the naive O(n²) formulas of naive_test.go. The package and the
// reference differ by log-sum-exp shift, summation order and exp (≤ 1.5 ulp): each
// ℓ_a is a sum of terms of size ≤ 2/τ + log n carrying a few ulp, so 1e-13·(1 + 1/τ)
// bounds the difference with margin.
func TestValuesAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tau := range []float64{0.002, 0.01, 0.1, 0.5, 1, 3} { // 0.002 runs the row-max shift
		for _, n := range []int{2, 3, 9, 37} {
			d := 1 + rng.IntN(7)
			z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
			p := Params{Tau: tau, Alpha: 0.7, Beta: -0.3}
			for _, name := range theoryNames() {
				got := mustNew(t, name, p).Eval(z1, z2, nil, nil)
				want := naiveLoss(name, p, z1, z2)
				tol := 1e-13 * (1 + 1/tau)
				if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
					t.Errorf("%s τ=%v n=%d d=%d: Eval = %.17g, naive %.17g", name, tau, n, d, got, want)
				}
			}
		}
	}
}

// Eval equals EvalLogits of the cosine/τ logit matrix (same tolerance reasoning).
func TestEvalMatchesEvalLogits(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, tau := range []float64{0.01, 0.1, 1} {
		n, d := 11, 4
		z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
		p := Params{Tau: tau, Alpha: 1.3, Beta: 0.4}
		for _, name := range theoryNames() {
			l := mustNew(t, name, p)
			ll, ok := l.(LogitLoss)
			if !ok {
				continue
			}
			s := cosLogits(z1, z2, tau)
			if name == NTXent {
				w := stackViews(z1, z2)
				s = cosLogits(w, w, tau)
			}
			if r, _ := s.Dims(); r != ll.LogitSize(n) {
				t.Fatalf("%s: LogitSize(%d) = %d, logits have side %d", name, n, ll.LogitSize(n), r)
			}
			got, want := l.Eval(z1, z2, nil, nil), ll.EvalLogits(s, nil)
			tol := 1e-13 * (1 + 1/tau)
			if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
				t.Errorf("%s τ=%v: Eval %.17g, EvalLogits %.17g", name, tau, got, want)
			}
			var naive float64
			if name == NTXent {
				naive = naiveNTXentLogits(s)
			} else {
				naive = naiveLogitLoss(name, p, s)
			}
			if !scalar.EqualWithinAbsOrRel(want, naive, tol, tol) {
				t.Errorf("%s τ=%v: EvalLogits %.17g, naive %.17g", name, tau, want, naive)
			}
		}
	}
}

// C30: the gradients of infonce, ntxent, dcl, dhel and spectral equal central finite
// differences of the loss value (fdTol). scinfonce variants are fields, not gradients:
// see TestSCFieldThroughNormalisation.
func TestC30_GradientMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, tau := range []float64{0.1, 0.5, 1} {
		for _, name := range []string{InfoNCE, NTXent, DCL, DHEL, Spectral} {
			n, d := 5, 3
			z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
			l := mustNew(t, name, Params{Tau: tau, Alpha: 1})
			g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			l.Eval(z1, z2, g1, g2)
			f := func(x []float64) float64 {
				a, b := unflatten(x, n, d)
				return l.Eval(a, b, nil, nil)
			}
			want := fd.Gradient(nil, f, flatten(z1, z2), &fd.Settings{Formula: fd.Central, Step: fdStep})
			got := flatten(g1, g2)
			tol := fdTol(fdStep, tau)
			for i := range got {
				if !scalar.EqualWithinAbs(got[i], want[i], tol) {
					t.Errorf("%s τ=%v: ∂L/∂x[%d] = %.12g, finite difference %.12g (tol %.2g)", name, tau, i, got[i], want[i], tol)
				}
			}
		}
	}
}

// softmaxRow returns the softmax of row a of s over the columns keep.
func softmaxRow(s *mat.Dense, a int, keep func(int) bool) []float64 {
	row := mat.Row(nil, a, s)
	z := lse(row, keep)
	p := make([]float64, len(row))
	for b, v := range row {
		if keep(b) {
			p[b] = math.Exp(v - z)
		}
	}
	return p
}

// C15, C18, C19: the logit gradients of EvalLogits against the closed forms of
// docs/theory.md §3, divided by n for the batch mean. P is computed here by a plain
// softmax; the values are O(1/n) sums of O(1) terms, so 1e-14/n absolute covers the
// rounding of both sides.
func TestC15C18C19_LogitGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	const n = 7
	s := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s.Set(i, j, 3*rng.NormFloat64())
		}
	}
	alpha, beta := 0.8, -0.25
	p := Params{Tau: 1, Alpha: alpha, Beta: beta}
	nf := float64(n)
	tol := 1e-14 / nf
	g := mat.NewDense(n, n, nil)
	check := func(what string, got, want float64) {
		t.Helper()
		if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
			t.Errorf("%s = %.17g, want %.17g", what, got, want)
		}
	}
	rowSum := func(a int) float64 { return mat.Sum(g.Slice(a, a+1, 0, n)) }

	mustNew(t, InfoNCE, p).(LogitLoss).EvalLogits(s, g)
	for a := 0; a < n; a++ {
		P := softmaxRow(s, a, func(int) bool { return true })
		check("C15 infonce ∂/∂S_aa", g.At(a, a), -(1-P[a])/nf)
		for b := 0; b < n; b++ {
			if b != a {
				check("infonce ∂/∂S_ab", g.At(a, b), P[b]/nf)
			}
		}
		check("C15 infonce row sum", rowSum(a), 0)
	}

	mustNew(t, SCInfoNCE, p).(LogitLoss).EvalLogits(s, g)
	for a := 0; a < n; a++ {
		P := softmaxRow(s, a, func(int) bool { return true })
		check("C18 scinfonce ∂/∂S_aa", g.At(a, a), -alpha/nf)
		for b := 0; b < n; b++ {
			if b != a {
				check("C18 scinfonce ∂/∂S_ab", g.At(a, b), (P[b]+beta/(nf-1))/nf)
			}
		}
		check("C19 scinfonce row sum", rowSum(a), (1+beta-alpha-P[a])/nf)
	}

	mustNew(t, SCInfoNCEDecoupled, p).(LogitLoss).EvalLogits(s, g)
	for a := 0; a < n; a++ {
		Q := softmaxRow(s, a, func(j int) bool { return j != a })
		row := mat.Row(nil, a, s)
		pt := math.Exp(row[a] - lse(row, func(j int) bool { return j != a }))
		check("C19 decoupled ∂/∂S_aa", g.At(a, a), -(pt+alpha)/nf)
		for b := 0; b < n; b++ {
			if b != a {
				check("decoupled ∂/∂S_ab", g.At(a, b), (Q[b]+beta/(nf-1))/nf)
			}
		}
		check("C19 decoupled row sum", rowSum(a), (1+beta-alpha-pt)/nf)
	}

	mustNew(t, DCL, p).(LogitLoss).EvalLogits(s, g)
	for a := 0; a < n; a++ {
		check("dcl row sum", rowSum(a), 0)
		check("dcl ∂/∂S_aa", g.At(a, a), -1/nf)
	}

	// ntxent: 2m×2m, self entries zero, rows sum to 0, positive at (i+m) mod 2m.
	const m = 4
	s2 := mat.NewDense(2*m, 2*m, nil)
	for i := 0; i < 2*m; i++ {
		for j := 0; j < 2*m; j++ {
			s2.Set(i, j, 2*rng.NormFloat64())
		}
	}
	g2 := mat.NewDense(2*m, 2*m, nil)
	mustNew(t, NTXent, p).(LogitLoss).EvalLogits(s2, g2)
	for i := 0; i < 2*m; i++ {
		P := softmaxRow(s2, i, func(j int) bool { return j != i })
		for j := 0; j < 2*m; j++ {
			want := P[j]
			if j == (i+m)%(2*m) {
				want -= 1
			}
			if !scalar.EqualWithinAbsOrRel(g2.At(i, j), want/(2*m), tol, tol) {
				t.Errorf("ntxent ∂/∂S[%d][%d] = %v, want %v", i, j, g2.At(i, j), want/(2*m))
			}
		}
	}
}

// The logit gradients of the true gradient losses equal finite differences of
// EvalLogits' value (fdTol with logits of scale 3, i.e. τ = 1/3).
func TestLogitGradientMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, name := range []string{InfoNCE, NTXent, DCL, Spectral} {
		ll := mustNew(t, name, Params{Tau: 1, Alpha: 1}).(LogitLoss)
		side := ll.LogitSize(4)
		s := randDense(rng, side, side)
		g := mat.NewDense(side, side, nil)
		ll.EvalLogits(s, g)
		f := func(x []float64) float64 { return ll.EvalLogits(mat.NewDense(side, side, x), nil) }
		x := append([]float64(nil), s.RawMatrix().Data...)
		want := fd.Gradient(nil, f, x, &fd.Settings{Formula: fd.Central, Step: fdStep})
		tol := fdTol(fdStep, 1.0/3)
		for i, w := range want {
			if got := g.RawMatrix().Data[i]; !scalar.EqualWithinAbs(got, w, tol) {
				t.Errorf("%s: ∂L/∂s[%d] = %.12g, finite difference %.12g", name, i, got, w)
			}
		}
	}
}

// The stop-gradient really stops: for scinfonce the written ∂/∂S_aa (the SC field)
// differs from the derivative of the returned value by exactly the term the
// stop-gradient removes, −S_aa·∂w/∂S_aa/n with w = P_aa − 1 + α (∂P_aa/∂S_aa =
// P_aa(1 − P_aa); for the decoupled p̃, ∂p̃/∂S_aa = p̃). Tolerance fdTol at logit scale 2.
func TestStopGradientStops(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	const n = 5
	for _, name := range []string{SCInfoNCE, SCInfoNCEDecoupled} {
		ll := mustNew(t, name, Params{Tau: 1, Alpha: 1, Beta: 0.2}).(LogitLoss)
		s := randDense(rng, n, n)
		for a := 0; a < n; a++ {
			s.Set(a, a, 2) // S_aa ≠ 0 so the removed term is visible
		}
		g := mat.NewDense(n, n, nil)
		ll.EvalLogits(s, g)
		for a := 0; a < n; a++ {
			f := func(x float64) float64 {
				c := mat.DenseCopyOf(s)
				c.Set(a, a, x)
				return ll.EvalLogits(c, nil)
			}
			dv := fd.Derivative(f, s.At(a, a), &fd.Settings{Formula: fd.Central, Step: fdStep})
			row := mat.Row(nil, a, s)
			var dw float64
			if name == SCInfoNCE {
				P := math.Exp(row[a] - lse(row, func(int) bool { return true }))
				dw = P * (1 - P)
			} else {
				dw = math.Exp(row[a] - lse(row, func(j int) bool { return j != a }))
			}
			removed := -s.At(a, a) * dw / n
			tol := fdTol(fdStep, 0.5)
			if !scalar.EqualWithinAbs(dv-g.At(a, a), removed, tol) {
				t.Errorf("%s row %d: d(value)/dS_aa − field = %.10g, want the removed term %.10g", name, a, dv-g.At(a, a), removed)
			}
			if math.Abs(removed) < 100*tol {
				t.Errorf("%s row %d: removed term %.3g too small to distinguish (test input)", name, a, removed)
			}
		}
	}
}

// The SC update field through the normalisation: Eval's "gradient" for scinfonce
// variants must equal the exact gradient of the linear test loss Σ_ab G_ab·S_ab(z)
// with G the logit field of EvalLogits frozen at z (C18/C19-checked above), whose
// gradient is Jᵀ G for the Jacobian J of the cosine/τ logits. The same holds for every
// logit loss, which checks Eval's backward pass against EvalLogits. fdTol at τ.
func TestSCFieldThroughNormalisation(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, tau := range []float64{0.1, 1} {
		for _, name := range []string{SCInfoNCE, SCInfoNCEDecoupled, InfoNCE, DCL, NTXent, Spectral} {
			n, d := 5, 3
			z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
			l := mustNew(t, name, Params{Tau: tau, Alpha: 0.6, Beta: 0.3})
			ll := l.(LogitLoss)
			logits := func(a, b *mat.Dense) *mat.Dense {
				if name == NTXent {
					w := stackViews(a, b)
					return cosLogits(w, w, tau)
				}
				return cosLogits(a, b, tau)
			}
			s := logits(z1, z2)
			side, _ := s.Dims()
			G := mat.NewDense(side, side, nil)
			ll.EvalLogits(s, G)
			g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			l.Eval(z1, z2, g1, g2)
			f := func(x []float64) float64 {
				a, b := unflatten(x, n, d)
				var m mat.Dense
				m.MulElem(G, logits(a, b))
				return mat.Sum(&m)
			}
			want := fd.Gradient(nil, f, flatten(z1, z2), &fd.Settings{Formula: fd.Central, Step: fdStep})
			got := flatten(g1, g2)
			tol := fdTol(fdStep, tau)
			for i := range got {
				if !scalar.EqualWithinAbs(got[i], want[i], tol) {
					t.Errorf("%s τ=%v: field[%d] = %.12g, Jᵀ·G by finite differences %.12g", name, tau, i, got[i], want[i])
				}
			}
		}
	}
}

// τ = 0.01 with nearly parallel and anti-parallel embeddings (logits ±100, exponent
// range 200) and τ = 0.002 (row-max shift, range 1000): loss and gradients finite and
// the values equal the naive formulas within the relative tolerance of
// TestValuesAgainstNaive.
func TestExtremeTemperature(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	const n, d = 6, 3
	base := []float64{1, 2, -0.5}
	for _, tau := range []float64{0.01, 0.002} {
		for _, layout := range []string{"parallel", "antiparallel", "positives-parallel-negatives-opposite"} {
			z1, z2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			for i := 0; i < n; i++ {
				for k := 0; k < d; k++ {
					jit := 1e-6 * rng.NormFloat64()
					switch layout {
					case "parallel":
						z1.Set(i, k, base[k]+jit)
						z2.Set(i, k, base[k]-jit)
					case "antiparallel":
						z1.Set(i, k, base[k]+jit)
						z2.Set(i, k, -base[k]+jit)
					default:
						// sources alternate between ±base; positives share a sign.
						sgn := float64(1 - 2*(i%2))
						z1.Set(i, k, sgn*base[k]+jit)
						z2.Set(i, k, sgn*base[k]-jit)
					}
				}
			}
			for _, name := range theoryNames() {
				p := Params{Tau: tau, Alpha: 1, Beta: 0.1}
				l := mustNew(t, name, p)
				g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
				v := l.Eval(z1, z2, g1, g2)
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("%s τ=%v %s: loss %v", name, tau, layout, v)
				}
				for _, g := range []*mat.Dense{g1, g2} {
					for _, x := range g.RawMatrix().Data {
						if math.IsNaN(x) || math.IsInf(x, 0) {
							t.Errorf("%s τ=%v %s: gradient entry %v", name, tau, layout, x)
							break
						}
					}
				}
				want := naiveLoss(name, p, z1, z2)
				tol := 1e-13 * (1 + 1/tau)
				if !scalar.EqualWithinAbsOrRel(v, want, tol, tol) {
					t.Errorf("%s τ=%v %s: Eval %.17g, naive %.17g", name, tau, layout, v, want)
				}
			}
		}
	}
}

// A zero row is normalised by max(‖z‖, 1e-12): its unit vector is 0, all its cosines
// are 0, and loss and gradient stay finite; the value equals the naive formula, which
// uses the same convention.
func TestZeroRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	const n, d = 5, 3
	z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
	for k := 0; k < d; k++ {
		z1.Set(2, k, 0)
	}
	for _, name := range theoryNames() {
		p := Params{Tau: 0.5, Alpha: 1}
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		v := mustNew(t, name, p).Eval(z1, z2, g1, g2)
		// tolerance of TestValuesAgainstNaive at τ = 0.5 (1e-13·(1+1/τ) = 3e-13)
		if want := naiveLoss(name, p, z1, z2); !scalar.EqualWithinAbsOrRel(v, want, 3e-13, 3e-13) {
			t.Errorf("%s: Eval %.17g, naive %.17g", name, v, want)
		}
		for _, x := range flatten(g1, g2) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s: gradient entry %v", name, x)
				break
			}
		}
	}
}

// Rows whose squared norm overflows are normalised by a rescaled norm: the loss of
// (c·z1, z2) equals that of (z1, z2) for c = 1e200 (cosines are scale-free; tolerance
// of TestValuesAgainstNaive).
func TestHugeRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 20))
	z1, z2 := randDense(rng, 5, 3), randDense(rng, 5, 3)
	var big mat.Dense
	big.Scale(1e200, z1)
	for _, name := range theoryNames() {
		l := mustNew(t, name, Params{Tau: 0.5, Alpha: 1})
		want := l.Eval(z1, z2, nil, nil)
		if got := l.Eval(&big, z2, nil, nil); !scalar.EqualWithinAbsOrRel(got, want, 1e-13, 1e-13) {
			t.Errorf("%s: loss of 1e200·z1 = %.17g, of z1 %.17g", name, got, want)
		}
	}
}

func TestNonFinitePropagates(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 16))
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		z1, z2 := randDense(rng, 4, 2), randDense(rng, 4, 2)
		z1.Set(1, 1, bad)
		for _, name := range theoryNames() {
			if v := mustNew(t, name, Params{Tau: 1, Alpha: 1}).Eval(z1, z2, nil, nil); !math.IsNaN(v) {
				t.Errorf("%s: loss with an embedding entry %v = %v, want NaN", name, bad, v)
			}
		}
	}
}

func TestPositiveProb(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	const n = 6
	s := randDense(rng, n, n)
	s.Set(2, 2, 800) // the decoupled form is unbounded; the softmax saturates at 1
	got := make([]float64, n)
	for _, dec := range []bool{false, true} {
		PositiveProb(got, s, dec)
		for a := 0; a < n; a++ {
			row := mat.Row(nil, a, s)
			var want float64
			if dec {
				want = math.Exp(row[a] - lse(row, func(j int) bool { return j != a }))
			} else {
				want = math.Exp(row[a] - lse(row, func(int) bool { return true }))
			}
			// relative: a ratio of exponentials each within a few ulp.
			if !scalar.EqualWithinRel(got[a], want, 1e-14) && !(math.IsInf(got[a], 1) && math.IsInf(want, 1)) {
				t.Errorf("PositiveProb decoupled=%v [%d] = %v, want %v", dec, a, got[a], want)
			}
		}
	}
}

// Bitwise determinism: 1, 2 and 4 workers give identical loss and gradient bits, and
// the portable kernels give the same bits as the vector ones. n = 300 has 8 chunks.
func TestDeterministicAcrossWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	const n, d = 300, 7
	z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
	for _, name := range theoryNames() {
		p := Params{Tau: 0.3, Alpha: 0.9, Beta: 0.2}
		l := mustNew(t, name, p)
		var ref []float64
		run := func(label string) {
			g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			v := l.Eval(z1, z2, g1, g2)
			out := append([]float64{v}, flatten(g1, g2)...)
			if ref == nil {
				ref = out
				return
			}
			if i := testutil.FirstBitDiff(out, ref); i >= 0 {
				t.Errorf("%s %s: element %d = %v, with 1 worker %v", name, label, i, out[i], ref[i])
			}
		}
		for _, w := range []int{1, 2, 4} {
			var err error
			if l, err = NewWithWorkers(name, p, w); err != nil {
				t.Fatal(err)
			}
			run("workers=" + string(rune('0'+w)))
		}
		for level := kernels.Portable; level < kernels.MaxLevel(); level++ {
			prev := kernels.SetLevel(level)
			run(level.String() + " kernels")
			kernels.SetLevel(prev)
		}
	}
}

// 0 allocations per Eval after the first call, on the parallel path (2 workers).
func TestEvalAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 19))
	const n, d = 200, 16
	z1, z2 := randDense(rng, n, d), randDense(rng, n, d)
	g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
	for _, name := range theoryNames() {
		l, err := NewWithWorkers(name, Params{Tau: 1, Alpha: 1, Beta: 0.1}, 2)
		if err != nil {
			t.Fatal(err)
		}
		l.Eval(z1, z2, g1, g2)
		if a := testing.AllocsPerRun(20, func() { l.Eval(z1, z2, g1, g2) }); a != 0 {
			t.Errorf("%s: %v allocations per Eval, want 0", name, a)
		}
		if ll, ok := l.(LogitLoss); ok {
			side := ll.LogitSize(n)
			s, gs := randDense(rng, side, side), mat.NewDense(side, side, nil)
			ll.EvalLogits(s, gs)
			if a := testing.AllocsPerRun(5, func() { ll.EvalLogits(s, gs) }); a != 0 {
				t.Errorf("%s: %v allocations per EvalLogits, want 0", name, a)
			}
		}
	}
}
