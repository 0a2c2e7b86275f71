package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// checkSCArgs returns the errors of feature.CheckBatchSize and feature.CheckSCParams.
func checkSCArgs(n int, alpha, beta float64) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	return feature.CheckSCParams(alpha, beta)
}

// CheckC20GradientVanishesAtT2 checks C20 (docs/theory.md §4): the mean-field SC-InfoNCE
// gradient vanishes at T2 = SCTarget(n, α, β), in two forms.
//
//   - Per pair, for every α, β: α c1_ij − (N−1)c2_ij (T2_ij + β/(N−1)) = 0, with c1, c2
//     from explicit loops. Tolerance 2·relTol·(|α|c1 + (N−1)c2|T2| + |β|c2), the residual
//     form.
//   - Potential (feature.SCPopulationPotential), when α − β = 1 (feature.Attainable) and
//     every T2_ij > 0 (C20PotentialApplies): at s = log((N−1)T2) + shift the gradient is 0
//     and prob equals T2, because Σ_l q_l (N−1)T2_il = α Σ_l q_l ρ_il − β = α − β = 1.
//     Tolerance on prob, relative: relP = relTol(1 + |α| + |β|) + 2d(1 + |α| + |β|) +
//     |α − β − 1| + 4u(|s_ij| + max_l|s_il| + 1) (the row normaliser equals
//     e^{shift}(α − β) within the first two terms; the logits' rounding becomes relative
//     error through exp); on the gradient (N−1)c2P + βc2 − αc1: 2·relP·((N−1)c2P + |β|c2
//   - |α|c1).
func CheckC20GradientVanishesAtT2(s *feature.Space, n int, alpha, beta, shift float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	return checkT2Stationary(s, n, alpha, beta, s.SCTarget(n, alpha, beta), shift)
}

// C20PotentialApplies reports whether the potential form of C20 applies: α − β = 1
// (feature.Attainable) and every T2_ij > 0, so that log T2 exists.
func C20PotentialApplies(s *feature.Space, n int, alpha, beta float64) bool {
	if checkSCArgs(n, alpha, beta) != nil || !feature.Attainable(alpha, beta) {
		return false
	}
	return allPositive(s.SCTarget(n, alpha, beta))
}

// checkC20PotentialApplies checks C20PotentialApplies against its definition
// recomputed here: on α − β = 1, T2_ij = (αρ_ij − β)/(N−1) with ρ from explicit loops, so
// the potential form applies iff min_ij (αρ_ij − β) > 0. A pair whose αρ_ij − β is within
// rounding of 0 (|αρ − β| ≤ residualTol(m, |α|ρ + |β|)) may go either way and is not
// judged; a NaN ρ (q_i = 0) means the form does not apply.
func checkC20PotentialApplies(s *feature.Space, n int, alpha, beta float64) error {
	return checkPotentialApplies(s, n, alpha, beta, C20PotentialApplies(s, n, alpha, beta))
}

// checkPotentialApplies is checkC20PotentialApplies with the answer under test, got, as
// an argument (so a test can feed a wrong one).
func checkPotentialApplies(s *feature.Space, n int, alpha, beta float64, got bool) error {
	if checkSCArgs(n, alpha, beta) != nil || !feature.Attainable(alpha, beta) {
		if got {
			return &Violation{Claim: "C20", Quantity: "C20PotentialApplies off the line α − β = 1", Got: 1, Relation: "=", Want: 0, Detail: fmt.Sprintf("α = %v, β = %v", alpha, beta)}
		}
		return nil
	}
	st := explicitStats(s)
	want, decided := true, true
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			r := st.rho(i, j) // NaN for a state no view shows (q_i = 0): no log T2 there
			v := alpha*r - beta
			if math.IsNaN(v) {
				want = false
				continue
			}
			tol := residualTol(st.m, math.Abs(alpha)*r+math.Abs(beta))
			switch {
			case math.Abs(v) <= tol:
				decided = false
			case v < 0:
				want = false
			}
		}
	}
	if !want {
		decided = true // one clearly non-positive pair decides
	}
	if decided && got != want {
		return &Violation{Claim: "C20", Quantity: "C20PotentialApplies vs min_ij (αρ_ij − β) > 0", Got: b2f(got), Relation: "=", Want: b2f(want),
			Detail: fmt.Sprintf("α = %v, β = %v", alpha, beta)}
	}
	return nil
}

