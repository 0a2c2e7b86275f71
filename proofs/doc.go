// Package proofs is the executable claim ledger of the analytic claims of theory.md §8
// (C1–C8, C10–C12, C16, C20–C22, C25, C26, C28): one checker per claim, generators of
// structured feature spaces to run them on, and the gopter properties that tie the two
// together (Ledger). The tests of this package and the claims notebook run the same
// properties.
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
// matrix, a wrong target) and assert that the checker fails ("tests of the tests").
//
// # Tolerances
//
// Every tolerance is a float64 rounding bound, never a fudge factor. With the unit
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
// # Generators
//
// Spec (m, seed, kind, source) is the small shrinkable structure a space is built from
// (Spec.Build); GenSpec draws Specs for gopter and shrinks them towards fewer states and a
// uniform source. GenBatchSize (log-uniform on [2, 10⁴]), GenSmallBatchSize ([2, 20]),
// GenAlpha, GenPositiveAlpha, GenAttainableAlpha, GenBeta, GenShift, GenLogScale and
// GenStep draw the other arguments from bounded ranges. Ledger returns the gopter
// properties (one or more per claim id) that combine generators and checkers; a failing
// property reports the shrunk Spec and the checker's *Violation as its label.
//
// # A note on two mean-field forms (C11 versus C12)
//
// Two mean-field denominators appear. The per-pair form of theory.md §4 conditions on the
// positive being j: P_ij = e^{s_ij}/(e^{s_ij} + (N−1)Σ_l q_l e^{s_il}); e^{s} = Mρ attains T1
// exactly in it (C12). feature.InfoNCEPopulationLoss averages the denominator over the
// positive too, D_i = Σ_l (c1_il/q_i + (N−1)q_l) e^{s_il}; its stationary logits are
// s = log T1 + const (C11), which differ from log ρ + const by log(ρ + N − 1), i.e. by
// O(ρ/N) across a row. Both are checked, each in its own form.
package proofs
