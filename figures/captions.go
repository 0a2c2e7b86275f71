package main

import (
	"fmt"
	"strings"

	"github.com/infonce-lab/infonce-lab/feature"
	"github.com/infonce-lab/infonce-lab/feature/enumerate"
)

// Captions of the figures that depend on the settings: what each figure shows and
// the settings used.

func infonceCaption(set settings) string {
	return fmt.Sprintf("InfoNCE convergence (C13, C29; docs/theory.md §4–§5): the positive-pair probability P by state pair "+
		"(the softmax probability of an anchor's own positive, averaged over the anchors of each (view-1, view-2) state pair "+
		"in the step's batch and over (i, j) and (j, i)), times N, against the training step, for the three model levels: "+
		"free logits (SGD lr %g, constant, %d steps; records are single iterates, the square is the Polyak-averaged model), "+
		"per-state unit embeddings in d = %d (Adam lr %g, 10 warm-up steps then cosine, %d steps) and the MLP of "+
		"simulate.ToyConfig (8→16→16→16 on state vectors + N(0, 0.1²), Adam lr 1e-3, warm-up then cosine, %d steps). "+
		"N = %d, τ = 1, %d seeds (replicate streams 0–%d of seed %d); lines are the mean over seeds, bands the min–max. "+
		"Dotted: T1 × N; dashed: the level-2 optimum (optimum.InfoNCE: the unit-embedding minimiser of the population loss, "+
		"the same for every d ≥ m), which misses T1 by about 4 %% on the toy because its ρ_ii differ. Squares: the trained "+
		"model measured on fresh batches (mean, min–max over seeds). Free logits reach T1; embeddings and the MLP reach "+
		"the level-2 optimum, not T1.",
		logitLR, set.LogitSteps, set.Dim, embeddingLR, set.EmbeddingSteps, set.MLPSteps, set.N, set.Seeds, set.Seeds-1, set.Seed)
}

func scCaption(set settings) string {
	return fmt.Sprintf("SC-InfoNCE on the attainable line (C23; docs/theory.md §4, R1): free-logit training of the paper-form "+
		"SC-InfoNCE loss at (α, β) = (1, 0), (1.5, 0.5) and (0.8, −0.2), all with α − β = 1; the positive-pair probability "+
		"(softmax with the positive included) by state pair, times N, against the step, with T2(α, β) × N dotted. "+
		"SGD lr %g, constant, %d steps, Polyak–Ruppert averaging of the iterates from step %d; N = %d, τ = 1, %d seeds "+
		"(mean line, min–max band). The per-step records are single iterates and jitter by about 1 %% (the binomial noise of "+
		"the batch's positives); the squares are the averaged model measured on 20 fresh batches (mean, min–max over seeds), "+
		"whose largest relative gap to T2 is given in each panel.",
		logitLR, set.SCSteps, set.SCSteps/5, set.N, set.SCSeeds)
}

func offLineCaption(set settings) string {
	return fmt.Sprintf("SC-InfoNCE off the attainable line (C24, C27; docs/theory.md §4, R1 and R2): per-state unit embeddings "+
		"(d = %d, Adam lr %g, constant, %d steps, N = %d, τ = 1, %d seeds) trained at (α, β) = (1, −0.2), where R1 predicts "+
		"an upward drift of every similarity and R2 (min αρ_ij ≥ 1 + β) says full collapse is stationary; at (1, 0) on the "+
		"line, as a control; and at (0.5, 0.2), where every similarity drifts down and the states spread. Lines: the class-mean "+
		"cosine of each pair of states (mean over seeds, min–max band), measured on each step's 2N views; dashed: the "+
		"unit-embedding optimum of the SC potential (optimum.SC): full collapse, the interior optimum, and a spread "+
		"configuration whose mean cosine is the lowest possible, −1/(m−1) (the embeddings sum to zero), respectively. "+
		"The predictions in the boxes are computed by feature.Drift and feature.Space.Collapses.",
		set.Dim, embeddingLR, set.OffLineSteps, set.N, set.OffLineSeeds)
}

func phaseCaption() string {
	return "The (α, β) plane of SC-InfoNCE on the toy (docs/theory.md §4): the attainable line α − β = 1 (R1), above it " +
		"(α − β < 1) every similarity drifts down, below it up; the collapse region R2 (αρ_ij ≥ 1 + β for every pair; for " +
		"α ≥ 0, αρ_min ≥ 1 + β); and the regions where the target T2 is negative for some pairs (β > αρ_ij) or for all. " +
		"Boundaries are computed from the toy's ρ range (feature.Space.RhoRange) and agree with feature.Space.Collapses and " +
		"NegativeTargetPairs (tested). Points: the benchmark settings of the reference code. Most sit off the line, so " +
		"SC-InfoNCE acts there as a clustering-strength knob: CIFAR-10, DD, COLLAB and PROTEINS in the collapse region of " +
		"this toy, CIFAR-100 and NCI1 spreading, ImageNet-100 with negative targets for every pair."
}

