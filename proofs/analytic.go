package proofs

import (
	"fmt"
	"math"

	"github.com/leanovate/gopter"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
)

// Analytic claims: an entry checked by gopter properties of its checkers over generated
// spaces (the properties Ledger lists), and by closed-form checks on the toy against the
// golden numbers docs/theory.md §7 prints.

// Golden numbers of docs/theory.md §7 (the toy, N = 1000), as printed.
var (
	goldenQ   = []float64{0.3, 0.366667, 0.333333}
	goldenC1  = [][]float64{{0.110000, 0.103333, 0.086667}, {0.103333, 0.143333, 0.120000}, {0.086667, 0.120000, 0.126667}}
	goldenC2  = [][]float64{{0.090000, 0.110000, 0.100000}, {0.110000, 0.134444, 0.122222}, {0.100000, 0.122222, 0.111111}}
	goldenRho = [][]float64{{1.222222, 0.939394, 0.866667}, {0.939394, 1.066116, 0.981818}, {0.866667, 0.981818, 1.140000}}
	goldenT1  = [][]float64{{0.001221951, 0.000939451, 0.000866782}, {0.000939451, 0.001066045, 0.000981836}, {0.000866782, 0.000981836, 0.001139840}}
	goldenT2  = [][]float64{{0.001223446, 0.000940334, 0.000867534}, {0.000940334, 0.001067183, 0.000982801}, {0.000867534, 0.000982801, 0.001141141}}
)

// toyCheck is a closed-form check on the toy.
type toyCheck func(rc RunConfig) (Check, error)

// claimProperties builds the gopter properties of one claim over the generator all (GenSpec
// over every kind and source); the entry that owns them sets their ID.
type claimProperties func(all gopter.Gen) []Claim

// withProperties returns e with the gopter properties props: e's Run runs them first, each
// as a check on route property over rc's number of generated inputs, then e's own
// checks; Ledger lists them under e's id. Each run builds them afresh.
func withProperties(props claimProperties, e Entry) Entry {
	run := e.Run
	e.properties = props
	e.Run = func(rc RunConfig) Outcome {
		var checks []Check
		for _, c := range props(GenSpec(nil, nil)) {
			checks = append(checks, propertyCheck(rc, RouteProperty, c.Name, c.Property, rc.inputs(), roundingOrigin))
		}
		o := run(rc)
		o.Checks = append(checks, o.Checks...)
		return o
	}
	return e
}

// analytic is an entry whose claim is checked by the gopter properties props, plus
// closed-form checks on the toy.
func analytic(id, statement string, props claimProperties, toy ...toyCheck) Entry {
	routes := []Route{RouteProperty}
	if len(toy) > 0 {
		routes = append(routes, RouteClosedForm)
	}
	return withProperties(props, Entry{ID: id, Statement: statement, Routes: routes, Run: func(rc RunConfig) Outcome {
		o := Outcome{ID: id}
		for _, f := range toy {
			c, err := f(rc)
			if err != nil {
				o.fail(err)
				continue
			}
			o.add(c)
		}
		return o
	}})
}

// goldenMatrix compares a toy quantity with docs/theory.md §7's printed values: a value
// printed with d decimals is within 0.5·10⁻ᵈ of the truth.
func goldenMatrix(name string, f func(s *feature.Space) mat.Matrix, want [][]float64, decimals int) toyCheck {
	return func(RunConfig) (Check, error) {
		got := f(feature.Toy())
		g := mat.NewDense(len(want), len(want[0]), nil)
		for i := range want {
			g.SetRow(i, want[i])
		}
		worst, wi, wj := math.Inf(-1), 0, 0
		for i := range want {
			for j := range want[i] {
				if d := math.Abs(got.At(i, j) - want[i][j]); d > worst || math.IsNaN(d) {
					worst, wi, wj = d, i, j
				}
			}
		}
		if math.IsNaN(worst) {
			worst = math.Inf(1)
		}
		return Check{Route: RouteClosedForm, Quantity: "toy " + name + " vs docs/theory.md §7", Entry: at(wi, wj), Predicted: want[wi][wj], Measured: got.At(wi, wj),
			Err: worst, Tol: 0.5 * math.Pow(10, -float64(decimals)), Origin: fmt.Sprintf("half a unit of the %d printed decimals", decimals)}, nil
	}
}
