package proofs

// Tests of the tests for the ledger's routes: each route's check, given a deliberately
// wrong target, must fail, and given the right one must pass (or the case proves
// nothing). Training cases reuse the runs of the claim tests (testShared).

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// wantFail fails the test unless c fails.
func wantFail(t *testing.T, name string, c Check) {
	t.Helper()
	if c.Pass() {
		t.Errorf("%s: the check accepted a wrong target: %s", name, c.Summary())
	}
}

// wantPass fails the test unless c passes.
func wantPass(t *testing.T, name string, c Check) {
	t.Helper()
	if !c.Pass() {
		t.Errorf("%s: the check rejects the right target: %s (%s)", name, c.Summary(), c.Note)
	}
}

func TestClosedFormRouteRejectsWrongGolden(t *testing.T) {
	right, _ := goldenMatrix("c1", func(s *feature.Space) mat.Matrix { return s.PositiveJoint() }, goldenC1, 6)(testRunConfig())
	wantPass(t, "golden c1", right)
	// c1 printed one unit off in the last decimal at (0, 1): 1e-6 ≫ the 5e-7 allowance.
	wrong := [][]float64{append([]float64(nil), goldenC1[0]...), goldenC1[1], goldenC1[2]}
	wrong[0][1] += 1e-6
	bad, _ := goldenMatrix("c1", func(s *feature.Space) mat.Matrix { return s.PositiveJoint() }, wrong, 6)(testRunConfig())
	wantFail(t, "golden c1 one unit off", bad)
}

func TestPropertyRouteReportsAFailingInput(t *testing.T) {
	rc := testRunConfig()
	// C5 fed ρ with one entry 1e-6 too large (far above the ~1e-14 rounding bound).
	p := prop.ForAll(func(sp Spec) string {
		return onSpace(sp, func(s *feature.Space) error {
			return checkWeightedDensityRatio(s, perturbed(s.DensityRatio(), 0, 0, perturbRel, false))
		})
	}, GenSpec(InformativeKinds, FullSupportSources))
	c := propertyCheck(rc, RouteProperty, "C5 with a wrong ρ", p, 50, roundingOrigin)
	wantFail(t, "property with a wrong ρ", c)
	if !strings.Contains(c.Note, "Spec{") {
		t.Errorf("the failing property's note %q does not name the (shrunk) input", c.Note)
	}
	ok := propertyCheck(rc, RouteProperty, "C5", prop.ForAll(func(sp Spec) string { return onSpace(sp, CheckC5WeightedDensityRatio) }, GenSpec(nil, nil)), 50, roundingOrigin)
	wantPass(t, "property C5", ok)
}

func TestMonteCarloRouteRejectsWrongTargets(t *testing.T) {
	s := feature.Toy()
	const draws = 20000
	seedMC := uint64(9)
	c1, c2, q := s.PositiveJoint(), s.NegativeJoint(), s.ViewMarginal()
	right, err := monteCarloC9(s, 1000, draws, seedMC, c1, c2, q, s.InfoNCETarget(1000))
	if err != nil {
		t.Fatal(err)
	}
	wantPass(t, "Monte Carlo toy", right)
	// c1 shifted by 10 standard errors of one draw set (kept symmetric): an estimate within
	// 4.1 SE of c1 is ≥ 5.9 SE from the shifted matrix.
	shifted := mat.NewDense(3, 3, nil)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v := c1.At(i, j)
			sd := math.Sqrt(v / 2 / draws)
			if i == j {
				sd = math.Sqrt(v * (1 - v) / draws)
			}
			shifted.Set(i, j, v+10*sd)
		}
	}
	bad, err := monteCarloC9(s, 1000, draws, seedMC, shifted, c2, q, s.InfoNCETarget(1000))
	if err != nil {
		t.Fatal(err)
	}
	wantFail(t, "Monte Carlo against c1 + 10 SE", bad)
	// The exact binomial test of the property: the estimate of the toy against another
	// space's statistics.
	e := sample.EstimatePairs(sample.NewSampler(s), draws, sample.Stream(seedMC, 0))
	if err := CheckC9PairFrequencies(s, e, FamilyAlpha, 1); err != nil {
		t.Errorf("exact binomial tails reject the right space: %v", err)
	}
	other := mustBuild(t, Spec{M: 3, Seed: 4, Kind: KindDirichlet, Source: SourceUniform})
	if err := CheckC9PairFrequencies(other, e, FamilyAlpha, 1); err == nil {
		t.Error("exact binomial tails accept the toy's frequencies as another space's")
	}
}

