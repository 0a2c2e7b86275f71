package proofs

import (
	"fmt"
	"math"
	"strings"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
	"github.com/infonce-lab/infonce-lab/feature/optimum"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// modelClaims are the claims on the models that represent the logits, and on their
// gradients (docs/theory.md §8, "Models"; §5): C29–C30.
var modelClaims = []Entry{
	{ID: "C29", Statement: "per-state unit embeddings cannot attain T1 unless all ρ_ii are equal; their optimum is computed and trained encoders reach it", Routes: []Route{RouteProperty, RouteOptimum, RouteTraining}, Run: runC29},
	{ID: "C30", Statement: "every hand-written gradient equals finite differences", Routes: []Route{RouteFiniteDiff}, Run: runC30},
}

// c29AnyUnitEmbeddings is C29's property on one input: "" when CheckC29UnitEmbeddings
// accepts s.Len()+extra random unit embeddings (seeded by seed) of the space of sp, else
// the failure.
func c29AnyUnitEmbeddings(sp Spec, n int, extra int, seed uint64, tau float64) string {
	return onSpace(sp, func(s *feature.Space) error {
		return CheckC29UnitEmbeddings(s, n, RandomUnitEmbeddings(s.Len(), s.Len()+extra, seed), tau)
	})
}

func runC29(rc RunConfig) Outcome {
	o := Outcome{ID: "C29"}
	s := feature.Toy()
	n := feature.ToyBatchSize
	o.add(propertyCheck(rc, RouteProperty, "C29 any unit embeddings: P_ii P_ji = P_jj P_ij and gap ≥ bound", prop.ForAll(c29AnyUnitEmbeddings, GenSpec(nil, nil), GenBatchSize(), gen.IntRange(-1, 2), gen.UInt64(), gen.Float64Range(0.1, 10)), rc.inputs(), "P accurate to relTol + 4u(1 + 2/τ) relative (C11's bound)"))
	bound, pair := UnitEmbeddingGapBound(s, n)
	opt, err := optimum.InfoNCE(s, optimum.Options{Dim: EncoderDim, Tau: 1, N: n})
	if err != nil {
		o.fail(err)
		return o
	}
	o.add(Check{Route: RouteOptimum, Quantity: "toy level-2 optimum: max_ij |P*_ij − T1_ij|/T1_ij ≥ the unit-embedding bound", Predicted: bound, Measured: opt.MaxRelGap, Err: opt.MaxRelGap, Tol: bound - 1e-6, AtLeast: true, Unit: "rel",
		Origin: fmt.Sprintf("bound 1 − exp(−|log(T1_%d%d/T1_%d%d)|/4) (proofs/unitembedding.go), less the optimum's 1e-6 accuracy", pair.I, pair.I, pair.J, pair.J)})
	t1 := s.InfoNCETarget(n)
	o.add(c29OptimumGapCheck(rc, fmt.Sprintf("d = %d, τ = 1", EncoderDim), opt.Prob, t1))
	o.add(quotedCheck(rc, RouteOptimum, "τ* at which J + τ(G(1) − J) leaves the PSD cone (optimum.SlackLimit of the τ = 1 optimum)", quoteC29TauStar, optimum.SlackLimit(opt.Cosine)))
	// "The same for every τ up to τ* and every d ≥ m": the optimum recomputed at d = m
	// and at two other temperatures below τ* misses T1 by the same quoted amount.
	for _, tau := range []float64{0.5, 5} {
		other, err := optimum.InfoNCE(s, optimum.Options{Dim: s.Len(), Tau: tau, N: n})
		if err != nil {
			o.fail(err)
			continue
		}
		o.add(c29OptimumGapCheck(rc, fmt.Sprintf("d = %d, τ = %g", s.Len(), tau), other.Prob, t1))
	}
	// The trained encoders are compared with the exact batch average at the optimum's
	// logits (enumeration at N = 1000), which is what simulate measures.
	pred := enumerate.ExactPositiveProb(s, n, mat.DenseCopyOf(opt.Cosine))
	rlo, rhi := s.RhoRange()
	meanField := (rhi - rlo) / float64(n-1) // C14's bound on the mean-field/exact optimum offset
	var gaps []string
	toOptLo, toOptHi, toT1Lo, toT1Hi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	var spreadNote string
	for _, model := range []string{simulate.ModelEmbedding, simulate.ModelMLP} {
		tag := "level 2 (per-state embeddings): "
		if model == simulate.ModelMLP {
			tag = "level 3 (MLP on noisy features): "
		}
		if rc.Quick {
			o.add(skipped(RouteTraining, tag+"trained P vs the level-2 optimum"))
			continue
		}
		cfg, reps, how := EncoderConfig(model, loss.InfoNCE, 1, 0, sgdEmbedding, 600, 200, 0), 8, "600 SGD steps at rate 2, Polyak mean after step 200"
		if model == simulate.ModelMLP {
			cfg, reps, how = EncoderConfig(model, loss.InfoNCE, 1, 0, adamCosine, 500, 0, 0), 6, "500 Adam steps, lr 1e-2 with warm-up and cosine decay"
		}
		runs, err := sharedEncoderRuns(rc, cfg, reps)
		if err != nil {
			o.fail(err)
			continue
		}
		mean, se := pairProbStats(runs)
		origin := fmt.Sprintf("k·SE (Student t, %d runs, Bonferroni α = %g over 9 entries) + (ρmax − ρmin)/(N−1) = %.1e relative (mean-field vs exact optimum, C14)", reps, FamilyAlpha, meanField)
		var c Check
		if model == simulate.ModelEmbedding {
			c = withinNoise(RouteTraining, tag+"max_ij |P̄_ij − E[P*_ij]|/E[P*_ij] (P* at the level-2 optimum)", mean, se, pred, studentK(FamilyAlpha, 9, reps), meanField, origin)
		} else {
			// Level 3: the MLP's views of a state spread around their class mean, which
			// moves P away from the value at the class means by an amount no bound
			// derived here makes small (proofs/doc.go, "Statistical tolerances"). The
			// claim is checked on the class-mean
			// geometry Ḡ (cosines of the class means, simulate's Geometry): P(Ḡ), the exact
			// batch average at logits Ḡ/τ, against P* at the optimum's Gram matrix; the
			// spread's effect, P̄ against P(Ḡ), is measured and reported.
			cm, cmSE := replicateMatrix(len(runs), func(k int) mat.Matrix {
				return enumerate.ExactPositiveProb(s, n, runs[k].Geometry.ClassCosine)
			})
			c = withinNoise(RouteTraining, tag+"max_ij |P(Ḡ)_ij − E[P*_ij]|/E[P*_ij] (Ḡ the class means' cosines, mean over runs; P* at the level-2 optimum)", cm, cmSE, pred, studentK(FamilyAlpha, 9, reps), meanField, origin)
			var spread float64
			for _, r := range runs {
				for _, v := range r.Geometry.Spread {
					spread = math.Max(spread, v)
				}
			}
			spreadNote = fmt.Sprintf("; the MLP's within-class spread (≤ %.2g) moves its P̄ by %.2g %% from the value at its class means", spread, 100*feature.MaxRelGap(mean, cm))
		}
		toOpt, toT1 := feature.MaxRelGap(mean, pred), feature.MaxRelGap(mean, t1)
		toOptLo, toOptHi = math.Min(toOptLo, toOpt), math.Max(toOptHi, toOpt)
		toT1Lo, toT1Hi = math.Min(toT1Lo, toT1), math.Max(toT1Hi, toT1)
		c.Note = fmt.Sprintf("both gaps: to the optimum %.3g %%, to T1 %.3g %% (optimum to T1 %.3g %%); P̄ = mean of %d runs of %s", 100*toOpt, 100*toT1, 100*opt.MaxRelGap, reps, how)
		o.add(c)
		gaps = append(gaps, fmt.Sprintf("%s%.2g %% from the optimum, %.2g %% from T1", tag, 100*toOpt, 100*toT1))
	}
	const both = " over level 2 and level 3 of max_ij |P̄_ij − %s_ij|/%s_ij"
	o.add(quotedCheck(rc, RouteTraining, "smallest"+fmt.Sprintf(both, "E[P*]", "E[P*]"), quoteC29ToOptLow, toOptLo),
		quotedCheck(rc, RouteTraining, "largest"+fmt.Sprintf(both, "E[P*]", "E[P*]"), quoteC29ToOptHigh, toOptHi),
		quotedCheck(rc, RouteTraining, "smallest"+fmt.Sprintf(both, "T1", "T1"), quoteC29ToT1Low, toT1Lo),
		quotedCheck(rc, RouteTraining, "largest"+fmt.Sprintf(both, "T1", "T1"), quoteC29ToT1High, toT1Hi))
	o.Corrected = fmt.Sprintf("T1 is not attainable by unit embeddings when the ρ_ii differ: any configuration misses it by ≥ %.3g %% (toy, derived bound), the level-2 optimum by %.3g %%; trained encoders reach the optimum, not T1", 100*bound, 100*opt.MaxRelGap)
	if len(gaps) > 0 {
		o.Corrected += " — " + strings.Join(gaps, "; ") + spreadNote
	}
	return o
}

// c29OptimumGapCheck pins how far the level-2 optimum's positive-pair probability prob
// misses t1 (T1 in the ledger): max_ij |prob_ij − t1_ij|/t1_ij, the number README.md
// quotes; at is the optimum's dimension and temperature.
func c29OptimumGapCheck(rc RunConfig, at string, prob, t1 mat.Matrix) Check {
	return quotedCheck(rc, RouteOptimum, "toy level-2 optimum ("+at+"): max_ij |P*_ij − T1_ij|/T1_ij", quoteC29Gap, feature.MaxRelGap(prob, t1))
}

// withinNoise compares replicate means with pred entrywise: per entry the tolerance is
// k·SE_ij + bias·pred_ij; Err and Tol are reported relative to pred at the entry with the
// largest |mean − pred|/tolerance.
func withinNoise(route Route, quantity string, mean, se, pred mat.Matrix, k, bias float64, origin string) Check {
	r, cc := pred.Dims()
	c := Check{Route: route, Quantity: quantity, Unit: "rel", Origin: origin}
	worst := math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < cc; j++ {
			p := pred.At(i, j)
			d := math.Abs(mean.At(i, j)-p) / p
			tol := (k*se.At(i, j) + bias*p) / p
			ratio := d / tol
			if math.IsNaN(ratio) {
				ratio = math.Inf(1)
			}
			if ratio > worst {
				worst = ratio
				c.Entry, c.Predicted, c.Measured, c.Err, c.Tol = at(i, j), p, mean.At(i, j), d, tol
				if math.IsNaN(d) {
					c.Err = math.Inf(1)
				}
			}
		}
	}
	return c
}

func runC30(rc RunConfig) Outcome {
	o := Outcome{ID: "C30"}
	inputs := max(10, rc.inputs()/4)
	for _, gc := range GradientCases() {
		gc := gc
		o.add(propertyCheck(rc, RouteFiniteDiff, "C30 "+gc.Name, prop.ForAll(func(seed uint64) string {
			return errString(CheckC30Gradient(gc, seed))
		}, gen.UInt64()), inputs, "Richardson: |D(h) − D(h/2)| + 5δ/h, δ = (len(x) + 64)u(1 + |f|), h = 1e-4 (proofs/finitediff.go)"))
	}
	return o
}
