package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// CheckC10InfoNCETarget checks C10 (docs/theory.md §4) for T1 = c1/(c1 + (n−1)c2):
//
//   - 0 < T1_ij < 1 where c1_ij > 0, and T1_ij = 0 exactly where c1_ij = 0 (a pair never
//     seen as positive; this happens for sparse A);
//   - T1 is increasing in ρ at fixed n (T1 = f(ρ) = ρ/(ρ + n − 1)): pairs sorted by ρ have
//     non-decreasing T1, strictly where f separates them by more than the tolerance;
//   - T1 is decreasing in N: T1(n+1) < T1(n) and T1(2n) < T1(n) where c1 > 0, strictly
//     where the predicted relative drop (n'−n)/(ρ + n' − 1) exceeds 2·relTol;
//   - feature's InfoNCETarget equals ρ/(ρ + n − 1) with ρ from explicit loops.
//
// Tolerance: relTol relative throughout (T1 is a ratio of non-negative sums).
func CheckC10InfoNCETarget(s *feature.Space, n int) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	return checkInfoNCETargetShape(s, n, s.InfoNCETarget)
}

func checkInfoNCETargetShape(s *feature.Space, n int, target func(n int) mat.Matrix) error {
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	t := target(n)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			v := t.At(i, j)
			if st.c1[i][j] > 0 {
				if !(v > 0) {
					return &Violation{Claim: "C10", Quantity: "T1 where c1 > 0", Entry: at(i, j), Got: v, Relation: ">", Want: 0}
				}
				if !(v < 1) {
					return &Violation{Claim: "C10", Quantity: "T1", Entry: at(i, j), Got: v, Relation: "<", Want: 1}
				}
			} else if v != 0 {
				return &Violation{Claim: "C10", Quantity: "T1 where c1 = 0", Entry: at(i, j), Got: v, Relation: "=", Want: 0}
			}
		}
	}
	f := func(rho float64) float64 { return rho / (rho + k) }
	err := checkOrderFollowsRho("C10", "T1", pairsByRho(st), t.At, f,
		func(a, b statePair) float64 { return rt * (f(a.rho) + f(b.rho)) })
	if err != nil {
		return err
	}
	for _, n2 := range []int{n + 1, 2 * n} {
		t2 := target(n2)
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				if st.c1[i][j] == 0 {
					continue
				}
				v, v2 := t.At(i, j), t2.At(i, j)
				if !(v2 <= v*(1+rt)) {
					return &Violation{Claim: "C10", Quantity: fmt.Sprintf("T1 at N = %d", n2), Entry: at(i, j), Got: v2, Relation: "≤", Want: v, Tol: rt * v, Detail: fmt.Sprintf("T1 must decrease from N = %d", n)}
				}
				drop := float64(n2-n) / (st.rho(i, j) + float64(n2-1))
				if drop > 2*rt && !(v2 < v) {
					return &Violation{Claim: "C10", Quantity: fmt.Sprintf("T1 at N = %d", n2), Entry: at(i, j), Got: v2, Relation: "<", Want: v, Detail: fmt.Sprintf("predicted relative drop from N = %d is %.3g", n, drop)}
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			want := 0.0
			if st.c1[i][j] > 0 {
				want = f(st.rho(i, j))
			}
			if got := t.At(i, j); !equalRel(got, want, rt) {
				return &Violation{Claim: "C10", Quantity: "T1 vs ρ/(ρ + N − 1)", Entry: at(i, j), Got: got, Relation: "=", Want: want, Tol: rt * want}
			}
		}
	}
	return nil
}

// CheckC11GradientVanishesAtT1 checks C11 (docs/theory.md §4): the mean-field InfoNCE gradient
// vanishes at T1, in two forms.
//
//   - Per pair (docs/theory.md §4): c1_ij(1 − T1_ij) − (n−1)c2_ij T1_ij = 0, with c1, c2 from
//     explicit loops. Tolerance 2·relTol·(c1 + c1T1 + (n−1)c2T1), the residual form.
//   - Population loss (feature.InfoNCEPopulationLoss, denominator averaged over the
//     positive too): at logits s = log T1 + shift (−∞ where T1 = 0) its gradient is 0 and
//     its prob output equals T1. In exact arithmetic D_i = e^{shift}Σ_l c1_il/q_i = e^{shift},
//     so prob = T1. Tolerance on prob: relP = relTol + 2d + 4u(|s_ij| + max_l|s_il| + 1)
//     relative (D_i = e^{shift}(1 ± (relTol + d)); log, shift, the log-sum-exp's max shift
//     and exp add u per unit of |argument|); on the gradient (c1 + (n−1)c2)P − c1 = c1(P/T1 − 1):
//     2·relP·(c1 + (c1 + (n−1)c2)P). Where T1 = 0 prob and gradient must be exactly 0.
func CheckC11GradientVanishesAtT1(s *feature.Space, n int, shift float64) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	return checkT1Stationary(s, n, s.InfoNCETarget(n), shift)
}

