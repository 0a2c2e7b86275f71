package proofs

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// TestCheckersRefuseNonFiniteArguments: the checkers' scalar arguments (C11's and C20's
// logit shift, C12's log scale, C27's common logit) refuse NaN and ±Inf with an error
// naming the value, and accept a finite one on the toy.
func TestCheckersRefuseNonFiniteArguments(t *testing.T) {
	s := feature.Toy()
	n := feature.ToyBatchSize
	checkers := []struct {
		name  string
		check func(x float64) error
	}{
		{"C11 shift", func(x float64) error { return CheckC11GradientVanishesAtT1(s, n, x) }},
		{"C12 log scale", func(x float64) error { return CheckC12ScaledDensityRatioAttainsT1(s, n, x) }},
		{"C20 shift", func(x float64) error { return CheckC20GradientVanishesAtT2(s, n, 1, 0, x) }},
		{"C27 common logit", func(x float64) error { return CheckC27CollapsedStationary(s, n, 1, -0.2, x) }},
	}
	for _, c := range checkers {
		if err := c.check(0.5); err != nil {
			t.Errorf("%s = 0.5: %v", c.name, err)
		}
		for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			err := c.check(x)
			if want := " " + formatFloat(x) + ":"; err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s = %v: error %v, want one naming %q", c.name, x, err, want)
			}
		}
	}
}

func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	panic("formatFloat: finite value")
}

// TestC11RefusesANegativeTarget: a negative T1 entry is refused as such even where its
// stationarity residual vanishes: at a pair with c1 = 0 and N = 2, the residual
// −(N−1)c2·T1 of T1 = −2⁻¹⁰⁷⁴ (the smallest subnormal) rounds to −0, since (N−1)c2 =
// q_i q_j ≤ ¼, so only the sign check can notice it.
func TestC11RefusesANegativeTarget(t *testing.T) {
	s := mustBuild(t, sparseSpec)
	const n = 2
	st := explicitStats(s)
	t1 := mat.DenseCopyOf(s.InfoNCETarget(n))
	zi, zj := zeroC1Pair(t, st)
	t1.Set(zi, zj, -math.SmallestNonzeroFloat64)
	err := checkT1Stationary(s, n, t1, 0)
	var v *Violation
	if !errors.As(err, &v) || v.Quantity != "T1" || v.Relation != "≥" || v.Entry != at(zi, zj) || v.Got != -math.SmallestNonzeroFloat64 {
		t.Errorf("T1(%d, %d) = −2⁻¹⁰⁷⁴: error %v, want a violation of T1 ≥ 0 there", zi, zj, err)
	}
}

// TestC15ExactGradientSumRefusesNaNLogits: a NaN logit makes the exact gradient's total
// NaN, which is reported, not accepted.
func TestC15ExactGradientSumRefusesNaNLogits(t *testing.T) {
	s := feature.Toy()
	logits := mat.NewDense(3, 3, nil)
	if err := CheckC15ExactGradientSum(s, 4, logits); err != nil {
		t.Fatalf("zero logits: %v", err)
	}
	logits.Set(1, 2, math.NaN())
	wantViolation(t, "C15 NaN logit", CheckC15ExactGradientSum(s, 4, logits), "Σ_ik exact")
}

// TestC26UnderflowedTargetIsNegative names a bug the mutation run exposed: on a pair with
// ρ = 0, β = 2⁻¹⁰⁷⁴ (the smallest subnormal) and α = 1, T2 = −β/(N−1) underflows to −0 at
// N = 10 while NegativeTargetPairs rightly lists the pair (β > αρ = 0); checkNegativePairs
// compared v < 0 only and reported a violation of C26. −0 now counts as negative, +0 does
// not: the same pair with T2 = +0 is still refused.
func TestC26UnderflowedTargetIsNegative(t *testing.T) {
	s := mustBuild(t, sparseSpec)
	const n = 10
	beta := math.SmallestNonzeroFloat64
	if err := CheckC26NegativeTargetPairs(s, n, 1, beta); err != nil {
		t.Fatalf("β = 2⁻¹⁰⁷⁴ on a space with ρ = 0 pairs: %v", err)
	}
	t2 := mat.DenseCopyOf(s.SCTarget(n, 1, beta))
	pairs := s.NegativeTargetPairs(1, beta)
	if len(pairs) == 0 {
		t.Fatalf("sparse test space %v lists no negative pair at β = 2⁻¹⁰⁷⁴", sparseSpec)
	}
	p := pairs[0]
	if v := t2.At(p.I, p.J); v != 0 || !math.Signbit(v) {
		t.Fatalf("T2(%d, %d) = %v, want −0 (underflowed −β/(N−1))", p.I, p.J, v)
	}
	t2.Set(p.I, p.J, 0) // +0
	wantViolation(t, "C26 listed pair with T2 = +0", checkNegativePairs(s, n, 1, beta, t2, pairs), "T2")
}

// The C29 and C20 properties report their checker's verdict on one input: "" where it
// accepts (a valid input on a 4-state space), the input and the checker's error where
// it refuses (τ = NaN for C29, a NaN logit shift for C20), so a property cannot pass by
// dropping the error.
func TestPropertiesReportTheirCheckersError(t *testing.T) {
	sp := Spec{M: 4, Seed: 3, Kind: KindDirichlet, Source: SourceDirichlet}
	nan := math.NaN()
	for _, c := range []struct {
		name      string
		got, want string // want: "" for a pass, else a part of the failure
	}{
		{"C29 valid", c29AnyUnitEmbeddings(sp, 10, 1, 7, 0.5), ""},
		{"C29 τ = NaN", c29AnyUnitEmbeddings(sp, 10, 1, 7, nan), "τ = NaN"},
		{"C20 valid", c20PerPairStationarity(sp, 10, 1.5, 0.2, 0.3), ""},
		{"C20 shift NaN", c20PerPairStationarity(sp, 10, 1.5, 0.2, nan), "NaN"},
	} {
		if (c.got == "") != (c.want == "") || !strings.Contains(c.got, c.want) || (c.want != "" && !strings.Contains(c.got, sp.String())) {
			t.Errorf("%s: property gave %q, want %q (with the input)", c.name, c.got, c.want)
		}
	}
}
