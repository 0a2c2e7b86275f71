package proofs

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// Free-logit training (docs/theory.md §5 level 1) as the ledger runs it: the toy, N = 1000,
// SGD at the constant rate FreeLogitLR for FreeLogitSteps steps with Polyak–Ruppert
// averaging after FreeLogitAverageFrom, every step recorded (θ_t for C14 and C24), and
// the trained (averaged) model measured on FreeLogitEvalBatches fresh batches.
// Replicates differ only in their random stream, so their spread is the run-to-run
// noise, and the standard error of their mean is estimated from it.
//
// Averaging must start once the transient from θ = 0 has decayed: the slowest mode
// relaxes as e^{−ηλ_min t} (FreeLogitFixedPoint.Relaxation; λ_min ≈ 0.059 on the toy,
// 34 steps), so the ledger requires FreeLogitAverageFrom ≥ 10/(ηλ_min), after which
// less than e^{−10} ≈ 5e-5 of the initial offset (≲ 0.5 in logits) remains. The 2000
// averaged iterates bring the run-to-run noise of P to ≈ 0.15 %.
const (
	FreeLogitLR          = 0.5
	FreeLogitSteps       = 2500
	FreeLogitAverageFrom = 500
	FreeLogitEvalBatches = 200
)

// FreeLogitConfig returns the free-logit training configuration of the ledger for the
// named loss on the toy, with the given seed.
func FreeLogitConfig(lossName string, alpha, beta float64, seed uint64) simulate.Config {
	return simulate.Config{
		Space:       feature.Toy(),
		N:           feature.ToyBatchSize,
		Loss:        lossName,
		Params:      simulate.LossParams{Tau: 1, Alpha: alpha, Beta: beta},
		Model:       simulate.ModelConfig{Kind: simulate.ModelLogits},
		Opt:         simulate.OptimizerConfig{Name: "sgd", LR: FreeLogitLR, Schedule: "constant"},
		Steps:       FreeLogitSteps,
		RecordEvery: 1,
		Seed:        seed,
		EvalBatches: FreeLogitEvalBatches,
		AverageFrom: FreeLogitAverageFrom,
	}
}

// FreeLogitRuns are replicates of one free-logit training configuration.
type FreeLogitRuns struct {
	Config  simulate.Config
	Results []*simulate.Result
	// ThetaBar[r] is the Polyak mean of θ over the steps after Config.AverageFrom, from
	// the per-step records of replicate r (θ before each step's update).
	ThetaBar []*mat.SymDense
}

// TrainFreeLogits trains cfg for the given number of replicates (simulate.Replicates,
// results independent of the number of workers) and averages the recorded θ. cfg must
// record every step (RecordEvery = 1) and average (AverageFrom > 0).
func TrainFreeLogits(cfg simulate.Config, replicates int) (*FreeLogitRuns, error) {
	if cfg.Model.Kind != simulate.ModelLogits || cfg.RecordEvery != 1 || cfg.AverageFrom < 1 {
		return nil, fmt.Errorf("proofs: free-logit runs need Model.Kind %q, RecordEvery = 1 and AverageFrom ≥ 1 (got %q, %d, %d)",
			simulate.ModelLogits, cfg.Model.Kind, cfg.RecordEvery, cfg.AverageFrom)
	}
	if replicates < 2 {
		return nil, fmt.Errorf("proofs: %d replicates: need ≥ 2 to estimate a standard error", replicates)
	}
	res, err := simulate.Replicates(context.Background(), cfg, replicates, 0, nil)
	if err != nil {
		return nil, err
	}
	runs := &FreeLogitRuns{Config: cfg, Results: res}
	m := cfg.Space.Len()
	for _, r := range res {
		bar := mat.NewSymDense(m, nil)
		cnt := 0
		for _, rec := range r.Records {
			if rec.Step <= cfg.AverageFrom || rec.Logits == nil {
				continue
			}
			bar.AddSym(bar, rec.Logits)
			cnt++
		}
		if cnt == 0 {
			return nil, fmt.Errorf("proofs: no records after step %d to average", cfg.AverageFrom)
		}
		bar.ScaleSym(1/float64(cnt), bar)
		runs.ThetaBar = append(runs.ThetaBar, bar)
	}
	return runs, nil
}

// freeLogitReplicates is the number of replicates of each free-logit configuration.
func (c RunConfig) freeLogitReplicates() int {
	if c.Quick {
		return 8
	}
	return 16
}