func TestEnumerationRouteRejectsWrongTargets(t *testing.T) {
	s := feature.Toy()
	const n = 8
	ex, err := enumerate.New(s, n)
	if err != nil {
		t.Fatal(err)
	}
	lr, _ := logRho(s)
	g := mat.NewDense(3, 3, nil)
	ex.InfoNCE(g, lr)
	if err := checkGradientAtLogRho(s, n, g, ex.GradientRoundingBound(lr)); err != nil {
		t.Fatalf("the exact gradient at log ρ fails: %v", err)
	}
	// The mean-field stationary point log T1 is not the exact optimum: at N = 8 the
	// gradient there is O(ρ/N)·c1 ≫ the rounding bound.
	lt := mat.NewDense(3, 3, nil)
	lt.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, s.InfoNCETarget(n))
	ex.InfoNCE(g, lt)
	wantViolation(t, "exact gradient at log T1", checkGradientAtLogRho(s, n, g, ex.GradientRoundingBound(lt)), "exact ∂E[ℓ]/∂s")
	// The free-logit fixed point of the SC loss, from the shared store, against T2: the
	// z-test of the training route is covered below; here the exact probabilities must
	// differ from T2 by more than rounding (the corrected claim of C23).
	fp, err := sharedFixedPoint(testRunConfig(), "scinfonce", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if gap := feature.MaxRelGap(fp.Prob, s.SCTarget(feature.ToyBatchSize, 1, 0)); !(gap > 1e-4) {
		t.Errorf("the exact SC fixed point is within %.3g of T2; the O(ρ/N) offset is missing", gap)
	}
}

func TestTrainingRouteRejectsWrongTargets(t *testing.T) {
	t.Parallel()
	rc := testRunConfig()
	s := feature.Toy()
	n := feature.ToyBatchSize
	runs, err := sharedFreeLogits(rc, "infonce", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := sharedFixedPoint(rc, "infonce", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	t1 := s.InfoNCETarget(n)
	wantPass(t, "C13 within 0.5 % of T1", runs.ReachesWithin(t1, "T1", claimTol, "claim"))
	// T1 for N = 990: 1 % larger, twice the claim's tolerance.
	wantFail(t, "C13 against T1(N = 990)", runs.ReachesWithin(s.InfoNCETarget(990), "T1(990)", claimTol, "claim"))
	wantPass(t, "C13 z-test", runs.AgreesWith(fp.Prob, "E[P](log ρ)"))
	// The exact prediction scaled by 1.005: 0.5 % is > 10 SE of the 16-run mean.
	scaled := mat.DenseCopyOf(fp.Prob)
	scaled.Scale(1.005, scaled)
	wantFail(t, "C13 z-test against E[P]·1.005", runs.AgreesWith(scaled, "E[P]·1.005"))
	// C14 against the mean-field logits of N = 10, whose differences are off by up to
	// (ρmax − ρmin)/9 ≈ 0.04, ≫ the resolution ≈ 2e-3.
	lt := mat.NewSymDense(3, nil)
	t10 := s.InfoNCETarget(10)
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			lt.SetSym(i, j, math.Log(t10.At(i, j)))
		}
	}
	c, _ := runs.LogitDifferences(lt, "log T1(N=10)")
	wantFail(t, "C14 against log T1(N = 10)", c)
	// C24: the drift of the (1, −0.2) runs against the prediction for (1, −0.1).
	off, err := sharedFreeLogits(rc, "scinfonce", 1, -0.2)
	if err != nil {
		t.Fatal(err)
	}
	mu, se := meanSE(off.DriftRate(FreeLogitAverageFrom))
	wrong := off.Config.Opt.LR * 0.1 / 6 // η(α − β − 1)/(m(m+1)/2) for β = −0.1
	if k := studentK(FamilyAlpha, 1, len(off.Results)); math.Abs(mu-wrong) <= k*se {
		t.Errorf("the drift %.4g ± %.2g per step is consistent with the wrong rate %.4g", mu, se, wrong)
	}
}

func TestEncoderTrainingRouteRejectsT1(t *testing.T) {
	if testing.Short() {
		t.Skip("encoder training")
	}
	t.Parallel()
	rc := testRunConfig()
	s := feature.Toy()
	n := feature.ToyBatchSize
	cfg := EncoderConfig("embedding", "infonce", 1, 0, sgdEmbedding, 600, 200, 0)
	runs, err := sharedEncoderRuns(rc, cfg, 8)
	if err != nil {
		t.Fatal(err)
	}
	mean, se := pairProbStats(runs)
	// The level-2 trained encoder against T1 (instead of its optimum): 4 % off.
	c := withinNoise(RouteTraining, "level 2 vs T1", mean, se, s.InfoNCETarget(n), studentK(FamilyAlpha, 9, 8), 3.6e-4, "test")
	wantFail(t, "per-state embeddings against T1", c)
}

