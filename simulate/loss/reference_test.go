package loss

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Naive reference losses, written from the formulas of graph_toy.py (docs/theory.md §7)
// entry by entry with math.Exp/math.Log: independent of the kernels under test.

func refNaiveUnit(z *mat.Dense) [][]float64 {
	n, d := z.Dims()
	u := make([][]float64, n)
	for a := range n {
		nm := math.Max(mat.Norm(z.RowView(a), 2), 1e-12)
		u[a] = make([]float64, d)
		for k := range d {
			u[a][k] = z.At(a, k) / nm
		}
	}
	return u
}

func refTDot(x, y []float64) float64 {
	s := 0.0
	for k := range x {
		s += x[k] * y[k]
	}
	return s
}

func refTSqd(x, y []float64) float64 {
	s := 0.0
	for k := range x {
		s += (x[k] - y[k]) * (x[k] - y[k])
	}
	return s
}

// lseOff is log Σ_{b≠a} exp(f(b)).
func refLseOff(n, a int, f func(b int) float64) float64 {
	s := 0.0
	for b := range n {
		if b != a {
			s += math.Exp(f(b))
		}
	}
	return math.Log(s)
}

func naiveNTXent(z1, z2 *mat.Dense, tau float64) float64 {
	v := append(refNaiveUnit(z1), refNaiveUnit(z2)...)
	nn := len(v)
	l := 0.0
	for i := range nn {
		s := 0.0
		for j := range nn {
			s += math.Exp(refTDot(v[i], v[j]) / tau)
		}
		l += -refTDot(v[i], v[(i+nn/2)%nn])/tau + math.Log(s)
	}
	return l / float64(nn)
}

// naiveSC is the SC loss with the weights w held fixed (nil: computed here, as the
// value of the loss).
func naiveSC(z1, z2 *mat.Dense, tau, alpha, beta float64, w []float64) (float64, []float64) {
	u1, u2 := refNaiveUnit(z1), refNaiveUnit(z2)
	n := len(u1)
	if w == nil {
		w = make([]float64, n)
		for a := range n {
			logp := refTDot(u1[a], u2[a])/tau - refLseOff(n, a, func(b int) float64 { return refTDot(u1[a], u2[b]) / tau })
			w[a] = math.Exp(logp) - 1 + alpha
		}
	}
	l := 0.0
	for a := range n {
		saa := refTDot(u1[a], u2[a]) / tau
		logp := saa - refLseOff(n, a, func(b int) float64 { return refTDot(u1[a], u2[b]) / tau })
		neg := 0.0
		for b := range n {
			if b != a {
				neg += refTDot(u1[a], u2[b]) / tau
			}
		}
		l += -logp - w[a]*saa + beta*neg/float64(n-1)
	}
	return l / float64(n), w
}

func naiveIS(z1, z2, z3 *mat.Dense, tau float64) float64 {
	u1, u2, u3 := refNaiveUnit(z1), refNaiveUnit(z2), refNaiveUnit(z3)
	n := len(u1)
	l := 0.0
	for a := range n {
		l += -refTDot(u1[a], u2[a])/tau + refLseOff(n, a, func(b int) float64 { return refTDot(u3[a], u3[b]) / tau })
	}
	return l / float64(n)
}

func naiveDCL(z1, z2 *mat.Dense, tau float64) float64 {
	u1, u2 := refNaiveUnit(z1), refNaiveUnit(z2)
	n := len(u1)
	l := 0.0
	for a := range n {
		l += -refTDot(u1[a], u2[a])/tau + refLseOff(n, a, func(b int) float64 { return refTDot(u1[a], u2[b]) / tau })
	}
	return l / float64(n)
}

func naiveDHEL(z1, z2 *mat.Dense, tau float64) float64 {
	u1, u2 := refNaiveUnit(z1), refNaiveUnit(z2)
	n := len(u1)
	l := 0.0
	for a := range n {
		l += -refTDot(u1[a], u2[a])/tau + refLseOff(n, a, func(b int) float64 { return refTDot(u1[a], u1[b]) / tau }) +
			refLseOff(n, a, func(b int) float64 { return refTDot(u2[a], u2[b]) / tau })
	}
	return l / float64(n)
}

