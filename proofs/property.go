package proofs

import (
	"fmt"
	"math"
	"strings"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// PropertySeed returns the gopter seed of the named property in a ledger run with base
// seed: distinct properties draw distinct inputs, and a failure names the seed.
func PropertySeed(base uint64, name string) int64 {
	return int64(DeriveSeed(base, "gopter/"+name) >> 1)
}

// propertyCheck runs the gopter property p on `inputs` generated inputs (shrinking a
// failure) and reports it as a check on route r: Err is the number of failing inputs
// (0 or 1: gopter stops at the first failure), Tol 0.
func propertyCheck(rc RunConfig, r Route, name string, p gopter.Prop, inputs int, origin string) Check {
	seed := PropertySeed(rc.Seed, name)
	params := gopter.DefaultTestParametersWithSeed(seed)
	params.MinSuccessfulTests = inputs
	res := p.Check(params)
	c := Check{Route: r, Quantity: name + ": failing generated inputs", Predicted: 0, Tol: 0, Unit: "inputs", Origin: origin,
		Note: fmt.Sprintf("%d inputs, gopter seed %d", res.Succeeded, seed)}
	if !res.Passed() {
		c.Measured, c.Err = 1, 1
		var args []string
		for _, a := range res.Args {
			args = append(args, fmt.Sprintf("%v", a.Arg))
		}
		c.Note = fmt.Sprintf("%s after %d passed (gopter seed %d): input (%s): %s", res.Status, res.Succeeded, seed, strings.Join(args, ", "), strings.Join(res.Labels, "; "))
		if res.Error != nil {
			c.Note += ": " + res.Error.Error()
		}
	}
	return c
}

// roundingOrigin is the tolerance origin of the closed-form properties.
const roundingOrigin = "float64 rounding bounds of each checker (proofs doc.go, Higham §3.1)"

// errString is "" for nil and the error's text otherwise (a gopter property's label).
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// enumerableSpecs generates spaces enumerate can handle quickly (m ≤ 4) with c1 > 0
// everywhere (log ρ finite).
func enumerableSpecs() gopter.Gen {
	return GenSpecUpTo(4, []Kind{KindDirichlet, KindNearIdentity, KindBlock, KindUninformative}, nil)
}

// C9 property: exact binomial tails of Monte Carlo estimates on generated spaces.
func c9Property(draws, family int) gopter.Prop {
	return prop.ForAll(func(sp Spec, seed uint64) string {
		return onSpace(sp, func(s *feature.Space) error {
			e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(seed, 0))
			return CheckC9PairFrequencies(s, e, FamilyAlpha, family)
		})
	}, GenSpec(nil, nil), gen.UInt64())
}

// GenLogitScale returns a generator of logit scales, log-uniform on [e^−4.6, e^3.4] ≈
// [0.01, 30].
func GenLogitScale() gopter.Gen {
	return gen.Float64Range(-4.6, 3.4).Map(math.Exp)
}

// logitProperty runs check on random n×n logits (n ∈ [2, 64], N(0, scale²) entries) with
// generated α and β.
func logitProperty(check func(logits *mat.Dense, alpha, beta float64) error) gopter.Prop {
	return prop.ForAll(func(n int, scale float64, seed uint64, alpha, beta float64) string {
		return errString(check(RandomLogits(n, scale, seed), alpha, beta))
	}, gen.IntRange(2, 64), GenLogitScale(), gen.UInt64(), GenAlpha(), GenBeta())
}