func batchCaption(set settings) string {
	// The quoted gaps are computed, not copied: docs/theory.md §4 states them for the toy
	// (captions_test.go checks the text against it).
	toy := feature.Toy()
	g := enumerate.GapTable(toy, []int{2, 16, 128})
	return fmt.Sprintf("Batch size (C10, C17, C21; docs/theory.md §4): the analytic T1 × N and T2(1, 0) × N = Nρ/(N−1) of the pairs "+
		"with the largest and the smallest ρ against N (log axis), both tending to ρ (dotted), with free-logit training at "+
		"N = %s: InfoNCE (circles, aims at T1), paper-form SC-InfoNCE with α = 1, β = 0 (squares) and DCL in the decoupled "+
		"normalisation (triangles), both aiming at T2(1, 0). SGD lr %g, constant, max(%d, %d/N) steps with Polyak averaging "+
		"from the first fifth, measured on max(20, 40000/N) fresh batches; τ = 1, %d seeds (mean, bars min–max). "+
		"Second row, left: each point's relative deviation from the target it aims at. InfoNCE lands on T1 at every N. "+
		"Paper-form SC-InfoNCE at α − β = 1 reaches T2 only up to O(1/N) (R1 holds to O(1/N): with the positive in the "+
		"softmax, the negatives' mean-field probabilities have Σ_j q_j P_ij ≈ (1 − P_pos)/(N−1), not the 1/(N−1) of T2's "+
		"rows), so at small N its points fall short of T2 by "+
		"several per cent, close to T1, and the shortfall shrinks like 1/N; DCL's decoupled probability stays within a "+
		"few per cent of T2. Right column, exact enumeration (feature/enumerate, no sampling): at the optimal critic "+
		"s = log ρ, the exact minimiser of the expected InfoNCE loss at every N, the positive-pair probability averaged "+
		"over every composition of the N − 1 negatives' states (multinomial weights) exceeds T1 (Jensen); top, its "+
		"largest relative gap max_ij |E[P_ij] − T1_ij|/T1_ij at N = %s (rings, log-log), with the delta-method value "+
		"(N−1)χ²_i/(ρ_ij + N−1)² (line), χ²_i = Σ_j q_j ρ_ij² − 1, and the guide max_i χ²_i/N (dashed); bottom, N × gap. "+
		"The gap is %s at N = 2, %s at N = 16 and %s at N = 128, and N × gap → max_i χ²_i = %.4f: T1 is the batch-averaged "+
		"probability only up to O(1/N), while log ρ is the optimal critic at every N.",
		intList(set.BatchSizes), logitLR, set.BatchMinSteps, set.BatchAnchors, set.BatchSeeds,
		intList(set.GapSizes), sci(g[0].Gap), sci(g[1].Gap), sci(g[2].Gap), enumerate.GapLimit(toy))
}

func temperatureCaption(set settings) string {
	return fmt.Sprintf("Temperature (C29; docs/theory.md §5): left, the largest relative gap max_ij |P_ij − T1_ij|/T1_ij between "+
		"T1 and the positive-pair probability of the unit-embedding optimum of the population InfoNCE loss (optimum.InfoNCE, "+
		"N = %d), against τ from %g to %g (%d points, log axis), for d = 2, 3 and 8. For d ≥ m = 3 the gap is the same "+
		"(4.09 %%) at every τ up to τ*, where the optimum's Gram matrix J + τ(G(1) − J) reaches the boundary of the "+
		"positive semi-definite cone (computed from the τ = 1 optimum by bisection on its smallest eigenvalue); beyond it the "+
		"constraint binds and the gap grows. For d = 2 < m the rank constraint binds at every τ. Right: the optimum's "+
		"off-diagonal cosines for d = 8, affine in τ up to τ*, then pinned to the cone's boundary.",
		set.N, set.TauMin, set.TauMax, set.Taus)
}

func clusteringCaption(set settings) string {
	return fmt.Sprintf("Learned clustering (C25, C29): first row, the class-mean cosine matrices of per-state unit embeddings "+
		"(d = %d, Adam lr %g, 10 warm-up steps then cosine, %d steps, N = %d, τ = 1, mean over %d seeds) trained with InfoNCE "+
		"and with SC-InfoNCE on the attainable line at α = 0.5, 1, 2 (β = α − 1), on one colour range. On the line "+
		"(N−1)T2_ij = α(ρ_ij − 1) + 1, so α scales how far the similarities spread with ρ: the clusters sharpen as α grows, "+
		"and SC at α = 1 matches InfoNCE. Second row: learned minus the unit-embedding optimum of the same loss "+
		"(optimum.InfoNCE, optimum.SC), diverging around 0.",
		set.Dim, embeddingLR, set.ClusterSteps, set.N, set.ClusterSeeds)
}

func monteCarloCaption(set settings) string {
	return fmt.Sprintf("Monte Carlo convergence of the pair statistics (C9; simulate/sample): ĉ1, the symmetrised frequency "+
		"of the positive pairs among n independent draws, read from one sample.PairCounter per replicate at %d counts n "+
		"from %d to %d (log axes), %d replicate streams of seed %d (line: median, band: min–max). Left: the largest "+
		"error max_ij |ĉ1_ij − c1_ij|, the mean estimated standard error, and a guide k/√n fitted to the error; right: "+
		"the largest of the nine errors in standard errors, whose median stays near 1.5 at every n (the maximum over the "+
		"replicates reaches about 3), as it should when the standard errors are right.",
		set.MCPoints, set.MCMin, set.MCMax, set.MCReplicates, set.Seed)
}

// intList writes 16, 64, 256.
func intList(v []int) string {
	s := ""
	for k, x := range v {
		if k > 0 {
			s += ", "
		}
		s += fmt.Sprint(x)
	}
	return s
}

// sci writes x in scientific notation with two significant digits and no padding of
// the exponent: 6.0e-3.
func sci(x float64) string {
	s := fmt.Sprintf("%.1e", x)
	s = strings.Replace(s, "e-0", "e-", 1)
	return strings.Replace(strings.Replace(s, "e+0", "e", 1), "e+", "e", 1)
}
