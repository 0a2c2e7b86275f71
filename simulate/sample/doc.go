// Package sample draws from the generative model of docs/theory.md §1 and estimates its
// pair statistics by Monte Carlo (claim C9).
//
// Generative model: a source state k ~ π; two views i, j ~ A[k,·] independently
// (A row-stochastic, A[k][i] = Pr(view i | source k)); a batch is n independent
// sources. Sampler.Batch draws it with Walker alias tables (Alias; Walker 1977, Vose
// 1991), one for π and one per row of A, so a state costs O(1) whatever m is.
//
// Encoder inputs (docs/theory.md §5 level 3): StateVectors holds a fixed base vector per
// state; NoisyTo presents a view in state s as base_s + N(0, σ² I).
//
// Streams: all randomness is an explicit *rand.Rand (math/rand/v2, PCG). Stream(seed,
// rep) = rand.New(rand.NewPCG(seed, Mix(rep))) with Mix the SplitMix64 finaliser, a
// bijection; Replicates runs replicates on a bounded worker pool, each on its own
// stream, and returns them in replicate order, so results are identical for any
// number of workers.
//
// Monte Carlo pair statistics. One draw uses three independent sources: the positive
// pair (a, b) is the two views of the first, whose joint law is c1 = Aᵀ diag(π) A;
// the negative pair (a', b') is view 1 of the second and view 2 of the third, whose
// joint law is c2 = q qᵀ with q = πA. Over n draws with n_ij the number of pairs in
// state (i, j) (ordered),
//
//	q̂_i  = #{draws with a = i} / n,                      se = sqrt(q̂(1−q̂)/n)
//	ĉ_ij = (n_ij + n_ji) / (2n)   (symmetrised),          se = sqrt(v(ĉ_ij)/n)
//	v(c) = c(1−c)  if i = j,      v(c) = c/2 − c²  if i ≠ j.
//
// Symmetrisation: c1 and c2 are symmetric, so counting (i, j) and (j, i) half each
// gives an unbiased estimator, itself symmetric. One draw contributes
// X_ij = (1{(a,b)=(i,j)} + 1{(a,b)=(j,i)})/2. For i = j this is Bernoulli(c_ii). For
// i ≠ j the two events are disjoint, so X_ij = 1/2 with probability c_ij + c_ji = 2c_ij
// and 0 otherwise: E X = c_ij, E X² = c_ij/2, hence Var X = c_ij/2 − c_ij², about half
// the c(1−c) of an unsymmetrised frequency. Draws are independent, so Var ĉ = Var X/n;
// the standard errors plug in the estimate.
//
// The InfoNCE target T1 = c1/(c1 + (N−1)c2) is estimated by plugging in Ĉ1 and Ĉ2,
// with a delta-method standard error; Ĉ1 and Ĉ2 come from disjoint sources, so they
// are independent (PairEstimate.InfoNCETarget).
//
// Sparse spaces (sparsesampler.go): SparseSampler draws positive pairs of a
// feature.SparseSpace from flat per-row alias tables (16 bytes per non-zero of A), each
// draw from one 64-bit word (column ⌊u·s/2⁶⁴⌋, acceptance uniform (u·s mod 2⁶⁴)/2⁶⁴,
// exact up to s/2⁶⁴), in blocks of 256 pairs drawn stage by stage so the cache misses
// of a large TPM overlap. FillPositivePairs gives block b of 2¹⁶ pairs the stream
// Stream(seed, b), so it is identical for any number of workers.
//
// Failure policy (gonum): NewAlias, NewGaussianStateVectors and NewStateVectors return
// an error naming a bad value. Programmer errors panic: a nil space or batch, a
// negative size, a shape mismatch, a state out of range, an invalid σ in NoisyTo
// (check it first with CheckNoise), a batch length not a multiple of 3 in
// PairCounter.Add, N < 2 in InfoNCETarget. Inputs are never mutated.
package sample