func allPositive(t mat.Matrix) bool {
	r, c := t.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if !(t.At(i, j) > 0) {
				return false
			}
		}
	}
	return true
}

func checkT2Stationary(s *feature.Space, n int, alpha, beta float64, t mat.Matrix, shift float64) error {
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return fmt.Errorf("C20: logit shift %v: need a finite number", shift)
	}
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	aa, ab := math.Abs(alpha), math.Abs(beta)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c1, c2, v := st.c1[i][j], st.c2(i, j), t.At(i, j)
			r := alpha*c1 - k*c2*(v+beta/k)
			if tol := residualTol(m, aa*c1+k*c2*math.Abs(v)+ab*c2); !equalAbs(r, 0, tol) {
				return &Violation{Claim: "C20", Quantity: "α c1 − (N−1)c2(T2 + β/(N−1))", Entry: at(i, j), Got: r, Relation: "=", Want: 0, Tol: tol}
			}
		}
	}
	if !feature.Attainable(alpha, beta) || !allPositive(t) {
		return nil
	}
	logits := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			logits.Set(i, j, fplog.Log(k*t.At(i, j))+shift)
		}
	}
	grad := mat.NewDense(m, m, nil)
	prob := mat.NewDense(m, m, nil)
	s.SCPopulationPotential(grad, prob, logits, n, alpha, beta)
	base := (rt+2*st.defect)*(1+aa+ab) + math.Abs(alpha-beta-1)
	for i := 0; i < m; i++ {
		rowMax := finiteAbsMax(logits.RawRowView(i))
		for j := 0; j < m; j++ {
			v, p, g := t.At(i, j), prob.At(i, j), grad.At(i, j)
			relP := base + 4*unitRoundoff*(math.Abs(logits.At(i, j))+rowMax+1)
			if !equalRel(p, v, relP) {
				return &Violation{Claim: "C20", Quantity: "SCPopulationPotential prob vs T2", Entry: at(i, j), Got: p, Relation: "=", Want: v, Tol: relP * v}
			}
			c1, c2 := st.c1[i][j], st.c2(i, j)
			if tol := 2 * relP * (k*c2*p + ab*c2 + aa*c1); !equalAbs(g, 0, tol) {
				return &Violation{Claim: "C20", Quantity: "∂F/∂s (SCPopulationPotential) at log((N−1)T2)", Entry: at(i, j), Got: g, Relation: "=", Want: 0, Tol: tol}
			}
		}
	}
	return nil
}

// CheckC21DCLTarget checks C21 (docs/theory.md §4): T2(α = 1, β = 0) = T1·(1 + ρ/(N−1)), with
// feature's SCTarget and InfoNCETarget and ρ from explicit loops; and DCLTarget equals
// SCTarget(n, 1, 0) exactly. Tolerance: relTol relative (all factors are non-negative
// ratios of sums).
func CheckC21DCLTarget(s *feature.Space, n int) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	t2 := s.SCTarget(n, 1, 0)
	if !mat.Equal(s.DCLTarget(n), t2) {
		return fmt.Errorf("C21: DCLTarget(%d) differs from SCTarget(%d, 1, 0)", n, n)
	}
	return checkDCLIdentity(s, n, t2)
}

func checkDCLIdentity(s *feature.Space, n int, t2 mat.Matrix) error {
	st := explicitStats(s)
	rt := relTol(st.m)
	k := float64(n - 1)
	t1 := s.InfoNCETarget(n)
	for i := 0; i < st.m; i++ {
		for j := 0; j < st.m; j++ {
			want := t1.At(i, j) * (1 + st.rho(i, j)/k)
			if got := t2.At(i, j); !equalRel(got, want, rt) {
				return &Violation{Claim: "C21", Quantity: "T2(1, 0) vs T1(1 + ρ/(N−1))", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: rt * want}
			}
		}
	}
	return nil
}

