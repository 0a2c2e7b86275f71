package proofs

import (
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strings"
)

// Route names one way of checking a claim (docs/theory.md §8; the ledger's four ways, plus the
// constrained optimum and finite differences, which some claims are about).
type Route string

// The routes of the ledger.
const (
	// RouteClosedForm evaluates a closed form or identity on a fixed input (the toy's
	// golden numbers of docs/theory.md §7, a bound at given N), within float64 rounding or the
	// printed precision.
	RouteClosedForm Route = "closed form"
	// RouteProperty runs a gopter property of closed forms over generated TPMs (Spec).
	RouteProperty Route = "property"
	// RouteEnumeration computes exact expectations over every batch (feature/enumerate).
	RouteEnumeration Route = "enumeration"
	// RouteMonteCarlo compares sampled estimates with their prediction within k standard
	// errors (or exact binomial tails).
	RouteMonteCarlo Route = "Monte Carlo"
	// RouteTraining trains a model (simulate.Train) and compares what it learned.
	RouteTraining Route = "training"
	// RouteOptimum computes a constrained population optimum (feature/optimum).
	RouteOptimum Route = "optimum"
	// RouteFiniteDiff compares hand-written gradients with central finite differences.
	RouteFiniteDiff Route = "finite differences"
)

// Check is one comparison of a claim on one route: a predicted and a measured value
// (the worst entry when the quantity is a matrix), the error measure Err compared with
// the tolerance Tol, and where Tol comes from. It passes when Err ≤ Tol, or Err ≥ Tol
// when AtLeast is set (a claim that a target is missed by at least Tol); NaN never
// passes. A skipped check (Quick runs skip encoder training) neither passes nor fails.
type Check struct {
	Route     Route
	Quantity  string  // what is compared, e.g. "max_ij |P_ij − T1_ij| / T1_ij"
	Entry     string  // the worst entry, e.g. "(0, 2)"; empty for a scalar
	Predicted float64 // the predicted value at Entry
	Measured  float64 // the measured value at Entry
	Err       float64 // the error measure (same unit as Tol)
	Tol       float64 // the tolerance
	AtLeast   bool    // pass iff Err ≥ Tol
	Unit      string  // unit of Err and Tol: "" (absolute), "rel" (relative), "SE", "inputs"
	Origin    string  // where Tol comes from
	Note      string  // details: sizes, seeds, other entries, a failing input
	Skipped   bool
}

// Pass reports whether the check holds (Err ≤ Tol, or Err ≥ Tol with AtLeast; NaN-safe).
// A skipped check passes vacuously.
func (c Check) Pass() bool {
	if c.Skipped {
		return true
	}
	if c.AtLeast {
		return c.Err >= c.Tol
	}
	return c.Err <= c.Tol
}

// margin is Err/Tol (Tol/Err with AtLeast): ≤ 1 passes, larger is worse; +Inf for NaN.
func (c Check) margin() float64 {
	num, den := c.Err, c.Tol
	if c.AtLeast {
		num, den = c.Tol, c.Err
	}
	switch {
	case math.IsNaN(num) || math.IsNaN(den):
		return math.Inf(1)
	case den == 0 && num <= 0:
		return 0
	case den == 0:
		return math.Inf(1)
	}
	return num / den
}

// Outcome is the result of one claim of the ledger: its checks, and, where the paper's
// statement fails, the claim as it holds (Corrected).
type Outcome struct {
	ID        string
	Statement string
	Routes    []Route
	Checks    []Check
	// Corrected states the claim as the checks found it to hold, with its numbers, where
	// the paper's statement is false or holds only approximately; "" otherwise.
	Corrected string
	// Err is set when a check could not be run (bad configuration, no convergence, a
	// panic); the outcome then fails.
	Err error
}

// Pass reports whether the outcome holds: no error, at least one check run, and every
// check passes.
func (o *Outcome) Pass() bool {
	if o.Err != nil {
		return false
	}
	ran := false
	for _, c := range o.Checks {
		if !c.Pass() {
			return false
		}
		ran = ran || !c.Skipped
	}
	return ran
}

// Skipped reports whether every check of o was skipped.
func (o *Outcome) Skipped() bool {
	if o.Err != nil || len(o.Checks) == 0 {
		return false
	}
	for _, c := range o.Checks {
		if !c.Skipped {
			return false
		}
	}
	return true
}

// Headline returns the check that decides the outcome: the failing check with the worst
// margin (Err/Tol) if any fails, otherwise the run check closest to its tolerance. ok is
// false when no check was run.
func (o *Outcome) Headline() (c Check, ok bool) {
	best := math.Inf(-1)
	failing := false
	for _, k := range o.Checks {
		if k.Skipped {
			continue
		}
		f := !k.Pass()
		m := k.margin()
		switch {
		case f && !failing:
			c, best, failing, ok = k, m, true, true
		case f == failing && m > best:
			c, best, ok = k, m, true
		}
	}
	return c, ok
}

