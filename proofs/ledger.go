package proofs

import (
	"fmt"
	"math/rand/v2"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Claim is one property of the ledger: a claim id of docs/theory.md §8 (several properties may
// share an id), a short name, the statement checked, and the gopter property running the
// claim's checker over generated inputs. A property's check returns "" when the checker
// returns nil and otherwise the input and the checker's error, which gopter reports as a
// label after shrinking.
type Claim struct {
	ID        string
	Name      string
	Statement string
	Property  gopter.Prop
}

// GapScalingBatchSizes are the batch sizes of the C16 scaling property.
var GapScalingBatchSizes = []int{10, 100, 1000, 10000}

// Ledger returns the properties of the analytic claims, in claim order. Each call builds
// fresh properties; run them with gopter.NewProperties and a seeded gopter.TestParameters.
func Ledger() []Claim {
	all := GenSpec(nil, nil)
	return []Claim{
		{"C1", "C1 positive joint", "c1 is symmetric, non-negative, PSD and sums to 1",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC1PositiveJoint) }, all)},
		{"C2", "C2 negative joint", "c2 is symmetric, PSD of rank 1 and sums to 1",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC2NegativeJoint) }, all)},
		{"C3", "C3 row sums", "the row sums of c1 and c2 equal q",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC3RowSums) }, all)},
		{"C4", "C4 joint gap", "c1 − c2 is PSD with the ones vector in its kernel",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC4JointGap) }, all)},
		{"C5", "C5 weighted density ratio", "Σ_j q_j ρ_ij = 1",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC5WeightedDensityRatio) }, all)},
		{"C6", "C6 mutual information", "Σ c1 log ρ = I ≥ 0, zero iff A is uninformative on supp π",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC6MutualInformation) }, all)},
		{"C7", "C7 identity TPM", "A = I gives c1 = diag(π)",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC7Identity) },
				GenSpec([]Kind{KindIdentity}, FullSupportSources))},
		{"C7", "C7 uninformative TPM", "A uninformative on supp π gives c1 = c2, ρ ≡ 1",
			prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC7Uninformative) },
				GenSpec(UninformativeKinds, nil))},
		{"C8", "C8 relabelling", "relabelling states permutes q, c1, c2, ρ, T1, T2; I is invariant",
			prop.ForAll(func(sp Spec, permSeed uint64, n int, alpha, beta float64) string {
				return onSpace(sp, func(s *feature.Space) error {
					perm := rand.New(rand.NewPCG(permSeed, specStream)).Perm(s.Len())
					if err := CheckC8Relabelling(s, perm, n, alpha, beta); err != nil {
						return fmt.Errorf("perm %v: %w", perm, err)
					}
					return nil
				})
			}, all, gen.UInt64(), GenBatchSize(), GenAlpha(), GenBeta())},
		{"C10", "C10 InfoNCE target", "0 < T1 < 1, increasing in ρ, decreasing in N",
			prop.ForAll(func(sp Spec, n int) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC10InfoNCETarget(s, n) })
			}, all, GenBatchSize())},
		{"C11", "C11 gradient vanishes at T1", "c1(1−T1) = (N−1)c2 T1; the population loss is stationary at log T1 + const with prob T1",
			prop.ForAll(func(sp Spec, n int, shift float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC11GradientVanishesAtT1(s, n, shift) })
			}, all, GenBatchSize(), GenShift())},
		{"C12", "C12 e^s = Mρ attains T1", "the per-pair mean-field probability at e^s = Mρ is T1 for any M",
			prop.ForAll(func(sp Spec, n int, logScale float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC12ScaledDensityRatioAttainsT1(s, n, logScale) })
			}, all, GenBatchSize(), GenLogScale())},
		{"C16", "C16 population loss at T1", "L(log T1) = log(N−1) − I + G, max(Σc1T1, S1/k − S2/2k²) ≤ G ≤ (1+χ²)/(N−1)",
			prop.ForAll(func(sp Spec, n int) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC16LossAtT1(s, n) })
			}, all, GenBatchSize())},
		{"C16", "C16 gap scaling", "N·G stays below 2(1+χ²) and (N−1)G increases for N = 10, 100, 1000, 10000",
			prop.ForAll(func(sp Spec) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC16GapScaling(s, GapScalingBatchSizes) })
			}, all)},
		{"C20", "C20 per-pair SC stationarity", "α c1 = (N−1)c2(T2 + β/(N−1)) for any α, β",
			prop.ForAll(func(sp Spec, n int, alpha, beta, shift float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC20GradientVanishesAtT2(s, n, alpha, beta, shift) })
			}, all, GenBatchSize(), GenAlpha(), GenBeta(), GenShift())},
		{"C20", "C20 SC potential stationary at T2", "with α − β = 1 (α < 1, = 1 and > 1) the SC potential's gradient is 0 at log((N−1)T2) + const wherever every T2_ij > 0, and C20PotentialApplies says where",
			prop.ForAll(func(sp Spec, n int, alpha, shift float64) string {
				return onSpace(sp, func(s *feature.Space) error {
					beta := alpha - 1
					if err := checkC20PotentialApplies(s, n, alpha, beta); err != nil {
						return err
					}
					return CheckC20GradientVanishesAtT2(s, n, alpha, beta, shift)
				})
			}, all, GenBatchSize(), GenAttainableAlpha(), GenShift())},
		{"C21", "C21 DCL target", "T2(1, 0) = T1(1 + ρ/(N−1))",
			prop.ForAll(func(sp Spec, n int) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC21DCLTarget(s, n) })
			}, all, GenBatchSize())},
		{"C22", "C22 weighted row sums of T2", "Σ_j q_j T2_ij = (α − β)/(N−1)",
			prop.ForAll(func(sp Spec, n int, alpha, beta float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC22WeightedRowSums(s, n, alpha, beta) })
			}, all, GenBatchSize(), GenAlpha(), GenBeta())},
		{"C25", "C25 SC target monotone", "T2 increases with α, decreases with β, follows ρ for α > 0",
			prop.ForAll(func(sp Spec, n int, alpha, beta, delta float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC25SCTargetMonotone(s, n, alpha, beta, delta) })
			}, all, GenBatchSize(), GenAlpha(), GenBeta(), GenStep())},
		{"C26", "C26 negative targets", "T2 < 0 iff β > αρ, for generic β",
			prop.ForAll(func(sp Spec, n int, alpha, beta float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC26NegativeTargetPairs(s, n, alpha, beta) })
			}, all, GenBatchSize(), GenAlpha(), GenBeta())},
		{"C26", "C26 negative targets near the boundary", "T2 < 0 iff β > αρ, for β = αρ_kl(1 + t) near (and at) a pair's boundary",
			prop.ForAll(func(sp Spec, n int, alpha float64, pair int, t float64) string {
				return onSpace(sp, func(s *feature.Space) error {
					beta := BoundaryBeta(s, alpha, pair, t)
					if err := CheckC26NegativeTargetPairs(s, n, alpha, beta); err != nil {
						return fmt.Errorf("β = %v: %w", beta, err)
					}
					return nil
				})
			}, all, GenBatchSize(), GenPositiveAlpha(), gen.IntRange(0, MaxStates*MaxStates-1),
				gen.OneGenOf(gen.Const(0.0), gen.Float64Range(-0.5, 0.5)))},
		{"C28", "C28 decoupled fixed point", "c1(p̃* + α) = (N−1)c2(p̃* + β/(N−1)); SingularPairError iff ρ ≥ N−1",
			prop.ForAll(func(sp Spec, n int, alpha, beta float64) string {
				return onSpace(sp, func(s *feature.Space) error { return CheckC28DecoupledFixedPoint(s, n, alpha, beta) })
			}, all, gen.OneGenOf(GenSmallBatchSize(), GenBatchSize()), GenAlpha(), GenBeta())},
	}
}

// BoundaryBeta returns β = α·ρ_kl·(1 + t) for the pair number pair mod m² (row-major), the
// bias at which T2_kl changes sign when t = 0 (C26 near its boundary).
func BoundaryBeta(s *feature.Space, alpha float64, pair int, t float64) float64 {
	m := s.Len()
	pair %= m * m
	if pair < 0 {
		pair += m * m
	}
	rho := s.DensityRatio().At(pair/m, pair%m)
	if t == 0 {
		return alpha * rho // the exact product feature compares with
	}
	return alpha * rho * (1 + t)
}

// onSpace builds sp and runs check on it: "" when the claim holds, otherwise the spec and
// the error.
func onSpace(sp Spec, check func(*feature.Space) error) string {
	s, err := sp.Build()
	if err != nil {
		return fmt.Sprintf("%v: build: %v", sp, err)
	}
	if err := check(s); err != nil {
		return fmt.Sprintf("%v: %v", sp, err)
	}
	return ""
}