func refTRows(z *mat.Dense) [][]float64 {
	n, _ := z.Dims()
	out := make([][]float64, n)
	for a := range n {
		out[a] = z.RawRowView(a)
	}
	return out
}

func naiveGKCL(z1, z2 *mat.Dense, t float64) float64 {
	x1, x2 := refTRows(z1), refTRows(z2)
	n := len(x1)
	align, e := 0.0, 0.0
	for a := range n {
		align += math.Exp(-t * refTSqd(x1[a], x2[a]))
		for b := range n {
			if b != a {
				e += math.Exp(-t*refTSqd(x1[a], x1[b])) + math.Exp(-t*refTSqd(x2[a], x2[b]))
			}
		}
	}
	nf := float64(n)
	return -2*align/nf + 128*e/(nf*(nf-1))
}

func naiveLinear(z1, z2 *mat.Dense) float64 {
	u1, u2 := refNaiveUnit(z1), refNaiveUnit(z2)
	n := len(u1)
	l := 0.0
	for a := range n {
		neg := 0.0
		for b := range n {
			if b != a {
				neg += refTDot(u1[a], u2[b])
			}
		}
		l += -refTDot(u1[a], u2[a]) + neg/float64(n-1)
	}
	return l / float64(n)
}

func naiveFMICL(z1, z2 *mat.Dense) float64 {
	u1, u2 := refNaiveUnit(z1), refNaiveUnit(z2)
	n := len(u1)
	fp := func(g float64) float64 { return math.Log(2) + math.Log(g+1e-8) - math.Log(1+g) }
	fs := func(s float64) float64 { return -math.Log(2 - math.Exp(s)) }
	pos, neg := 0.0, 0.0
	for a := range n {
		pos += fp(math.Exp(-refTSqd(u1[a], u2[a]) / 2))
		for b := range n {
			if b != a {
				neg += fs(fp(math.Exp(-refTSqd(u1[a], u1[b]) / 2)))
			}
		}
	}
	nf := float64(n)
	return -pos/nf + 1.5*neg/(nf*(nf-1))
}

func refRandView(rng *rand.Rand, n, d int, scale float64) *mat.Dense {
	z := mat.NewDense(n, d, nil)
	for i := range n {
		for k := range d {
			z.Set(i, k, scale*rng.NormFloat64())
		}
	}
	return z
}

// refCase is one reference loss with its independent value function of (z1, z2).
type refCase struct {
	k     int
	naive func(z1, z2 *mat.Dense) float64
}

func refCases(p Params) []refCase {
	return []refCase{
		{0, func(a, b *mat.Dense) float64 { return naiveNTXent(a, b, p.Tau) }},
		{2, func(a, b *mat.Dense) float64 { return naiveIS(a, b, b, p.Tau) }},
		{3, func(a, b *mat.Dense) float64 { return naiveDCL(a, b, p.Tau) }},
		{4, func(a, b *mat.Dense) float64 { return naiveDHEL(a, b, p.Tau) }},
		{5, func(a, b *mat.Dense) float64 { return naiveGKCL(a, b, p.Tau) }},
		{6, naiveLinear},
		{7, func(a, b *mat.Dense) float64 { return naiveFMICL(a, b) }},
	}
}

// fdGrad is the central finite difference of f at z (entry by entry), step h.
func refFDGrad(f func() float64, z *mat.Dense, h float64) *mat.Dense {
	n, d := z.Dims()
	g := mat.NewDense(n, d, nil)
	for i := range n {
		for k := range d {
			old := z.At(i, k)
			z.Set(i, k, old+h)
			up := f()
			z.Set(i, k, old-h)
			down := f()
			z.Set(i, k, old)
			g.Set(i, k, (up-down)/(2*h))
		}
	}
	return g
}

// refFDTol: central differences with h = 1e-5 on O(1) smooth functions: truncation
// h²·f”'/6 ≈ 1e-10, rounding 1e-16/h ≈ 1e-11; 1e-7 leaves room for f”' up to 1e3.
const refFDTol = 1e-7

func TestReferenceLossesMatchFormulasAndFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range []Params{{Tau: 1, Alpha: 1}, {Tau: 0.5, Alpha: 0.7, Beta: 0.3}} {
		for _, tc := range refCases(p) {
			// Gaussian KCL on raw z: a scale where the kernels are not all ≈ 0.
			scale := 1.0
			if tc.k == 5 {
				scale = 0.3
			}
			z1, z2 := refRandView(rng, 7, 4, scale), refRandView(rng, 7, 4, scale)
			l, err := NewReference(tc.k, p, 1)
			if err != nil {
				t.Fatal(err)
			}
			g1, g2 := mat.NewDense(7, 4, nil), mat.NewDense(7, 4, nil)
			got := l.Eval(z1, z2, g1, g2)
			want := tc.naive(z1, z2)
			// Same formula, different summation order: ~10 ulp of O(10) values.
			if !(math.Abs(got-want) <= 1e-12*(1+math.Abs(want))) {
				t.Errorf("%s τ=%v: loss %v, formula %v", l.Name(), p.Tau, got, want)
			}
			if v := l.Eval(z1, z2, nil, nil); v != got {
				t.Errorf("%s: value without gradients %v ≠ %v", l.Name(), v, got)
			}
			f1 := refFDGrad(func() float64 { return tc.naive(z1, z2) }, z1, 1e-5)
			f2 := refFDGrad(func() float64 { return tc.naive(z1, z2) }, z2, 1e-5)
			if !mat.EqualApprox(g1, f1, refFDTol) || !mat.EqualApprox(g2, f2, refFDTol) {
				t.Errorf("%s τ=%v: gradient\n%v\n%v\nfinite differences\n%v\n%v", l.Name(), p.Tau,
					mat.Formatted(g1), mat.Formatted(g2), mat.Formatted(f1), mat.Formatted(f2))
			}
		}
	}
}

func TestRefSCGradientIsStopGradientField(t *testing.T) {
	// The value is the loss; the gradient holds w = sg(p − 1 + α) fixed: finite
	// differences of the loss with w frozen at the evaluation point.
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range []Params{{Tau: 1, Alpha: 1}, {Tau: 0.4, Alpha: 2, Beta: 0.5}} {
		z1, z2 := refRandView(rng, 6, 3, 1), refRandView(rng, 6, 3, 1)
		l, _ := NewReference(1, p, 1)
		g1, g2 := mat.NewDense(6, 3, nil), mat.NewDense(6, 3, nil)
		got := l.Eval(z1, z2, g1, g2)
		want, w := naiveSC(z1, z2, p.Tau, p.Alpha, p.Beta, nil)
		if !(math.Abs(got-want) <= 1e-12*(1+math.Abs(want))) { // summation order
			t.Errorf("τ=%v: loss %v, formula %v", p.Tau, got, want)
		}
		frozen := func() float64 { v, _ := naiveSC(z1, z2, p.Tau, p.Alpha, p.Beta, w); return v }
		f1, f2 := refFDGrad(frozen, z1, 1e-5), refFDGrad(frozen, z2, 1e-5)
		if !mat.EqualApprox(g1, f1, refFDTol) || !mat.EqualApprox(g2, f2, refFDTol) {
			t.Errorf("τ=%v: gradient differs from the frozen-weight finite differences", p.Tau)
		}
	}
}

func TestRefISThreeViews(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	z1, z2, z3 := refRandView(rng, 6, 3, 1), refRandView(rng, 6, 3, 1), refRandView(rng, 6, 3, 1)
	l := &RefISInfoNCE{Tau: 0.7}
	g1, g2, g3 := mat.NewDense(6, 3, nil), mat.NewDense(6, 3, nil), mat.NewDense(6, 3, nil)
	got := l.EvalThree(z1, z2, z3, g1, g2, g3)
	f := func() float64 { return naiveIS(z1, z2, z3, 0.7) }
	if want := f(); !(math.Abs(got-want) <= 1e-12*(1+math.Abs(want))) { // summation order
		t.Errorf("loss %v, formula %v", got, want)
	}
	for i, pair := range [][2]*mat.Dense{{g1, z1}, {g2, z2}, {g3, z3}} {
		if fd := refFDGrad(f, pair[1], 1e-5); !mat.EqualApprox(pair[0], fd, refFDTol) {
			t.Errorf("view %d: gradient\n%v\nfinite differences\n%v", i+1, mat.Formatted(pair[0]), mat.Formatted(fd))
		}
	}
}

func TestReferenceLossesAliasWorkersAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n, d = 70, 5 // 3 chunks of 32 rows
	z1, z2 := refRandView(rng, n, d, 0.5), refRandView(rng, n, d, 0.5)
	p := Params{Tau: 0.5, Alpha: 1, Beta: 0.1}
	for _, e := range ReferenceLosses {
		base, err := NewWithWorkers(e.Name, p, 1)
		if err != nil {
			t.Fatal(err)
		}
		g1, g2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		v1 := base.Eval(z1, z2, g1, g2)
		for _, w := range []int{2, 3} {
			l, _ := NewWithWorkers(e.Name, p, w)
			h1, h2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
			if v := l.Eval(z1, z2, h1, h2); v != v1 || !mat.Equal(h1, g1) || !mat.Equal(h2, g2) {
				t.Errorf("%s: workers %d change the result", e.Name, w)
			}
		}
		a1, a2 := mat.DenseCopyOf(z1), mat.DenseCopyOf(z2)
		if v := base.Eval(a1, a2, a1, a2); v != v1 || !mat.Equal(a1, g1) || !mat.Equal(a2, g2) {
			t.Errorf("%s: aliased gradients differ", e.Name)
		}
		if e.Name != base.Name() {
			t.Errorf("registry name %q, loss name %q", e.Name, base.Name())
		}
		if a := testing.AllocsPerRun(3, func() { base.Eval(z1, z2, g1, g2) }); a > 16 {
			// chunks.For's closures: a few per call, independent of n.
			t.Errorf("%s: %v allocations per call after warm-up", e.Name, a)
		}
	}
}

func TestReferenceRegistryErrors(t *testing.T) {
	for _, k := range []int{-1, 8} {
		if _, err := NewReference(k, Params{Tau: 1}, 1); err == nil || !strings.Contains(err.Error(), "type "+refItoa(k)) {
			t.Errorf("type %d: error %v", k, err)
		}
	}
	if _, err := NewReference(0, Params{Tau: 0}, 1); err == nil || !strings.Contains(err.Error(), "τ = 0") {
		t.Errorf("τ = 0: error %v", err)
	}
	for k, e := range ReferenceLosses {
		if e.Type != k {
			t.Errorf("entry %d has type %d", k, e.Type)
		}
	}
}

func refItoa(k int) string {
	if k < 0 {
		return "-" + refItoa(-k)
	}
	return string(rune('0' + k))
}

// The reference's DCL and SC-InfoNCE (types 3 and 1) are the registry's dcl and
// scinfonce-decoupled written by other code (graph_toy.py's formulas against
// docs/theory.md §3's): their values and gradients agree to rounding (1e-12 relative:
// two summation orders of O(n) terms of size O(1/τ)), which is why their Target is
// the registered losses' target.
func TestReferenceSameAsRegistered(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n, d = 37, 6
	z1, z2 := refRandView(rng, n, d, 0.5), refRandView(rng, n, d, 0.5)
	for _, c := range []struct {
		ref, reg string
		p        Params
	}{
		{RefDCLName, DCL, Params{Tau: 0.4}},
		{RefSCInfoNCEName, SCInfoNCEDecoupled, Params{Tau: 0.4, Alpha: 0.7, Beta: 0.3}},
		{RefSCInfoNCEName, SCInfoNCEDecoupled, Params{Tau: 1, Alpha: 1, Beta: 0}},
	} {
		var vals [2]float64
		var grads [2][2]*mat.Dense
		for k, name := range []string{c.ref, c.reg} {
			l, err := NewWithWorkers(name, c.p, 1)
			if err != nil {
				t.Fatal(err)
			}
			grads[k] = [2]*mat.Dense{mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)}
			vals[k] = l.Eval(z1, z2, grads[k][0], grads[k][1])
		}
		if !(math.Abs(vals[0]-vals[1]) <= 1e-12*math.Abs(vals[1])) {
			t.Errorf("%s %+v = %v, %s = %v", c.ref, c.p, vals[0], c.reg, vals[1])
		}
		for v := range 2 {
			if !mat.EqualApprox(grads[0][v], grads[1][v], 1e-12) {
				t.Errorf("%s %+v: gradient of view %d differs from %s's", c.ref, c.p, v+1, c.reg)
			}
		}
	}
}