func TestOptimumRouteRejectsT1(t *testing.T) {
	s := feature.Toy()
	// P = T1 is not the probability of any unit embeddings: T1_00 ≠ T1_11.
	wantViolation(t, "P = T1 for unit embeddings", checkUnitEmbeddingProb(s, feature.ToyBatchSize, s.InfoNCETarget(feature.ToyBatchSize), 1), "log P_ii")
	// A collapse verdict that contradicts the gradient signs.
	g := mat.NewDense(3, 3, nil)
	logits := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	s.SCPopulationPotential(g, nil, logits, feature.ToyBatchSize, 0.5, 0.2)
	if err := checkCollapsedGradient(s, 0.5, 0.2, g, false); err != nil {
		t.Fatalf("the right verdict fails: %v", err)
	}
	wantViolation(t, "collapse claimed for (0.5, 0.2)", checkCollapsedGradient(s, 0.5, 0.2, g, true), "Collapses")
}

func TestFiniteDifferenceRouteRejectsWrongGradients(t *testing.T) {
	for _, gc := range GradientCases() {
		f, x, grad, extra, err := gc.Draw(3)
		if err != nil {
			t.Fatalf("%s: %v", gc.Name, err)
		}
		if err := checkFiniteDifferences(gc.Name, f, x, grad, extra); err != nil {
			t.Fatalf("%s: the right gradient fails: %v", gc.Name, err)
		}
		// The largest entry off by 1e-3 relative (or 1e-6 absolute for a zero gradient):
		// orders above the Richardson and rounding bounds (≲ 1e-8 here).
		wrong := append([]float64(nil), grad...)
		k := 0
		for i := range wrong {
			if math.Abs(wrong[i]) > math.Abs(wrong[k]) {
				k = i
			}
		}
		wrong[k] += math.Max(1e-3*math.Abs(wrong[k]), 1e-6+extra)
		if err := checkFiniteDifferences(gc.Name, f, x, wrong, extra); err == nil {
			t.Errorf("%s: a gradient with entry %d off by %.3g passes", gc.Name, k, wrong[k]-grad[k])
		}
	}
}

func TestSkippedChecksNeitherPassNorFail(t *testing.T) {
	o := Outcome{ID: "X", Checks: []Check{skipped(RouteTraining, "q")}}
	if o.Pass() || o.Verdict() != "SKIP" {
		t.Errorf("all-skipped outcome: pass %v, verdict %s; want false, SKIP", o.Pass(), o.Verdict())
	}
	o.Checks = append(o.Checks, Check{Route: RouteClosedForm, Err: 1, Tol: 2})
	if !o.Pass() || o.Verdict() != "PASS" {
		t.Errorf("skipped + passing: pass %v, verdict %s", o.Pass(), o.Verdict())
	}
	o.Checks = append(o.Checks, Check{Route: RouteClosedForm, Err: math.NaN(), Tol: 2})
	if o.Pass() {
		t.Error("a NaN error passes")
	}
	if h, _ := o.Headline(); !math.IsNaN(h.Err) {
		t.Errorf("headline %v, want the failing NaN check", h)
	}
	at := Check{AtLeast: true, Err: 0.1, Tol: 0.2}
	if at.Pass() {
		t.Error("AtLeast with Err < Tol passes")
	}
}

// A property on the enumeration route with gen inputs, to make sure the generator of
// enumerable spaces produces only spaces enumerate accepts.
func TestEnumerableSpecsAreEnumerable(t *testing.T) {
	c := propertyCheck(testRunConfig(), RouteEnumeration, "enumerable specs", prop.ForAll(func(sp Spec, n int) string {
		return onSpace(sp, func(s *feature.Space) error {
			if _, err := logRho(s); err != nil {
				return err
			}
			return enumerate.CheckSize(s.Len(), n)
		})
	}, enumerableSpecs(), gen.IntRange(2, 40)), 100, "—")
	wantPass(t, "enumerable specs", c)
}

