package proofs

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// seed is the base seed of the ledger in these tests (gopter inputs, Monte Carlo draws and
// training streams derive theirs from it, DeriveSeed); a failure prints it.
var seed = flag.Int64("proofs.seed", DefaultSeed, "base seed of the claim ledger (printed on failure)")

// testShared holds the trained runs and optima of the whole test binary, so that claims
// sharing a run (C13 and C14; C23 and C24 with their fixed points; the tests of the
// tests) train it once.
var testShared = NewShared()

func testRunConfig() RunConfig {
	return RunConfig{Seed: uint64(*seed), Shared: testShared}
}

// runEntry runs the ledger entry with the given id, exactly as the claims notebook does,
// and reports every failing check with its input, numbers and tolerance origin. It returns
// the outcome, for tests that also read its notes.
func runEntry(t *testing.T, id string) Outcome {
	t.Helper()
	t.Parallel()
	e, err := Find(id)
	if err != nil {
		t.Fatal(err)
	}
	o := Evaluate(e, testRunConfig())
	if o.Err != nil {
		t.Errorf("%s could not be checked (seed %d): %v", id, *seed, o.Err)
	}
	for _, c := range o.Checks {
		if !c.Pass() {
			t.Errorf("%s fails (seed %d; rerun with go test ./proofs -run %s -proofs.seed=%d):\n%s\n%s", id, *seed, t.Name(), *seed, c.Summary(), c.Note)
		}
	}
	if len(o.Checks) == 0 {
		t.Errorf("%s ran no check", id)
	}
	if err := routesChecked(e, o); err != nil {
		t.Error(err)
	}
	t.Log(o.Line())
	if o.Corrected != "" {
		t.Log("corrected: " + o.Corrected)
	}
	return o
}

func TestC1_PositiveJointSymmetricPSD(t *testing.T)             { runEntry(t, "C1") }
func TestC2_NegativeJointRankOnePSD(t *testing.T)               { runEntry(t, "C2") }
func TestC3_RowSumsEqualViewMarginal(t *testing.T)              { runEntry(t, "C3") }
func TestC4_JointGapPSDOnesInKernel(t *testing.T)               { runEntry(t, "C4") }
func TestC5_WeightedDensityRatioRowsSumToOne(t *testing.T)      { runEntry(t, "C5") }
func TestC6_MutualInformationZeroIffUninformative(t *testing.T) { runEntry(t, "C6") }
func TestC7_ClosedFormsIdentityAndUninformative(t *testing.T)   { runEntry(t, "C7") }
func TestC8_RelabellingPermutesEverything(t *testing.T)         { runEntry(t, "C8") }
func TestC9_MonteCarloFrequenciesWithinKSE(t *testing.T)        { runEntry(t, "C9") }
func TestC10_InfoNCETargetBoundedAndMonotone(t *testing.T)      { runEntry(t, "C10") }
func TestC11_GradientVanishesAtT1(t *testing.T)                 { runEntry(t, "C11") }
func TestC12_ScaledDensityRatioAttainsT1(t *testing.T)          { runEntry(t, "C12") }
func TestC13_FreeLogitsReachT1(t *testing.T)                    { runEntry(t, "C13") }

// TestC14_LogitDifferencesAreLogRhoDifferences also reads the enumeration check: the
// claim predicts the exact optimum's row differences to equal log ρ's, a difference of 0,
// so the check's error is its measured difference itself.
func TestC14_LogitDifferencesAreLogRhoDifferences(t *testing.T) {
	o := runEntry(t, "C14")
	for _, c := range o.Checks {
		if c.Route == RouteEnumeration {
			if c.Predicted != 0 || !(c.Err == c.Measured) {
				t.Errorf("C14 enumeration check: predicted %v, measured %v, error %v: want 0 and an error equal to the measured difference", c.Predicted, c.Measured, c.Err)
			}
			return
		}
	}
	t.Error("C14 has no enumeration check")
}

func TestC15_InfoNCERowGradientSumsToZero(t *testing.T)        { runEntry(t, "C15") }
func TestC16_PopulationLossAtT1(t *testing.T)                  { runEntry(t, "C16") }
func TestC17_ExactOptimumIsLogRhoAtEveryN(t *testing.T)        { runEntry(t, "C17") }
func TestC18_SCPositiveAndNegativeGradients(t *testing.T)      { runEntry(t, "C18") }
func TestC19_SCRowGradientSums(t *testing.T)                   { runEntry(t, "C19") }
func TestC20_SCGradientVanishesAtT2(t *testing.T)              { runEntry(t, "C20") }
func TestC21_DCLTargetIsT1TimesOnePlusRhoOverNm1(t *testing.T) { runEntry(t, "C21") }
func TestC22_WeightedRowSumsOfT2(t *testing.T)                 { runEntry(t, "C22") }

// TestC23_SCFreeLogitsReachT2OnTheLine also requires the two small-N enumeration checks,
// against README.md's "9 %" at N = 16 and "1.5 %" at N = 100.
func TestC23_SCFreeLogitsReachT2OnTheLine(t *testing.T) {
	o := runEntry(t, "C23")
	want := map[string]float64{"N = 16:": 0.09, "N = 100:": 0.015}
	for _, c := range o.Checks {
		for key, printed := range want {
			if c.Route == RouteEnumeration && strings.Contains(c.Quantity, key) && c.Predicted == printed {
				delete(want, key)
			}
		}
	}
	if len(want) != 0 {
		t.Errorf("C23 lacks the small-N enumeration checks %v", want)
	}
}

