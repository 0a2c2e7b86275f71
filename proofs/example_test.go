package proofs_test

import (
	"bytes"
	"fmt"
	"math"

	"github.com/leanovate/gopter"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/proofs"
)

// A checker runs on any space; nil means the claim holds within float64 rounding.
func ExampleCheckC11GradientVanishesAtT1() {
	s := feature.Toy()
	fmt.Println(proofs.CheckC11GradientVanishesAtT1(s, feature.ToyBatchSize, 0))
	// Output: <nil>
}

// A Spec builds the same space from the same (m, seed, kind, source).
func ExampleSpec_Build() {
	sp := proofs.Spec{M: 4, Seed: 1, Kind: proofs.KindUninformativeOnSupport, Source: proofs.SourcePartial}
	s, err := sp.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	// I is 0 up to rounding: the rows of A are equal on the support of π.
	fmt.Printf("%v: m = %d, |I| < 1e-14: %v, C6: %v\n", sp, s.Len(), math.Abs(s.MutualInformation()) < 1e-14, proofs.CheckC6MutualInformation(s))
	// Output: Spec{M: 4, Seed: 1, Kind: uninformative-on-support, Source: partial}: m = 4, |I| < 1e-14: true, C6: <nil>
}

// The O(1/N) term of C16 on the paper's toy: (N−1)·G rises towards 1 + χ² inside its bounds.
func ExampleT1LossGap() {
	s := feature.Toy()
	for _, n := range []int{10, 100, 1000, 10000} {
		gap, lower, upper, err := proofs.T1LossGap(s, n)
		if err != nil {
			fmt.Println(err)
			return
		}
		k := float64(n - 1)
		fmt.Printf("N = %5d: (N−1)G = %.6f in [%.6f, %.6f]\n", n, k*gap, k*lower, k*upper)
	}
	// Output:
	// N =    10: (N−1)G = 0.958176 in [0.954112, 1.011654]
	// N =   100: (N−1)G = 1.006459 in [1.006423, 1.011654]
	// N =  1000: (N−1)G = 1.011136 in [1.011136, 1.011654]
	// N = 10000: (N−1)G = 1.011603 in [1.011603, 1.011654]
}

// The ledger's properties run under any gopter parameters; the notebook and the tests use
// the same ones.
func ExampleLedger() {
	params := gopter.DefaultTestParametersWithSeed(20251115)
	props := gopter.NewProperties(params)
	for _, c := range proofs.Ledger() {
		if c.ID == "C5" {
			props.Property(c.Name, c.Property)
		}
	}
	var report bytes.Buffer
	fmt.Println(props.Run(gopter.NewFormatedReporter(false, 80, &report)), report.String())
	// Output: true + C5 weighted density ratio: OK, passed 100 tests.
}

// Evaluate runs one claim of the ledger, as the tests and the claims notebook do.
func ExampleEvaluate() {
	e, err := proofs.Find("C21")
	if err != nil {
		fmt.Println(err)
		return
	}
	o := proofs.Evaluate(e, proofs.RunConfig{Seed: proofs.DefaultSeed, Inputs: 20})
	fmt.Println(o.ID, o.RouteList(), len(o.Checks), o.Verdict())
	// Output: C21 property + closed form 2 PASS
}