// RouteList returns the routes of o as "a + b + c".
func (o *Outcome) RouteList() string {
	parts := make([]string, len(o.Routes))
	for i, r := range o.Routes {
		parts[i] = string(r)
	}
	return strings.Join(parts, " + ")
}

func (o *Outcome) add(c ...Check) { o.Checks = append(o.Checks, c...) }

// fail records err as the outcome's error (the first one wins); nil is ignored.
func (o *Outcome) fail(err error) {
	if err != nil && o.Err == nil {
		o.Err = fmt.Errorf("%s: %w", o.ID, err)
	}
}

// RunConfig configures a ledger run.
type RunConfig struct {
	// Seed is the base seed of every random route: gopter properties, Monte Carlo draws
	// and training streams derive theirs from it (DeriveSeed), so a run is reproducible
	// and independent of scheduling.
	Seed uint64
	// Quick shrinks the sizes (fewer generated inputs, draws and replicates) and skips
	// the training of encoders (per-state embeddings, MLP), for smoke tests.
	Quick bool
	// Inputs is the number of generated inputs of each gopter property (0: 200, or 25
	// when Quick).
	Inputs int
	// Shared holds trained runs and computed optima that several claims use, so that
	// one ledger run trains each once (nil: a private store per entry).
	Shared *Shared
}

// DefaultSeed is the seed of the ledger when none is given.
const DefaultSeed = 20251115

func (c RunConfig) inputs() int {
	switch {
	case c.Inputs > 0:
		return c.Inputs
	case c.Quick:
		return 25
	}
	return 200
}

func (c RunConfig) shared() *Shared {
	if c.Shared == nil {
		return NewShared()
	}
	return c.Shared
}

// Entry is one claim of the ledger: its id of docs/theory.md §8, its statement, the routes
// its checks take, and Run, which runs them.
type Entry struct {
	ID        string
	Statement string
	Routes    []Route
	Run       func(cfg RunConfig) Outcome

	// properties builds the gopter properties of the claim (set by withProperties, which
	// also runs them in Run); nil for an entry without any. Ledger lists them.
	properties claimProperties
}

// Registry returns the ledger: every claim of docs/theory.md §8, in claim order, the
// concatenation of claimGroups. The tests of this package (one per claim id) and the
// claims notebook run these same entries.
func Registry() []Entry { return slices.Concat(claimGroups...) }

// claimGroups are the ledger's groups of claims in claim order, one file each
// (proofs/claims_*.go, following the headings of docs/theory.md §8), each group a []Entry
// with its entries beside their run functions. A new group is its file and one line here.
var claimGroups = [][]Entry{
	pairStatisticsClaims, // C1–C9, claims_pairstats.go
	infonceClaims,        // C10–C17, claims_infonce.go
	scClaims,             // C18–C28, claims_sc.go
	modelClaims,          // C29–C30, claims_models.go
	spectralClaims,       // C31, claims_spectral.go
	mnistClaims,          // C32–C34, claims_mnist.go
	referenceClaims,      // C35–C37, claims_reference.go
}

// Evaluate runs e with cfg. A panic inside a check (a bug, or data a package rejects by
// panicking) is turned into Outcome.Err with its stack, so that one claim cannot stop
// the ledger.
func Evaluate(e Entry, cfg RunConfig) (o Outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = Outcome{ID: e.ID, Statement: e.Statement, Routes: e.Routes,
				Err: fmt.Errorf("%s: panic: %v\n%s", e.ID, r, debug.Stack())}
		}
	}()
	o = e.Run(cfg)
	o.ID, o.Statement, o.Routes = e.ID, e.Statement, e.Routes
	return o
}

// Find returns the entry with the given id.
func Find(id string) (Entry, error) {
	reg := Registry()
	for _, e := range reg {
		if e.ID == id {
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("proofs: no claim %q in the ledger (ids %s)", id, IDRange(reg))
}

// IDRange returns the ids of entries as "first–last" (the ledger's are consecutive), or
// "none" for no entry.
func IDRange(entries []Entry) string {
	if len(entries) == 0 {
		return "none"
	}
	return entries[0].ID + "–" + entries[len(entries)-1].ID
}

// ErrSkipped marks a route not run in a Quick ledger run.
var ErrSkipped = errors.New("skipped in a quick run")

// skipped returns a skipped check on route r explaining why.
func skipped(r Route, quantity string) Check {
	return Check{Route: r, Quantity: quantity, Skipped: true, Note: ErrSkipped.Error(),
		Predicted: math.NaN(), Measured: math.NaN(), Err: math.NaN(), Tol: math.NaN()}
}