// sharedFreeLogits returns the shared replicates of the ledger's free-logit configuration,
// after checking against the exact fixed point that averaging starts after the
// transient (see FreeLogitAverageFrom).
func sharedFreeLogits(rc RunConfig, lossName string, alpha, beta float64) (*FreeLogitRuns, error) {
	reps := rc.freeLogitReplicates()
	key := fmt.Sprintf("freelogits/%s/α=%g/β=%g/reps=%d/seed=%d", lossName, alpha, beta, reps, rc.Seed)
	return sharedDo(rc.shared(), key, func() (*FreeLogitRuns, error) {
		fp, err := sharedFixedPoint(rc, lossName, alpha, beta)
		if err != nil {
			return nil, err
		}
		cfg := FreeLogitConfig(lossName, alpha, beta, DeriveSeed(rc.Seed, key))
		if need := 10 / (cfg.Opt.LR * fp.Relaxation); !(float64(cfg.AverageFrom) >= need) {
			return nil, fmt.Errorf("proofs: averaging from step %d starts before 10 relaxation times 1/(ηλ_min) = %.0f steps (λ_min = %.3g)", cfg.AverageFrom, need, fp.Relaxation)
		}
		return TrainFreeLogits(cfg, reps)
	})
}

// sharedFixedPoint returns the shared exact free-logit fixed point on the toy at N = 1000.
func sharedFixedPoint(rc RunConfig, lossName string, alpha, beta float64) (*FreeLogitFixedPoint, error) {
	key := fmt.Sprintf("fixedpoint/%s/α=%g/β=%g", lossName, alpha, beta)
	return sharedDo(rc.shared(), key, func() (*FreeLogitFixedPoint, error) {
		return ExactFreeLogitFixedPoint(feature.Toy(), feature.ToyBatchSize, lossName, alpha, beta)
	})
}

// replicateMatrix returns, entry by entry, the mean over replicates of f(r) and its
// standard error.
func replicateMatrix(n int, f func(r int) mat.Matrix) (mean, se *mat.Dense) {
	first := f(0)
	rows, cols := first.Dims()
	mean, se = mat.NewDense(rows, cols, nil), mat.NewDense(rows, cols, nil)
	xs := make([]float64, n)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			for r := 0; r < n; r++ {
				xs[r] = f(r).At(i, j)
			}
			mu, s := meanSE(xs)
			mean.Set(i, j, mu)
			se.Set(i, j, s)
		}
	}
	return mean, se
}

// ReachesWithin returns the claim check "the mean positive-pair probability of the runs
// is within tolRel of target": Err = max_ij |P̄_ij − target_ij|/target_ij.
func (r *FreeLogitRuns) ReachesWithin(target mat.Matrix, targetName string, tolRel float64, origin string) Check {
	mean, _ := replicateMatrix(len(r.Results), func(k int) mat.Matrix { return r.Results[k].PairProb })
	c := relGapCheck(RouteTraining, mean, target, "max_ij |P̄_ij − "+targetName+"_ij|/"+targetName+"_ij", tolRel, origin)
	var single []float64
	for _, res := range r.Results {
		single = append(single, feature.MaxRelGap(res.PairProb, target))
	}
	lo, hi := minMax(single)
	c.Note = fmt.Sprintf("P̄ = mean of %d runs of %d steps (SGD lr %g, Polyak mean after step %d, %d evaluation batches); single runs: max gap %.3g %% to %.3g %%",
		len(r.Results), r.Config.Steps, r.Config.Opt.LR, r.Config.AverageFrom, r.Config.EvalBatches, 100*lo, 100*hi)
	return c
}

// AgreesWith returns the check "the mean positive-pair probability of the runs equals
// pred within k standard errors": Err = max_ij |P̄_ij − pred_ij|/SE_ij, Tol = k from the
// Student t with R − 1 degrees of freedom at FamilyAlpha over the m² entries.
func (r *FreeLogitRuns) AgreesWith(pred mat.Matrix, predName string) Check {
	mean, se := replicateMatrix(len(r.Results), func(k int) mat.Matrix { return r.Results[k].PairProb })
	return zCheck(RouteTraining, mean, se, pred, "max_ij |P̄_ij − "+predName+"_ij|/SE_ij", len(r.Results))
}