func TestC24_SCFreeLogitsDriftOffTheLine(t *testing.T)          { runEntry(t, "C24") }
func TestC25_SCTargetMonotoneInAlphaBetaRho(t *testing.T)       { runEntry(t, "C25") }
func TestC26_NegativeTargetIffBetaAboveAlphaRho(t *testing.T)   { runEntry(t, "C26") }
func TestC27_CollapseCriterionConfirmedByTraining(t *testing.T) { runEntry(t, "C27") }
func TestC28_DecoupledFixedPoint(t *testing.T)                  { runEntry(t, "C28") }
func TestC29_UnitEmbeddingsReachTheirOptimumNotT1(t *testing.T) { runEntry(t, "C29") }
func TestC30_GradientsMatchFiniteDifferences(t *testing.T)      { runEntry(t, "C30") }
func TestC31_SpectralLossReachesSpectralOptimum(t *testing.T)   { runEntry(t, "C31") }

// routesChecked reports an error unless the routes e lists are exactly the routes of o's
// checks (skipped ones included: a quick run skips a route it still names): a route is
// named only where a check takes it.
func routesChecked(e Entry, o Outcome) error {
	listed := map[Route]bool{}
	for _, r := range e.Routes {
		listed[r] = true
	}
	used := map[Route]bool{}
	for _, c := range o.Checks {
		used[c.Route] = true
		if !listed[c.Route] {
			return fmt.Errorf("%s has a check on route %q, which its route list %v omits", e.ID, c.Route, e.Routes)
		}
	}
	for _, r := range e.Routes {
		if !used[r] {
			return fmt.Errorf("%s lists route %q, but no check of it takes that route", e.ID, r)
		}
	}
	return nil
}

// TestRegistryCoversEveryClaim: the entries have ids C1, C2, … in order, one per claim,
// each with a statement and at least one route; the id after the last is not found.
func TestRegistryCoversEveryClaim(t *testing.T) {
	reg := Registry()
	if len(reg) == 0 {
		t.Fatal("the ledger has no entries")
	}
	for i, e := range reg {
		if want := "C" + strconv.Itoa(i+1); e.ID != want {
			t.Errorf("entry %d has id %s, want %s", i, e.ID, want)
		}
		if e.Statement == "" || len(e.Routes) == 0 || e.Run == nil {
			t.Errorf("%s: statement %q, %d routes, run %v: want all set", e.ID, e.Statement, len(e.Routes), e.Run != nil)
		}
	}
	next := "C" + strconv.Itoa(len(reg)+1)
	if _, err := Find(next); err == nil || !strings.Contains(err.Error(), next) || !strings.Contains(err.Error(), "C1–"+reg[len(reg)-1].ID) {
		t.Errorf("Find(%s): error %v, want one naming the id and the ledger's ids C1–%s", next, err, reg[len(reg)-1].ID)
	}
	if got := IDRange(nil); got != "none" {
		t.Errorf("IDRange(nil) = %q, want none", got)
	}
}

// TestEveryClaimHasItsTest: each registry entry is run by exactly one test of this
// package, a function TestCnn_… calling runEntry(t, "Cnn") in some _test.go file, so
// that `go test ./proofs -run TestCnn_` checks claim Cnn; found by parsing the test files.
func TestEveryClaimHasItsTest(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]string{} // claim id → test functions running it
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 2 {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "runEntry" {
					return true
				}
				if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					claim, err := strconv.Unquote(lit.Value)
					if err == nil {
						tests[claim] = append(tests[claim], fn.Name.Name)
					}
				}
				return true
			})
		}
	}
	reg := Registry()
	ids := map[string]bool{}
	for _, e := range reg {
		ids[e.ID] = true
		fns := tests[e.ID]
		if len(fns) != 1 || !strings.HasPrefix(fns[0], "Test"+e.ID+"_") {
			t.Errorf("%s is run by %v; want exactly one test Test%s_… calling runEntry(t, %q)", e.ID, fns, e.ID, e.ID)
		}
	}
	for id, fns := range tests {
		if !ids[id] {
			t.Errorf("%v run claim %s, which the registry does not have", fns, id)
		}
	}
	if len(tests) == 0 {
		t.Error("no runEntry call found in the test files")
	}
}

// TestRoutesCheckedRejectsDishonestLists: a listed route no check takes, and a check on
// an unlisted route, are both reported.
func TestRoutesCheckedRejectsDishonestLists(t *testing.T) {
	o := Outcome{ID: "CX", Checks: []Check{{Route: RouteProperty}, {Route: RouteTraining, Skipped: true}}}
	if err := routesChecked(Entry{ID: "CX", Routes: []Route{RouteProperty, RouteTraining}}, o); err != nil {
		t.Errorf("honest list rejected: %v", err)
	}
	if err := routesChecked(Entry{ID: "CX", Routes: []Route{RouteProperty, RouteTraining, RouteEnumeration}}, o); err == nil {
		t.Error("a listed route without a check was accepted")
	}
	if err := routesChecked(Entry{ID: "CX", Routes: []Route{RouteProperty}}, o); err == nil {
		t.Error("a check on an unlisted route was accepted")
	}
}