// CheckC22WeightedRowSums checks C22 (docs/theory.md §4, R1): Σ_j q_j T2_ij = (α − β)/(N−1) for
// every i, with feature's WeightedRowSums of its SCTarget, and the same sum recomputed with
// explicit q.
//
// Tolerances: the two evaluations of the sum to relTol·Σ_j q_j|T2_ij|; the identity to
// 2(relTol + 2d)(|α| + |β|)/(N−1) + relTol·Σ_j q_j|T2_ij| (it rests on Σ_j q_j ρ_ij = 1 and
// Σ_j q_j = 1, each within relTol + d, scaled by |α| and |β|).
func CheckC22WeightedRowSums(s *feature.Space, n int, alpha, beta float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	t2 := s.SCTarget(n, alpha, beta)
	return checkWeightedRowSums(s, n, alpha, beta, t2, s.WeightedRowSums(t2))
}

func checkWeightedRowSums(s *feature.Space, n int, alpha, beta float64, t2 mat.Matrix, sums []float64) error {
	st := explicitStats(s)
	rt := relTol(st.m)
	k := float64(n - 1)
	want := (alpha - beta) / k
	for i := 0; i < st.m; i++ {
		var e, mag float64
		for j := 0; j < st.m; j++ {
			e += st.q[j] * t2.At(i, j)
			mag += st.q[j] * math.Abs(t2.At(i, j))
		}
		if tol := rt * mag; !equalAbs(sums[i], e, tol) {
			return &Violation{Claim: "C22", Quantity: "WeightedRowSums vs Σ_j q_j T2_ij", Entry: atRow(i), Got: sums[i], Relation: "=", Want: e, Tol: tol}
		}
		if tol := 2*(rt+2*st.defect)*(math.Abs(alpha)+math.Abs(beta))/k + rt*mag; !equalAbs(sums[i], want, tol) {
			return &Violation{Claim: "C22", Quantity: "Σ_j q_j T2_ij", Entry: atRow(i), Got: sums[i], Relation: "=", Want: want, Tol: tol, Detail: "(α − β)/(N−1)"}
		}
	}
	return nil
}

// CheckC25SCTargetMonotone checks C25 (docs/theory.md §8): T2 = (αρ − β)/(N−1) increases with α
// and decreases with β, and for α > 0 its order across pairs follows ρ. With δ > 0:
//
//   - T2(α+δ, β) − T2(α, β) = δρ/(N−1) ≥ 0, strictly where that exceeds the tolerance;
//   - T2(α, β+δ) − T2(α, β) = −δ/(N−1) < 0;
//   - α > 0: pairs sorted by explicit ρ have non-decreasing T2, strictly where α(ρ_b − ρ_a)/(N−1)
//     exceeds twice the tolerance.
//
// Tolerance: residual form 2·relTol·((|α| + δ)ρ + |β| + δ)/(N−1) on differences (T2 is a
// difference of αρ/(N−1) and β/(N−1)).
func CheckC25SCTargetMonotone(s *feature.Space, n int, alpha, beta, delta float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	if !(delta > 0) || math.IsInf(delta, 1) {
		return fmt.Errorf("C25: step δ = %v: need 0 < δ < ∞", delta)
	}
	return checkSCMonotone(s, n, alpha, beta, delta, s.SCTarget)
}