// TestCollapseBoundaryRejectsAShiftedThreshold: C27's boundary probe fails when the
// collapse threshold 1 + β is shifted by 5 % either way, and it runs (not skipped) in the
// quick ledger.
func TestCollapseBoundaryRejectsAShiftedThreshold(t *testing.T) {
	s := feature.Toy()
	n := feature.ToyBatchSize
	wantPass(t, "R2 boundary, feature.Collapses", c27BoundaryCheck(s, n, s.Collapses))
	for _, f := range []float64{0.95, 1.05} {
		shifted := func(alpha, beta float64) bool {
			lo, _ := s.RhoRange()
			return alpha*lo >= f*(1+beta)
		}
		wantFail(t, fmt.Sprintf("R2 boundary, threshold × %g", f), c27BoundaryCheck(s, n, shifted))
	}
	e, err := Find("C27")
	if err != nil {
		t.Fatal(err)
	}
	o := Evaluate(e, RunConfig{Seed: 3, Quick: true})
	found, noted := false, false
	// The quick ledger skips the four training checks, named by model and setting.
	wantSkipped := map[string]bool{}
	for _, model := range []string{simulate.ModelEmbedding, simulate.ModelMLP} {
		for _, setting := range []string{"(1, -0.2)", "(0.5, 0.2)"} {
			wantSkipped[model+" (α, β) = "+setting+": class geometry after training"] = true
		}
	}
	for _, c := range o.Checks {
		if c.Skipped {
			if !wantSkipped[c.Quantity] {
				t.Errorf("the quick ledger's C27 skips %q, not one of %v", c.Quantity, wantSkipped)
			}
			delete(wantSkipped, c.Quantity)
		}
		if strings.HasPrefix(c.Quantity, "toy collapse rule at the R2 boundary") {
			found = !c.Skipped
		}
		if strings.HasPrefix(c.Quantity, "level-2 SC optimum (feature/optimum) collapsed iff R2") {
			noted = true
			checkC27OptimumNote(t, c.Note)
		}
	}
	if !found || !o.Pass() {
		t.Errorf("the quick ledger's C27 (pass %v) does not run the boundary probe", o.Pass())
	}
	if !noted {
		t.Error("the quick ledger's C27 has no level-2 optimum check")
	}
	if len(wantSkipped) != 0 {
		t.Errorf("the quick ledger's C27 does not skip %v", wantSkipped)
	}
}

// checkC27OptimumNote: the note of C27's optimum check quotes each setting's own minimum
// off-diagonal cosine: R2 says (1, −0.2) collapses, so its minimum is 1 within the
// collapse criterion's 1e-6 (the optimum's accuracy, as in runC27), and (0.5, 0.2)
// spreads, so its minimum lies below 1 − 1e-6.
func checkC27OptimumNote(t *testing.T, note string) {
	t.Helper()
	var collapsed, spread float64
	if _, err := fmt.Sscanf(note, "min off-diagonal cosine %f at (1, −0.2), %f at (0.5, 0.2)", &collapsed, &spread); err != nil {
		t.Fatalf("C27 optimum note %q: %v", note, err)
	}
	if !(collapsed >= 1-1e-6) || !(spread < 1-1e-6) {
		t.Errorf("C27 optimum note %q: want the collapsed setting's minimum cosine ≥ 1 − 1e-6 and the spreading one's below", note)
	}
}

// TestC27TrainingChecksRejectWrongGeometry: C27's noise-bound training checks, on the
// ledger's own runs, reject a level-2 prediction 5 % off (or the other setting's
// optimum), and reject collapsed runs read as spreading and spreading runs read as
// collapsed.
func TestC27TrainingChecksRejectWrongGeometry(t *testing.T) {
	t.Parallel()
	rc := testRunConfig()
	s := feature.Toy()
	var opts []*mat.SymDense
	for _, ab := range offLine {
		res, err := optimum.SC(s, ab[0], ab[1], optimum.Options{Dim: EncoderDim, Tau: 1, N: feature.ToyBatchSize})
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, res.Cosine)
	}
	for k, ab := range offLine {
		tag := fmt.Sprintf("(%g, %g)", ab[0], ab[1])
		emb, err := sharedEncoderRuns(rc, c27Config(simulate.ModelEmbedding, ab), c27Replicates)
		if err != nil {
			t.Fatal(err)
		}
		wantPass(t, "embedding "+tag, c27TrainingCheck(tag, simulate.ModelEmbedding, k == 0, emb, opts[k]))
		wantFail(t, "embedding "+tag+" vs the other optimum", c27TrainingCheck(tag, simulate.ModelEmbedding, k == 0, emb, opts[1-k]))
		wantFail(t, "embedding "+tag+" vs cos* × 1.05", c27TrainingCheck(tag, simulate.ModelEmbedding, k == 0, emb, scaled(opts[k], 1.05)))
		mlp, err := sharedEncoderRuns(rc, c27Config(simulate.ModelMLP, ab), c27Replicates)
		if err != nil {
			t.Fatal(err)
		}
		wantPass(t, "mlp "+tag, c27TrainingCheck(tag, simulate.ModelMLP, k == 0, mlp, opts[k]))
		wantFail(t, "mlp "+tag+" read the other way", c27TrainingCheck(tag, simulate.ModelMLP, k != 0, mlp, opts[k]))
	}
}
