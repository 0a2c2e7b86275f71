package main

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
	smnist "github.com/infonce-lab/infonce-lab/simulate/mnist"
)

// strengths are study a's augmentation settings (rotation range in degrees, noise σ);
// scale and shift stay at the flags' values.
var strengths = []struct{ rot, noise float64 }{{0, 0}, {10, 0.05}, {20, 0.1}, {30, 0.2}, {45, 0.3}}

// studyA: augmentation strength → measured TPM → predicted (level-2 optimum) against
// learned (trained MLP) clustering.
func (nb *notebook) studyA(ctx context.Context) error {
	o := nb.o
	nb.printf("## (a) Augmentation strength → TPM → clustering\n\n")
	nb.printf("m = %d states (%d per digit), N = %d, %d training steps per setting; ± is the bootstrap SE of the TPM estimate.\n\n", 10*o.sweepPerClas, o.sweepPerClas, o.sweepBatch, o.sweepSteps)
	nb.printf("| rotation | noise | diag mass | same-class mass | I(V1;V2) nats | nnz/row | model | 1-NN | probe | within cos | between cos |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	var pixels *clustering
	for _, s := range strengths {
		aug := o.aug
		aug.Rotation, aug.Noise = s.rot, s.noise
		w, err := nb.build(o.sweepPerClas, aug)
		if err != nil {
			return err
		}
		if pixels == nil {
			c, err := cluster(w.st.Pixels, w.st.Digit)
			if err != nil {
				return err
			}
			pixels = &c
			nb.rec.strengthPixels = c
		}
		ts, err := nb.tpmStats(w)
		if err != nil {
			return err
		}
		opt, _, err := nb.level2(w, o.sweepBatch)
		if err != nil {
			return err
		}
		pred, err := cluster(opt.Embeddings, w.st.Digit)
		if err != nil {
			return err
		}
		tr, err := nb.train(ctx, w, simulate.LossParams{Tau: o.tau}, loss.InfoNCE, o.sweepBatch, o.sweepSteps, 1, fmt.Sprintf("a rot %g noise %g", s.rot, s.noise), nil)
		if err != nil {
			return err
		}
		learned, err := cluster(tr.Embed(), w.st.Digit)
		if err != nil {
			return err
		}
		nb.rec.strength = append(nb.rec.strength, strengthRow{rot: s.rot, noise: s.noise, ts: ts, predicted: pred, learned: learned})
		head := fmt.Sprintf("| %g | %g | %.4f ± %.4f | %.4f ± %.4f | %.3f ± %.3f | %.1f", s.rot, s.noise, ts.diag, ts.diagSE, ts.same, ts.sameSE, ts.mi, ts.miSE, w.est.NonZeros())
		nb.printf("%s | level-2 optimum | %s |\n", head, pred.cells())
		nb.printf("| | | | | | | MLP | %s |\n", learned.cells())
		if ts.failed > 0 {
			nb.printf("| | | (%d bootstrap replicates left a state unreached and were dropped) | | | | | | | | |\n", ts.failed)
		}
	}
	nb.printf("| | | | | | | raw pixels | %s |\n\n", pixels.cells())
	return nil
}

// scGrid is study b's (α, β) grid.
var scGrid = []struct{ alpha, beta float64 }{{1, 0}, {2, 1}, {1.5, 0}, {3, 1}, {1, 0.5}, {0.5, -1.5}}

// studyB: SC-InfoNCE over (α, β): R1 (attainability, drift direction) and R2
// (collapse) predicted from this space's ρ, against the trained MLP.
func (nb *notebook) studyB(ctx context.Context) error {
	o := nb.o
	w, err := nb.build(o.sweepPerClas, o.aug)
	if err != nil {
		return err
	}
	lo, hi := w.sp.RhoRange()
	nb.printf("## (b) SC-InfoNCE over (α, β): R1 and R2 predictions against the MLP\n\n")
	nb.printf("m = %d, N = %d, %d steps; ρ ranges over [%.3g, %.3g] (ρ = 0 on the pairs no two views of one source ever joined). Predictions: R1 drift direction sign(α − β − 1) (0: attainable), R2 collapse iff αρ_ij ≥ 1 + β for every pair. Measured: the mean cosine between distinct states before and after training, its change (drift), and class clustering.\n\n", w.st.Len(), o.sweepBatch, o.sweepSteps, lo, hi)
	nb.printf("| α | β | predicted drift | predicted collapse | negative-target pairs | mean cos start | mean cos end | measured drift | 1-NN | probe |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, g := range scGrid {
		var start float64
		tr, err := nb.train(ctx, w, simulate.LossParams{Tau: o.tau, Alpha: g.alpha, Beta: g.beta}, loss.SCInfoNCE, o.sweepBatch, o.sweepSteps, 1,
			fmt.Sprintf("b α %g β %g", g.alpha, g.beta), func(step int, tr *smnist.Trainer) error {
				if step == 0 {
					start = smnist.MeanCosine(tr.Embed())
				}
				return nil
			})
		if err != nil {
			return err
		}
		z := tr.Embed()
		end := smnist.MeanCosine(z)
		c, err := cluster(z, w.st.Digit)
		if err != nil {
			return err
		}
		nb.rec.sc = append(nb.rec.sc, scRow{alpha: g.alpha, beta: g.beta, collapse: w.sp.Collapses(g.alpha, g.beta), start: start, end: end, nn1: c.nn1, probe: c.probe})
		nb.printf("| %g | %g | %+d | %v | %d | %.3f | %.3f | %+.3f | %.3f | %.3f |\n", g.alpha, g.beta, feature.Drift(g.alpha, g.beta), w.sp.Collapses(g.alpha, g.beta),
			negativeTargetPairs(w.sup, g.alpha, g.beta), start, end, end-start, c.nn1, c.probe)
	}
	nb.printf("\n")
	return nil
}

// studyC: the encoder's P against T1 and against the level-2 optimum during training.
func (nb *notebook) studyC(ctx context.Context) error {
	o := nb.o
	w, err := nb.build(o.perClass, o.aug)
	if err != nil {
		return err
	}
	m := w.st.Len()
	nb.printf("## (c) P against T1 and the level-2 optimum during training\n\n")
	ts, err := nb.tpmStats(w)
	if err != nil {
		return err
	}
	nb.printf("m = %d states, N = %d, %d steps. TPM from R = %d views per state (%.1fs): diagonal mass %.4f ± %.4f, same-class mass %.4f ± %.4f, I(V1;V2) = %.3f ± %.3f nats, %.1f non-zeros per row.\n\n",
		m, o.batch, o.steps, o.views, w.dur.Seconds(), ts.diag, ts.diagSE, ts.same, ts.sameSE, ts.mi, ts.miSE, w.est.NonZeros())
	nb.rec.classM = m
	nb.rec.views = viewsPicture(w, o.seed)
	if nb.rec.classTPM, err = classTPM(w); err != nil {
		// A digit whose states were all dropped as unreached has no row.
		nb.printf("No class-level TPM: %v.\n\n", err)
	}
	nb.pairErrors(w, o.batch)
	opt, dur, err := nb.level2(w, o.batch)
	if err != nil {
		return err
	}
	optGap := smnist.SupportTargetGap(w.sup, opt.SupportProb, o.batch)
	nb.rec.optGap, nb.rec.optCor = optGap.Median, optGap.LogCorr
	nb.printf("Level-2 optimum (d = 64, %d restart(s)): %.1fs, %d iterations; its own gap to T1 over the %d pairs with c1 > 0: median %.4f, p90 %.4f, corr(log P, log ρ) = %.3f.\n\n",
		opt.Restarts, dur.Seconds(), opt.Iterations, optGap.Pairs, optGap.Median, optGap.P90, optGap.LogCorr)
	nb.printf("| step | population loss | median \\|P/T1 − 1\\| | p90 | corr(log P, log ρ) | median \\|P/P_opt − 1\\| | p90 | 1-NN | probe |\n|---|---|---|---|---|---|---|---|---|\n")
	var last mat.Matrix
	_, err = nb.train(ctx, w, simulate.LossParams{Tau: o.tau}, loss.InfoNCE, o.batch, o.steps, o.checkpoints, "c", func(step int, tr *smnist.Trainer) error {
		z := tr.Embed()
		p, loss := smnist.SupportProb(w.sup, z, o.tau, o.batch)
		g := smnist.SupportTargetGap(w.sup, p, o.batch)
		om, o90 := smnist.SupportRelGap(p, opt.SupportProb)
		c, err := cluster(z, w.st.Digit)
		if err != nil {
			return err
		}
		nb.rec.traj = append(nb.rec.traj, trajRow{step: step, t1Median: g.Median, corr: g.LogCorr, optMd: om, nn1: c.nn1, probe: c.probe})
		nb.printf("| %d | %.4f | %.4f | %.4f | %.3f | %.4f | %.4f | %.3f | %.3f |\n", step, loss, g.Median, g.P90, g.LogCorr, om, o90, c.nn1, c.probe)
		last = z
		return nil
	})
	if err != nil {
		return err
	}
	// Estimation error of the final gap: P (through D_i) and T1 both depend on Â;
	// recompute both on bootstrap replicates with the embeddings held fixed.
	labels := w.st.Labels()
	res, err := w.est.Bootstrap(o.boot, o.seed+2, func(b *smnist.Estimate) ([]float64, error) {
		sp, err := spaceOf(b, labels)
		if err != nil {
			return nil, err
		}
		sup := sp.Support()
		p, _ := smnist.SupportProb(sup, last, o.tau, o.batch)
		g := smnist.SupportTargetGap(sup, p, o.batch)
		return []float64{g.Median, g.P90, g.LogCorr}, nil
	})
	if err != nil {
		nb.printf("\nBootstrap of the final row's T1 numbers: every replicate left a state unreached (%v); no standard error.\n\n", err)
	} else {
		nb.printf("\nBootstrap SE of the final row's T1 numbers (%d replicates, %d dropped): median ± %.4f, p90 ± %.4f, corr ± %.3f.\n\n", res.Replicates, res.Failed, res.StdErr[0], res.StdErr[1], res.StdErr[2])
	}
	pred, err := cluster(opt.Embeddings, w.st.Digit)
	if err != nil {
		return err
	}
	pix, err := cluster(w.st.Pixels, w.st.Digit)
	if err != nil {
		return err
	}
	learned, err := cluster(last, w.st.Digit)
	if err != nil {
		return err
	}
	nb.rec.optC, nb.rec.pixC = pred, pix
	nb.printf("| model | 1-NN | probe | within cos | between cos |\n|---|---|---|---|---|\n")
	nb.printf("| MLP (final) | %s |\n| level-2 optimum | %s |\n| raw pixels | %s |\n\n", learned.cells(), pred.cells(), pix.cells())
	return nil
}

// pairErrors reports the bootstrap relative standard errors of ρ_ij and T1_ij over the
// pairs with c1_ij > 0: how precisely R views per state pin the targets down.
func (nb *notebook) pairErrors(w *world, n int) {
	sup := w.sup
	np := sup.NNZ()
	k := float64(n - 1)
	// values returns ρ and T1 of sp on the support of w's c1, formed as Space's
	// DensityRatio and InfoNCETarget form them (from the upper-triangle entry).
	values := func(sp space) []float64 {
		c1, q := sp.PositiveJoint(), sp.ViewMarginal()
		out := make([]float64, 2*np)
		for i := 0; i < sup.Len(); i++ {
			cols, _, off := sup.Row(i)
			for p, j := range cols {
				a, b := min(i, int(j)), max(i, int(j))
				c := c1.At(a, b)
				out[off+p], out[np+off+p] = c/(q[a]*q[b]), c/(c+k*q[a]*q[b])
			}
		}
		return out
	}
	labels := w.st.Labels()
	res, err := w.est.Bootstrap(nb.o.boot, nb.o.seed+3, func(b *smnist.Estimate) ([]float64, error) {
		sp, err := spaceOf(b, labels)
		if err != nil {
			return nil, err
		}
		return values(sp), nil
	})
	if err != nil {
		nb.printf("Per-pair bootstrap of ρ and T1: every replicate left a state unreached (%v).\n\n", err)
		return
	}
	base := values(w.sp)
	rel := make([]float64, len(base))
	for k, v := range base {
		rel[k] = res.StdErr[k] / v
	}
	nb.printf("Estimation error per pair (bootstrap, %d replicates, %d dropped), relative SE over the %d pairs with c1 > 0: ρ median %.3f, p90 %.3f; T1 median %.3f, p90 %.3f.\n\n",
		res.Replicates, res.Failed, np, smnist.Quantile(rel[:np], 0.5), smnist.Quantile(rel[:np], 0.9), smnist.Quantile(rel[np:], 0.5), smnist.Quantile(rel[np:], 0.9))
}