func checkSCMonotone(s *feature.Space, n int, alpha, beta, delta float64, target func(n int, alpha, beta float64) mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	k := float64(n - 1)
	aa, ab := math.Abs(alpha), math.Abs(beta)
	t0 := target(n, alpha, beta)
	tA := target(n, alpha+delta, beta)
	tB := target(n, alpha, beta+delta)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			rho := st.rho(i, j)
			tol := residualTol(m, ((aa+delta)*rho+ab+delta)/k)
			dA, wantA := tA.At(i, j)-t0.At(i, j), delta*rho/k
			if !(dA >= -tol) {
				return &Violation{Claim: "C25", Quantity: fmt.Sprintf("T2(α+%.3g) − T2(α)", delta), Entry: at(i, j), Got: dA, Relation: "≥", Want: 0, Tol: tol, Detail: "T2 must increase with α"}
			}
			if wantA > 2*tol && !(dA > 0) {
				return &Violation{Claim: "C25", Quantity: fmt.Sprintf("T2(α+%.3g) − T2(α)", delta), Entry: at(i, j), Got: dA, Relation: ">", Want: 0, Tol: tol, Detail: "T2 must increase strictly with α where ρ > 0"}
			}
			if !equalAbs(dA, wantA, tol) {
				return &Violation{Claim: "C25", Quantity: fmt.Sprintf("T2(α+%.3g) − T2(α)", delta), Entry: at(i, j), Got: dA, Relation: "=", Want: wantA, Tol: tol, Detail: "δρ/(N−1)"}
			}
			dB, wantB := tB.At(i, j)-t0.At(i, j), -delta/k
			if !(dB < 0) {
				return &Violation{Claim: "C25", Quantity: fmt.Sprintf("T2(β+%.3g) − T2(β)", delta), Entry: at(i, j), Got: dB, Relation: "<", Want: 0, Tol: tol, Detail: "T2 must decrease with β"}
			}
			if !equalAbs(dB, wantB, tol) {
				return &Violation{Claim: "C25", Quantity: fmt.Sprintf("T2(β+%.3g) − T2(β)", delta), Entry: at(i, j), Got: dB, Relation: "=", Want: wantB, Tol: tol, Detail: "−δ/(N−1)"}
			}
		}
	}
	if !(alpha > 0) {
		return nil
	}
	f := func(rho float64) float64 { return (alpha*rho - beta) / k }
	return checkOrderFollowsRho("C25", "T2", pairsByRho(st), t0.At, f,
		func(a, b statePair) float64 { return residualTol(m, (aa*(a.rho+b.rho)+2*ab)/k) })
}

// CheckC26NegativeTargetPairs checks C26 (docs/theory.md §4): T2_ij < 0 iff β > α ρ_ij. The pairs
// (i ≤ j) listed by feature's NegativeTargetPairs must be exactly those with SCTarget < 0
// (both come from the same ρ, so exactly, with no tolerance; a T2 that underflows to −0
// counts as negative), and the sign of T2 must
// agree with the sign of α ρ_ij − β for ρ from explicit loops wherever
// |αρ_ij − β| > 2·relTol·(|α|ρ_ij + |β|), the band within which rounding may flip it.
func CheckC26NegativeTargetPairs(s *feature.Space, n int, alpha, beta float64) error {
	if err := checkSCArgs(n, alpha, beta); err != nil {
		return err
	}
	return checkNegativePairs(s, n, alpha, beta, s.SCTarget(n, alpha, beta), s.NegativeTargetPairs(alpha, beta))
}

func checkNegativePairs(s *feature.Space, n int, alpha, beta float64, t2 mat.Matrix, pairs []feature.Pair) error {
	st := explicitStats(s)
	m := st.m
	listed := make(map[feature.Pair]bool, len(pairs))
	for _, p := range pairs {
		if p.I < 0 || p.J < p.I || p.J >= m || listed[p] {
			return fmt.Errorf("C26: NegativeTargetPairs lists %v: out of range, not i ≤ j, or repeated", p)
		}
		listed[p] = true
	}
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			v := t2.At(i, j)
			// −0 is negative: a T2 = −β/(N−1) whose magnitude underflows (β subnormal,
			// ρ = 0) rounds to −0, and NegativeTargetPairs rightly lists its pair.
			neg := v < 0 || (v == 0 && math.Signbit(v))
			if listed[feature.Pair{I: i, J: j}] != neg {
				return &Violation{Claim: "C26", Quantity: "T2", Entry: at(i, j), Got: v, Relation: map[bool]string{true: "≥", false: "<"}[neg], Want: 0,
					Detail: fmt.Sprintf("NegativeTargetPairs lists the pair: %v", listed[feature.Pair{I: i, J: j}])}
			}
			rho := st.rho(i, j)
			x := alpha*rho - beta
			if tol := residualTol(m, math.Abs(alpha)*rho+math.Abs(beta)); math.Abs(x) > tol && neg != (beta > alpha*rho) {
				return &Violation{Claim: "C26", Quantity: "T2 sign vs β > αρ", Entry: at(i, j), Got: v, Relation: map[bool]string{true: "<", false: "≥"}[beta > alpha*rho], Want: 0,
					Detail: fmt.Sprintf("αρ − β = %.6g with explicit ρ = %.17g", x, rho)}
			}
		}
	}
	return nil
}