func checkT1Stationary(s *feature.Space, n int, t mat.Matrix, shift float64) error {
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return fmt.Errorf("C11: logit shift %v: need a finite number", shift)
	}
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c1, c2, v := st.c1[i][j], st.c2(i, j), t.At(i, j)
			r := c1*(1-v) - k*c2*v
			if tol := residualTol(m, c1+c1*math.Abs(v)+k*c2*math.Abs(v)); !equalAbs(r, 0, tol) {
				return &Violation{Claim: "C11", Quantity: "c1(1−T1) − (N−1)c2·T1", Entry: at(i, j), Got: r, Relation: "=", Want: 0, Tol: tol}
			}
		}
	}
	logits := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			v := t.At(i, j)
			if !(v >= 0) {
				return &Violation{Claim: "C11", Quantity: "T1", Entry: at(i, j), Got: v, Relation: "≥", Want: 0, Detail: "a probability target cannot be negative"}
			}
			logits.Set(i, j, fplog.Log(v)+shift)
		}
	}
	grad := mat.NewDense(m, m, nil)
	prob := mat.NewDense(m, m, nil)
	s.InfoNCEPopulationLoss(grad, prob, logits, n)
	for i := 0; i < m; i++ {
		rowMax := finiteAbsMax(logits.RawRowView(i))
		for j := 0; j < m; j++ {
			v, p, g := t.At(i, j), prob.At(i, j), grad.At(i, j)
			if v == 0 {
				if p != 0 || g != 0 {
					return &Violation{Claim: "C11", Quantity: "population prob and gradient where T1 = 0", Entry: at(i, j), Got: math.Max(math.Abs(p), math.Abs(g)), Relation: "=", Want: 0}
				}
				continue
			}
			relP := rt + 2*st.defect + 4*unitRoundoff*(math.Abs(logits.At(i, j))+rowMax+1)
			if !equalRel(p, v, relP) {
				return &Violation{Claim: "C11", Quantity: "InfoNCEPopulationLoss prob vs T1", Entry: at(i, j), Got: p, Relation: "=", Want: v, Tol: relP * v}
			}
			c1, c2 := st.c1[i][j], st.c2(i, j)
			if tol := 2 * relP * (c1 + (c1+k*c2)*p); !equalAbs(g, 0, tol) {
				return &Violation{Claim: "C11", Quantity: "∂L/∂s (InfoNCEPopulationLoss) at log T1", Entry: at(i, j), Got: g, Relation: "=", Want: 0, Tol: tol}
			}
		}
	}
	return nil
}

// CheckC12ScaledDensityRatioAttainsT1 checks C12 (docs/theory.md §4): logits with e^{s} = Mρ,
// M = e^{logScale}, give the per-pair mean-field positive probability
//
//	P_ij = e^{s_ij} / (e^{s_ij} + (N−1) Σ_l q_l e^{s_il}) = ρ_ij / (ρ_ij + N − 1) = T1_ij,
//
// for any M, because Σ_l q_l ρ_il = 1 (C5). P is computed here (stable, shifted by the row
// maximum) from feature's DensityRatio and explicit q, and compared with feature's
// InfoNCETarget.
//
// Tolerance: relP = 2·relTol + 2d + 4u(|logScale| + max_l|log ρ_il| + 1) relative: the row
// sum Σ_l q_l ρ_il is 1 within relTol + d, and the logits' absolute rounding (u per unit
// of |log ρ + log M|) becomes relative error through exp.
func CheckC12ScaledDensityRatioAttainsT1(s *feature.Space, n int, logScale float64) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	return checkScaledRatioAttainsT1(s, n, logScale, s.DensityRatio())
}

func checkScaledRatioAttainsT1(s *feature.Space, n int, logScale float64, rho mat.Matrix) error {
	if math.IsNaN(logScale) || math.IsInf(logScale, 0) {
		return fmt.Errorf("C12: log scale %v: need a finite number", logScale)
	}
	st := explicitStats(s)
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	t1 := s.InfoNCETarget(n)
	logits := make([]float64, m)
	e := make([]float64, m)
	for i := 0; i < m; i++ {
		mx := math.Inf(-1)
		var maxLogRho float64
		for l := 0; l < m; l++ {
			r := rho.At(i, l)
			if !(r >= 0) {
				return &Violation{Claim: "C12", Quantity: "ρ", Entry: at(i, l), Got: r, Relation: "≥", Want: 0}
			}
			logits[l] = fplog.Log(r) + logScale
			if r > 0 {
				maxLogRho = math.Max(maxLogRho, math.Abs(fplog.Log(r)))
			}
			mx = math.Max(mx, logits[l])
		}
		var z float64
		for l := 0; l < m; l++ {
			e[l] = math.Exp(logits[l] - mx)
			z += st.q[l] * e[l]
		}
		relP := 2*rt + 2*st.defect + 4*unitRoundoff*(math.Abs(logScale)+maxLogRho+1)
		for j := 0; j < m; j++ {
			p := e[j] / (e[j] + k*z)
			if want := t1.At(i, j); !equalRel(p, want, relP) {
				return &Violation{Claim: "C12", Quantity: "per-pair P at e^s = Mρ vs T1", Entry: at(i, j), Got: p, Relation: "=", Want: want, Tol: relP * want,
					Detail: fmt.Sprintf("log M = %v", logScale)}
			}
		}
	}
	return nil
}
