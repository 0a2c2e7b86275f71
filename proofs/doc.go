// Package proofs is the executable claim ledger of docs/theory.md §8: every claim
// checked on each route the claim allows, with the numbers and the origin of every
// tolerance. The tests of this package (one per claim id, TestC17_…) and the claims
// notebook (go run ./notebooks/claims) run the same entries.
//
// # The ledger
//
// Registry returns one Entry per claim (ID, Statement, Routes, Run), the concatenation
// of the groups of claims in claimGroups: one file each, claims_NAME.go, following the
// headings of docs/theory.md §8, whose []Entry keeps each entry beside its run
// function; a new group is its file and one line in claimGroups. Run(RunConfig)
// returns an Outcome: a list of Checks, each on one Route — closed form (golden numbers
// of docs/theory.md §7, bounds at given N), property (gopter over generated TPMs), enumeration
// (exact expectations over batches, feature/enumerate), Monte Carlo (sampled estimates
// within k standard errors or exact binomial tails), training (simulate.Train), optimum
// (feature/optimum) and finite differences — with the predicted and measured value (at
// the worst entry), the error, the tolerance and where it comes from. A check passes when
// Err ≤ Tol (Err ≥ Tol for a claim that a target is missed). Where the paper's statement
// fails or holds only approximately, Outcome.Corrected states what holds, with numbers.
// Evaluate runs an entry and turns a panic into a failure. RunConfig.Seed seeds every
// random route (DeriveSeed, PropertySeed), so a run is reproducible whatever the
// scheduling; RunConfig.Shared (Shared) lets claims share trained runs and optima (C13
// and C14 use the same runs; C23 and C24 the same exact fixed points); Quick shrinks the
// sizes and skips encoder training, but keeps every closed-form check: among them C27's
// probe of the collapse rule 1 % either side of the R2 boundary, so a quick run still
// notices a threshold shifted by more than 1 %.
//
// # Statistical tolerances
//
// A statistical check may fail by chance with probability ≤ FamilyAlpha = 1e-3, shared
// among the entries it compares by Bonferroni's inequality: Monte Carlo estimates use
// k = Φ⁻¹(1 − α/2K) standard errors at the true values, or exact binomial tails where
// counts are small (C9); training replicates use the Student t quantile with R − 1
// degrees of freedom, the standard error estimated from R independent runs. Training
// checks compare with the exact fixed point of sampled-batch SGD, computed by
// enumeration (ExactFreeLogitFixedPoint: log ρ + const for InfoNCE, the quasi-stationary
// logits for SC), or with the level-2 optimum (feature/optimum) at the exact batch
// average. The one systematic allowance added to k·SE is derived: the mean-field/exact
// optimum offset ≤ (ρmax − ρmin)/(N−1) (C14's mean value bound, CheckC14MeanFieldOffset),
// for trained per-state embeddings against the level-2 optimum (C29). No allowance covers
// the MLP's within-class spread S = max_i (1 − ‖μ_i‖²). With a view's unit feature
// z = μ_i + ε, E ε = 0, E‖ε‖² = 1 − ‖μ_i‖², ‖ε‖ ≤ 2: the positive's and the negatives'
// jitter multiply each E[e^{z_a·z_b/τ}] by E e^X ∈ [1, 1 + e^{2/τ}S/(2τ²)] (X = z_a·ε_b/τ,
// E X = 0, |X| ≤ 2/τ, e^x ≤ 1 + x + ½x²e^{|x|}), so P moves by ≤ e^{2/τ}S/(2τ²) relative;
// the anchor's jitter, by the mean value theorem on log P (gradient (μ_j − μ̄_w)/τ,
// ‖·‖ ≤ 2/τ; Hessian −Cov_w(μ)/τ², norm ≤ 1/τ²), by ≤ e^{4/τ}(2S + S/2)/τ². On the toy
// (τ = 1, S ≤ 0.0018) that is 0.7 % + 25 %, against a measured effect of 0.07 %:
// useless as a tolerance (the old "2·spread" had no such derivation). So C29 checks level 3 on the
// class-mean geometry — P at the cosines of the MLP's class means against the level-2
// optimum, within k·SE + the offset above — and measures and reports the spread's
// effect (P̄ against P at the class means) instead of allowing for it. C27 judges trained
// geometry by k·SE alone (replicate means of cosines, spreads and cosine changes, 6 runs).
// The claims' own tolerances (C13, C23: 0.5 %) are checked as stated, next to the
// noise-level checks.
//
// # Quoted numbers
//
// Every number README.md quotes as a finding (C13, C17, C23, C24, C27, C29) is pinned by
// a check whose tolerance is half a unit of its last printed digit (quoted.go); a test
// reads README.md to see that each is still printed. Deterministic numbers (closed forms,
// enumeration, optima) are pinned on every run; training numbers are those of the seeded
// full run (DefaultSeed), which reproduces them exactly, and are skipped on other seeds
// and in quick runs, where the k·SE checks alone judge the runs.
//
// # Training as the ledger runs it
//
// Free logits (level 1): the toy, N = 1000, SGD at rate 0.5 for 2500 steps, Polyak
// averaging after step 500 ≥ 10 relaxation times 1/(ηλ_min) (FreeLogitFixedPoint
// .Relaxation), 16 replicates (8 when Quick). Encoders: per-state unit embeddings
// (level 2, SGD at rate 2 with Polyak averaging) and the reference MLP on noisy
// features (level 3, Adam with cosine decay; constant-rate Adam for C27), EncoderConfig.
//
// # Checkers
//
// A checker is an exported function CheckCnn…(s *feature.Space, …) error. It returns nil
// when the claim holds on that input within float64 rounding, and otherwise a *Violation
// naming the claim, the quantity, the offending entry and the numbers. Checkers recompute
// the quantity the claim is about independently of package feature (pair statistics by
// explicit triple loops over π and A, never through feature's SYRK path) and compare.
// Each exported checker delegates to an unexported inner check that takes the value under
// test as an argument, so the tests can feed a deliberately wrong value (a perturbed
// matrix, a wrong target) and assert that the checker fails ("tests of the tests"); the
// route checks of the ledger have such tests too, one per route type at least
// (routes_test.go).
//
// # Tolerances
//
// Every tolerance of a checker is a float64 rounding bound, never a fudge factor (those of
// the ledger's statistical and quoted checks are above). With the unit
// roundoff u = 2⁻⁵³ (|fl(x∘y) − x∘y| ≤ u|x∘y|), a sum of m non-negative terms each carrying
// at most 5 roundings is accurate to (m+4)u relative (Higham, Accuracy and Stability of
// Numerical Algorithms, §3.1, γ_n). Every pair statistic compared here (q, c1, c2, ρ, T1)
// is a product or ratio of at most three such sums plus at most four further operations,
// so each side is accurate to 3(m+4)u + 4u ≤ 4(m+5)u relative, and two independently
// computed sides agree to
//
//	relTol(m) = 8(m+5)u           (≈ 1.2e-14 for m = 8).
//
// Quantities with cancellation (residuals such as c1(1−T1) − (N−1)c2T1, or T2 = (αρ−β)/(N−1))
// are compared with an absolute tolerance 2·relTol(m)·Σ|terms|: each term is accurate to
// relTol relative, the factor 2 absorbs the final additions. Eigenvalues of a computed
// symmetric matrix C are exact for C + E with ‖E‖₂ ≤ relTol‖C‖_F (entry errors, Weyl) plus
// the eigensolver's backward error, taken as 8m·u·‖C‖₂ ≤ 8m·u·‖C‖_F. Where A's rows or π sum
// to 1 only within a defect d (markov admits d ≤ markov.SumTol), identities that use
// Σ_i A_ki = 1 or Σ_k π_k = 1 widen by a small multiple of d, measured on the input.
//
// Underflow. A relative comparison is |a − b| ≤ tol·max(|a|, |b|) at every magnitude
// (equalRel; gonum's EqualWithinRel turns absolute below 2⁻¹⁰²²). Logs are taken with
// internal/fplog, since math.Log on amd64 is wrong for subnormal arguments
// (golang/go#56600). The bounds above leave out the underflow term of the rounding model
// (fl(x∘y) = (x∘y)(1 + δ) + η, |η| ≤ 2⁻¹⁰⁷⁵): where a pair statistic is itself subnormal
// (c1 or T1 below about 1e-310), a residual can miss its tolerance by a few units of
// 2⁻¹⁰⁷⁴ and the check reports it (no ledger run has met such a space).
//
// # Generators
//
// Spec (m, seed, kind, source) is the small shrinkable structure a space is built from
// (Spec.Build); GenSpec (GenSpecUpTo for at most m states) draws Specs for gopter and
// shrinks them towards fewer states and a uniform source. GenBatchSize (log-uniform on [2, 10⁴]), GenSmallBatchSize ([2, 20]),
// GenAlpha, GenPositiveAlpha, GenAttainableAlpha, GenBeta, GenShift, GenLogScale and
// GenStep, GenLogitScale draw the other arguments from bounded ranges. Ledger returns the
// gopter properties of the analytic claims (one or more per claim id) that combine
// generators and checkers, each owned by its registry entry (withProperties, which runs
// them first); other entries run further properties of their own. A failing
// property reports the shrunk input and the checker's *Violation in the check's Note.
//
// # A note on two mean-field forms (C11 versus C12)
//
// Two mean-field denominators appear. The per-pair form of docs/theory.md §4 conditions on the
// positive being j: P_ij = e^{s_ij}/(e^{s_ij} + (N−1)Σ_l q_l e^{s_il}); e^{s} = Mρ attains T1
// exactly in it (C12). feature.InfoNCEPopulationLoss averages the denominator over the
// positive too, D_i = Σ_l (c1_il/q_i + (N−1)q_l) e^{s_il}; its stationary logits are
// s = log T1 + const (C11), which differ from log ρ + const by log(ρ + N − 1), i.e. by
// O(ρ/N) across a row. Both are checked, each in its own form.
package proofs
