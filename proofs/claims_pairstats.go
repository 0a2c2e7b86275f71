package proofs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// pairStatisticsClaims are the claims on the pair statistics (docs/theory.md §8, "Pair
// statistics"; §1–§2): C1–C9.
var pairStatisticsClaims = []Entry{
	analytic("C1", "c1 is symmetric, non-negative, PSD and sums to 1", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C1 positive joint", Statement: "c1 is symmetric, non-negative, PSD and sums to 1",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC1PositiveJoint) }, all)}}
	}, goldenMatrix("c1", func(s *feature.Space) mat.Matrix { return s.PositiveJoint() }, goldenC1, 6)),
	analytic("C2", "c2 is symmetric, rank-1 PSD and sums to 1", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C2 negative joint", Statement: "c2 is symmetric, PSD of rank 1 and sums to 1",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC2NegativeJoint) }, all)}}
	}, goldenMatrix("c2", func(s *feature.Space) mat.Matrix { return s.NegativeJoint() }, goldenC2, 6)),
	analytic("C3", "the row sums of c1 and c2 equal q", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C3 row sums", Statement: "the row sums of c1 and c2 equal q",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC3RowSums) }, all)}}
	}, goldenMatrix("q", func(s *feature.Space) mat.Matrix { return mat.NewDense(1, 3, s.ViewMarginal()) }, [][]float64{goldenQ}, 6)),
	analytic("C4", "c1 − c2 is PSD with the all-ones vector in its kernel", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C4 joint gap", Statement: "c1 − c2 is PSD with the ones vector in its kernel",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC4JointGap) }, all)}}
	}),
	analytic("C5", "Σ_j q_j ρ_ij = 1 for every i", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C5 weighted density ratio", Statement: "Σ_j q_j ρ_ij = 1",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC5WeightedDensityRatio) }, all)}}
	}, goldenMatrix("ρ", func(s *feature.Space) mat.Matrix { return s.DensityRatio() }, goldenRho, 6)),
	analytic("C6", "Σ c1 log ρ = I(V1;V2) ≥ 0, zero iff A is uninformative", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C6 mutual information", Statement: "Σ c1 log ρ = I ≥ 0, zero iff A is uninformative on supp π",
			Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC6MutualInformation) }, all)}}
	}, goldenMI),
	analytic("C7", "A = I and an uninformative A give the closed forms of §2", func(gopter.Gen) []Claim {
		return []Claim{
			{Name: "C7 identity TPM", Statement: "A = I gives c1 = diag(π)",
				Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC7Identity) },
					GenSpec([]Kind{KindIdentity}, FullSupportSources))},
			{Name: "C7 uninformative TPM", Statement: "A uninformative on supp π gives c1 = c2, ρ ≡ 1",
				Property: prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC7Uninformative) },
					GenSpec(UninformativeKinds, nil))},
		}
	}),
	analytic("C8", "relabelling the states permutes every quantity", func(all gopter.Gen) []Claim {
		return []Claim{{Name: "C8 relabelling", Statement: "relabelling states permutes q, c1, c2, ρ, T1, T2; I is invariant",
			Property: prop.ForAll(func(sp Spec, permSeed uint64, n int, alpha, beta float64) string {
				return onSpace(sp, func(s *feature.Space) error {
					perm := rand.New(rand.NewPCG(permSeed, specStream)).Perm(s.Len())
					if err := CheckC8Relabelling(s, perm, n, alpha, beta); err != nil {
						return fmt.Errorf("perm %v: %w", perm, err)
					}
					return nil
				})
			}, all, gen.UInt64(), GenBatchSize(), GenAlpha(), GenBeta())}}
	}),
	{ID: "C9", Statement: "Monte Carlo pair frequencies converge to c1 and c2 within k standard errors", Routes: []Route{RouteMonteCarlo}, Run: runC9},
}

func goldenMI(RunConfig) (Check, error) {
	const want = 0.0057183
	got := feature.Toy().MutualInformation()
	return Check{Route: RouteClosedForm, Quantity: "toy I(V1;V2) vs docs/theory.md §7", Predicted: want, Measured: got,
		Err: math.Abs(got - want), Tol: 0.5e-7, Origin: "half a unit of the 7 printed decimals"}, nil
}

func runC9(rc RunConfig) Outcome {
	o := Outcome{ID: "C9"}
	draws, toyDraws := 20000, 200000
	if rc.Quick {
		draws, toyDraws = 5000, 20000
	}
	inputs := max(10, rc.inputs()/4)
	o.add(propertyCheck(rc, RouteMonteCarlo, "C9 frequencies on generated spaces", c9Property(draws, inputs), inputs,
		fmt.Sprintf("exact two-sided binomial tails, Bonferroni α = %g over every entry of every input, %d draws each", FamilyAlpha, draws)))
	c, err := MonteCarloC9(feature.Toy(), feature.ToyBatchSize, toyDraws, DeriveSeed(rc.Seed, "C9/toy"))
	o.fail(err)
	if err == nil {
		c.Quantity = "toy: " + c.Quantity
		o.add(c)
	}
	return o
}