// theoryNames are the registry's names without the reference losses: the losses of
// docs/theory.md §3 that the naive oracles (naive_test.go) and the closed-form targets
// of methods_test.go cover; the reference losses have their own oracles above.
func theoryNames() []string {
	var names []string
	for _, name := range Names() {
		if !strings.HasPrefix(name, "ref-") {
			names = append(names, name)
		}
	}
	return names
}

// Every reference loss is in the registry under its name, and theoryNames leaves out
// exactly those.
func TestReferenceLossesRegistered(t *testing.T) {
	if got, want := len(theoryNames())+len(ReferenceLosses), len(Names()); got != want {
		t.Errorf("%d theory + %d reference losses, registry has %d", len(theoryNames()), len(ReferenceLosses), want)
	}
	for _, r := range ReferenceLosses {
		l, err := New(r.Name, Params{Tau: 0.5, Alpha: 1})
		if err != nil || l.Name() != r.Name {
			t.Errorf("New(%q) = %v, %v", r.Name, l, err)
		}
	}
}

// TestReferenceOneGradient: as TestOneGradient for the theory's losses, each reference
// loss gives either gradient alone bit for bit as it gives it beside the other (the
// same operations run), and RefISInfoNCE's EvalThree any one of its three.
func TestReferenceOneGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n, d = 6, 3
	z1, z2, z3 := refRandView(rng, n, d, 0.5), refRandView(rng, n, d, 0.5), refRandView(rng, n, d, 0.5)
	p := Params{Tau: 0.5, Alpha: 0.7, Beta: 0.2}
	for _, e := range ReferenceLosses {
		l, err := NewWithWorkers(e.Name, p, 1)
		if err != nil {
			t.Fatal(err)
		}
		b1, b2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		l.Eval(z1, z2, b1, b2)
		o1, o2 := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
		l.Eval(z1, z2, o1, nil)
		l.Eval(z1, z2, nil, o2)
		if !mat.Equal(o1, b1) || !mat.Equal(o2, b2) {
			t.Errorf("%s: a gradient requested alone differs from the one computed beside the other", e.Name)
		}
	}
	l := &RefISInfoNCE{Tau: 0.7, Workers: 1}
	all := []*mat.Dense{mat.NewDense(n, d, nil), mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)}
	l.EvalThree(z1, z2, z3, all[0], all[1], all[2])
	for k := range all {
		g := make([]*mat.Dense, 3)
		g[k] = mat.NewDense(n, d, nil)
		l.EvalThree(z1, z2, z3, g[0], g[1], g[2])
		if !mat.Equal(g[k], all[k]) {
			t.Errorf("ref-isinfonce: gradient of view %d alone differs", k+1)
		}
	}
}

// TestReferenceTargets: the reference losses that are the registry's dcl and
// scinfonce-decoupled (TestReferenceSameAsRegistered) have those losses' targets; the
// others have none in docs/theory.md §4 and say so by name.
func TestReferenceTargets(t *testing.T) {
	s := feature.Toy()
	p := Params{Tau: 1, Alpha: 0.7, Beta: 0.3}
	same := map[string]string{RefDCLName: DCL, RefSCInfoNCEName: SCInfoNCEDecoupled}
	for _, e := range ReferenceLosses {
		l, err := New(e.Name, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := l.Target(s, 10)
		if reg, ok := same[e.Name]; ok {
			want, werr := mustNew(t, reg, p).Target(s, 10)
			if err != nil || werr != nil || !mat.Equal(got, want) {
				t.Errorf("%s Target = %v, %v; want %s's", e.Name, got, err, reg)
			}
			continue
		}
		if got != nil || err == nil || !strings.Contains(err.Error(), e.Name+" has no mean-field target") {
			t.Errorf("%s Target = %v, %v; want an error naming the loss", e.Name, got, err)
		}
	}
}