// LogitDifferences returns the C14 check: the Polyak-averaged logits minus ref
// (log ρ), centred in the gauge mean(packed) = 0, are 0 within k standard errors over the
// m(m+1)/2 distinct entries (Student t, R − 1 degrees of freedom, FamilyAlpha); that is,
// θ̄_ij − θ̄_kl = ref_ij − ref_kl for all pairs of pairs. It also returns the largest
// standard error of an entry, the resolution of the check.
func (r *FreeLogitRuns) LogitDifferences(ref mat.Symmetric, refName string) (Check, float64) {
	nrep := len(r.Results)
	refP := packSym(ref)
	centre(refP)
	k := len(refP)
	d := make([][]float64, k)
	for _, bar := range r.ThetaBar {
		x := packSym(bar)
		centre(x)
		for e := range x {
			d[e] = append(d[e], x[e]-refP[e])
		}
	}
	kz := studentK(FamilyAlpha, k, nrep)
	m := ref.SymmetricDim()
	worst, wz, maxSE := 0, math.Inf(-1), 0.0
	var wmean float64
	for e := range d {
		mu, se := meanSE(d[e])
		maxSE = math.Max(maxSE, se)
		z := math.Abs(mu) / se
		if math.IsNaN(z) {
			z = math.Inf(1)
		}
		if z > wz {
			worst, wz, wmean = e, z, mu
		}
	}
	i, j := packedIndex(m, worst)
	return Check{
		Route:     RouteTraining,
		Quantity:  "max over pairs of |mean(θ̄_ij − c) − (" + refName + "_ij − c')|/SE (centred logits)",
		Entry:     at(i, j),
		Predicted: 0,
		Measured:  wmean,
		Err:       wz,
		Tol:       kz,
		Unit:      "SE",
		Origin:    fmt.Sprintf("Student t, %d replicates, Bonferroni α = %g over %d distinct logits", nrep, FamilyAlpha, k),
	}, maxSE
}

// packedIndex returns (i, j), i ≤ j, of position e of the packed upper triangle.
func packedIndex(m, e int) (int, int) {
	for i := 0; i < m; i++ {
		if e < m-i {
			return i, i + e
		}
		e -= m - i
	}
	return -1, -1
}

// DriftRate returns, per replicate, the least-squares slope per step of the mean packed
// logit over the recorded steps [from, Steps).
func (r *FreeLogitRuns) DriftRate(from int) []float64 {
	var out []float64
	for _, res := range r.Results {
		var st, sy, stt, sty, n float64
		for _, rec := range res.Records {
			if rec.Step < from || rec.Logits == nil {
				continue
			}
			t, y := float64(rec.Step), mean(packSym(rec.Logits))
			st, sy, stt, sty, n = st+t, sy+y, stt+t*t, sty+t*y, n+1
		}
		out = append(out, (n*sty-st*sy)/(n*stt-st*st))
	}
	return out
}

// WeightedRowSums returns the mean over replicates of (N−1)Σ_j q_j P_ij and its standard
// error, per row i.
func (r *FreeLogitRuns) WeightedRowSums() (mean, se []float64) {
	s := r.Config.Space
	k := float64(r.Config.N - 1)
	m := s.Len()
	rows := make([][]float64, m)
	for _, res := range r.Results {
		for i, v := range s.WeightedRowSums(res.PairProb) {
			rows[i] = append(rows[i], k*v)
		}
	}
	for i := range rows {
		mu, e := meanSE(rows[i])
		mean, se = append(mean, mu), append(se, e)
	}
	return mean, se
}

// relGapCheck compares got with want entrywise by relative gap.
func relGapCheck(route Route, got, want mat.Matrix, quantity string, tol float64, origin string) Check {
	r, c := want.Dims()
	wi, wj, worst := 0, 0, math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g := math.Abs(got.At(i, j)-want.At(i, j)) / math.Abs(want.At(i, j))
			if math.IsNaN(g) {
				g = math.Inf(1)
			}
			if g > worst {
				wi, wj, worst = i, j, g
			}
		}
	}
	return Check{Route: route, Quantity: quantity, Entry: at(wi, wj), Predicted: want.At(wi, wj), Measured: got.At(wi, wj),
		Err: worst, Tol: tol, Unit: "rel", Origin: origin}
}

// zCheck compares the replicate means with pred in units of their standard errors.
func zCheck(route Route, mean, se, pred mat.Matrix, quantity string, replicates int) Check {
	r, c := pred.Dims()
	k := studentK(FamilyAlpha, r*c, replicates)
	wi, wj, worst := zWorst(mean, se, pred, nil)
	return Check{Route: route, Quantity: quantity, Entry: at(wi, wj), Predicted: pred.At(wi, wj), Measured: mean.At(wi, wj),
		Err: worst, Tol: k, Unit: "SE",
		Origin: fmt.Sprintf("Student t, %d replicates, Bonferroni α = %g over %d entries", replicates, FamilyAlpha, r*c)}
}

// zWorst returns the entry (among those keep accepts; nil: all) with the largest
// |mean − pred|/se and that ratio; an entry where mean equals pred counts 0 (also when se
// is 0), a NaN counts +Inf.
func zWorst(mean, se, pred mat.Matrix, keep func(i, j int) bool) (wi, wj int, worst float64) {
	r, c := pred.Dims()
	worst = math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if keep != nil && !keep(i, j) {
				continue
			}
			d := math.Abs(mean.At(i, j) - pred.At(i, j))
			z := d / se.At(i, j)
			switch {
			case d == 0:
				z = 0
			case math.IsNaN(z):
				z = math.Inf(1)
			}
			if z > worst {
				wi, wj, worst = i, j, z
			}
		}
	}
	return wi, wj, worst
}

func minMax(xs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
