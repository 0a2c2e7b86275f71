package proofs

import (
	"bytes"
	"flag"
	"testing"

	"github.com/leanovate/gopter"
)

// seed is the gopter seed of every claim property; a failure prints it.
var seed = flag.Int64("proofs.seed", 20251115, "seed of the gopter claim properties (printed on failure)")

// minSuccessfulTests per property: 200 generated inputs each; the whole ledger runs in well under a
// second on one core.
const minSuccessfulTests = 200

// runClaim runs every ledger property with the given id, with shrinking on, and reports
// gopter's account of a failure (shrunk input, the checker's error, the seed).
func runClaim(t *testing.T, id string) {
	t.Helper()
	found := false
	for _, c := range Ledger() {
		if c.ID != id {
			continue
		}
		found = true
		params := gopter.DefaultTestParametersWithSeed(*seed)
		params.MinSuccessfulTests = minSuccessfulTests
		props := gopter.NewProperties(params)
		props.Property(c.Name, c.Property)
		var report bytes.Buffer
		if !props.Run(gopter.NewFormatedReporter(true, 160, &report)) {
			t.Logf("gopter seed %d\n%s", *seed, report.String())
			t.Errorf("%s: %q does not hold (seed %d; rerun with go test ./proofs -run %s -proofs.seed=%d)",
				c.Name, c.Statement, *seed, t.Name(), *seed)
		}
	}
	if !found {
		t.Fatalf("the ledger has no property with id %s", id)
	}
}

func TestC1_PositiveJointSymmetricPSD(t *testing.T)             { runClaim(t, "C1") }
func TestC2_NegativeJointRankOnePSD(t *testing.T)               { runClaim(t, "C2") }
func TestC3_RowSumsEqualViewMarginal(t *testing.T)              { runClaim(t, "C3") }
func TestC4_JointGapPSDOnesInKernel(t *testing.T)               { runClaim(t, "C4") }
func TestC5_WeightedDensityRatioRowsSumToOne(t *testing.T)      { runClaim(t, "C5") }
func TestC6_MutualInformationZeroIffUninformative(t *testing.T) { runClaim(t, "C6") }
func TestC7_ClosedFormsIdentityAndUninformative(t *testing.T)   { runClaim(t, "C7") }
func TestC8_RelabellingPermutesEverything(t *testing.T)         { runClaim(t, "C8") }
func TestC10_InfoNCETargetBoundedAndMonotone(t *testing.T)      { runClaim(t, "C10") }
func TestC11_GradientVanishesAtT1(t *testing.T)                 { runClaim(t, "C11") }
func TestC12_ScaledDensityRatioAttainsT1(t *testing.T)          { runClaim(t, "C12") }
func TestC16_PopulationLossAtT1(t *testing.T)                   { runClaim(t, "C16") }
func TestC20_SCGradientVanishesAtT2(t *testing.T)               { runClaim(t, "C20") }
func TestC21_DCLTargetIsT1TimesOnePlusRhoOverNm1(t *testing.T)  { runClaim(t, "C21") }
func TestC22_WeightedRowSumsOfT2(t *testing.T)                  { runClaim(t, "C22") }
func TestC25_SCTargetMonotoneInAlphaBetaRho(t *testing.T)       { runClaim(t, "C25") }
func TestC26_NegativeTargetIffBetaAboveAlphaRho(t *testing.T)   { runClaim(t, "C26") }
func TestC28_DecoupledFixedPoint(t *testing.T)                  { runClaim(t, "C28") }
