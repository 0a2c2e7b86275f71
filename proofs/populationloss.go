package proofs

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/internal/fplog"
)

// CheckC16LossAtT1 checks C16 (docs/theory.md §4): the mean-field population InfoNCE loss at T1
// (feature.InfoNCEPopulationLoss at logits log T1) is log(N−1) − I(V1;V2) + O(1/N), with
// the O(1/N) term bounded explicitly.
//
// Derivation. At s = log T1 the expected denominator is D_i = Σ_l (c1_il/q_i + (N−1)q_l)T1_il
// = Σ_l c1_il/q_i = 1, so with k = N−1 and Σ c1 = 1
//
//	L = −Σ_ij c1_ij log T1_ij = Σ_ij c1_ij log((ρ_ij + k)/ρ_ij)
//	  = log k − I + G,   G = Σ_ij c1_ij log(1 + ρ_ij/k).
//
// From x/(1+x) ≤ log(1+x) ≤ x and log(1+x) ≥ x − x²/2 (x ≥ 0):
//
//	max(Σ c1 T1, S1/k − S2/(2k²)) ≤ G ≤ S1/k,   S1 = Σ c1 ρ = 1 + χ²,  S2 = Σ c1 ρ².
//
// So 0 < G ≤ (1 + χ²)/(N−1): the O(1/N) term is positive, N·G ≤ 2(1 + χ²), and
// (N−1)G → 1 + χ² as N → ∞.
//
// Tolerance on G: (2·relTol + m²u + 4d)(2 + log k + Σ c1|log T1| + Σ c1|log ρ|) +
// relTol(S1/k + S2/(2k²)): each log carries an absolute error ≤ relTol plus u per unit of
// its size (the loss, I and log k are sums of such terms weighted by c1), the m²-term sums
// add m²u per unit, the defect d enters D_i and Σ c1, and the bounds are sums accurate to
// relTol.
func CheckC16LossAtT1(s *feature.Space, n int) error {
	if err := feature.CheckBatchSize(n); err != nil {
		return err
	}
	return checkLossAtT1(s, n, lossAtT1(s, n))
}

// T1LossGap returns G = L(log T1) − (log(N−1) − I) of C16 and its bounds lower ≤ G ≤ upper
// (the tolerance is not included). It returns the error of feature.CheckBatchSize for
// n < 2.
func T1LossGap(s *feature.Space, n int) (gap, lower, upper float64, err error) {
	if err := feature.CheckBatchSize(n); err != nil {
		return 0, 0, 0, err
	}
	b := lossGapBounds(explicitStats(s), n, lossAtT1(s, n))
	return b.gap, b.lower, b.upper, nil
}

// CheckC16GapScaling checks C16 along increasing batch sizes ns (strictly increasing,
// each ≥ 2; e.g. 10, 100, 1000, 10000): the bounds of CheckC16LossAtT1 at every N, that
// N·G stays below 2(1 + χ²) (bounded as N grows), and that (N−1)·G is non-decreasing in N
// (x·log(1 + a/x) increases in x for a > 0, since log(1+y) > y/(1+y)) towards 1 + χ².
// Tolerance: (N−1)·tol_G at each N (the same tolerance, scaled).
func CheckC16GapScaling(s *feature.Space, ns []int) error {
	return checkGapScaling(s, ns, func(n int) float64 { return lossAtT1(s, n) })
}

func checkGapScaling(s *feature.Space, ns []int, loss func(n int) float64) error {
	if len(ns) == 0 {
		return fmt.Errorf("C16: no batch sizes")
	}
	for i, n := range ns {
		if err := feature.CheckBatchSize(n); err != nil {
			return err
		}
		if i > 0 && n <= ns[i-1] {
			return fmt.Errorf("C16: batch sizes must increase: N[%d] = %d after %d", i, n, ns[i-1])
		}
	}
	st := explicitStats(s)
	prevScaled, prevTol := 0.0, 0.0
	for i, n := range ns {
		l := loss(n)
		if err := checkLossAtT1(s, n, l); err != nil {
			return err
		}
		b := lossGapBounds(st, n, l)
		k := float64(n - 1)
		scaled, tol := k*b.gap, k*b.tol
		if bound := 2 * b.s1; !(float64(n)*b.gap <= bound+float64(n)*b.tol) {
			return &Violation{Claim: "C16", Quantity: "N·G", Entry: fmt.Sprintf("N = %d", n), Got: float64(n) * b.gap, Relation: "≤", Want: bound, Tol: float64(n) * b.tol, Detail: "2(1 + χ²)"}
		}
		if i > 0 && !(scaled >= prevScaled-tol-prevTol) {
			return &Violation{Claim: "C16", Quantity: "(N−1)·G", Entry: fmt.Sprintf("N = %d", n), Got: scaled, Relation: "≥", Want: prevScaled, Tol: tol + prevTol, Detail: fmt.Sprintf("must not decrease from N = %d", ns[i-1])}
		}
		prevScaled, prevTol = scaled, tol
	}
	return nil
}

func lossAtT1(s *feature.Space, n int) float64 {
	t1 := s.InfoNCETarget(n)
	m := s.Len()
	logits := mat.NewDense(m, m, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			logits.Set(i, j, fplog.Log(t1.At(i, j)))
		}
	}
	return s.InfoNCEPopulationLoss(nil, nil, logits, n)
}

type gapBounds struct {
	gap, lower, upper, tol float64
	s1                     float64 // 1 + χ²
}

func lossGapBounds(st *stats, n int, loss float64) gapBounds {
	m := st.m
	rt := relTol(m)
	k := float64(n - 1)
	sums := informationSums(st)
	var lowerA, absLogT1 float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			c := st.c1[i][j]
			if c == 0 {
				continue
			}
			rho := st.rho(i, j)
			t1 := rho / (rho + k)
			lowerA += c * t1
			absLogT1 += c * math.Abs(fplog.Log(t1))
		}
	}
	lowerB := sums.s1/k - sums.s2/(2*k*k)
	b := gapBounds{
		gap:   loss - fplog.Log(k) + sums.i,
		lower: math.Max(lowerA, lowerB),
		upper: sums.s1 / k,
		s1:    sums.s1,
	}
	b.tol = (2*rt+float64(m*m)*unitRoundoff+4*st.defect)*(2+fplog.Log(k)+absLogT1+sums.abs) +
		rt*(sums.s1/k+sums.s2/(2*k*k))
	return b
}

func checkLossAtT1(s *feature.Space, n int, loss float64) error {
	b := lossGapBounds(explicitStats(s), n, loss)
	if !(b.gap >= b.lower-b.tol) {
		return &Violation{Claim: "C16", Quantity: "G = L(log T1) − (log(N−1) − I)", Entry: fmt.Sprintf("N = %d", n), Got: b.gap, Relation: "≥", Want: b.lower, Tol: b.tol,
			Detail: "lower bound max(Σ c1 T1, S1/k − S2/(2k²))"}
	}
	if !(b.gap <= b.upper+b.tol) {
		return &Violation{Claim: "C16", Quantity: "G = L(log T1) − (log(N−1) − I)", Entry: fmt.Sprintf("N = %d", n), Got: b.gap, Relation: "≤", Want: b.upper, Tol: b.tol,
			Detail: "upper bound (1 + χ²)/(N−1)"}
	}
	return nil
}
