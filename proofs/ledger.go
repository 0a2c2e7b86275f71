package proofs

import (
	"fmt"

	"github.com/leanovate/gopter"

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

// Ledger returns the gopter properties of the analytic claims, in claim order: those
// each registry entry owns (withProperties), under its id. Each call builds fresh
// properties; run them with gopter.NewProperties and a seeded gopter.TestParameters.
func Ledger() []Claim {
	all := GenSpec(nil, nil)
	var out []Claim
	for _, e := range Registry() {
		if e.properties == nil {
			continue
		}
		for _, c := range e.properties(all) {
			c.ID = e.ID
			out = append(out, c)
		}
	}
	return out
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
