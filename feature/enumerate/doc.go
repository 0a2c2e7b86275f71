// Package enumerate computes exact expectations over every batch configuration for tiny
// feature spaces (m ≤ 4 states, N up to a few hundred sources): the ground truth the
// mean-field targets of package feature are compared with (docs/theory.md §4 "Exact at every
// N", claim C17).
//
// # Model
//
// One anchor of a batch of N sources: its state i and its positive's state j are drawn
// jointly from c1 (the two views of one source), its N−1 negatives are views of the
// other, independent sources, so their states are i.i.d. with law q. Only their counts
// n = (n_0, …, n_{m−1}) matter, a composition of N−1 into m parts with multinomial weight
// w(n) = Mult(n; N−1, q), computed in log space with lgamma (Negatives). For free
// state-pair logits s (s_ij: logit of a candidate in state j for an anchor in state i)
// the exact expected InfoNCE loss of one anchor is
//
//	E[ℓ] = Σ_ij c1_ij Σ_n w(n) [ −s_ij + log D_ij(n) ],   D_ij(n) = e^{s_ij} + Σ_l n_l e^{s_il},
//
// a sum of C(N+m−2, m−1) terms per pair (131 328 for m = 3, N = 512). Its gradient,
// the exactly averaged positive-pair probability E[P_ij] = Σ_n w(n) e^{s_ij}/D_ij(n), and
// the exact expected update fields of scinfonce (paper form) and scinfonce-decoupled
// (docs/theory.md §3) are sums of the same kind (Exact).
//
// # What is exact at every N
//
// The optimal critic is the log density ratio at every N ≥ 2: given the anchor state i
// and the multiset of the N candidate states (positive among them), candidate c is the
// positive with posterior probability ρ_{i,c}/Σ_{c'} ρ_{i,c'} (its likelihood
// c1_{i,c}/q_i · Π_{c'≠c} q_{c'} is proportional to ρ_{i,c}). InfoNCE is the expected
// cross-entropy of the positive's index, minimised pointwise when the softmax equals that
// posterior, which s = log ρ + (row constants) achieves exactly. So the exact gradient
// vanishes there (to the rounding bound of GradientRoundingBound) and the convex exact
// loss is minimised there (MinimiseExactInfoNCE).
//
// What is only asymptotic is T1 as a probability. At s = log ρ,
// E[P_ij] = E[ρ_ij/(ρ_ij + X_i)], X_i = Σ_l n_l ρ_il a sum of N−1 i.i.d. terms of mean 1
// (Σ_l q_l ρ_il = 1) and variance v_i = Σ_l q_l ρ_il² − 1 (RowChiSquare), while
// T1 = ρ/(ρ + N − 1) puts X_i at its mean. By Jensen E[P] > T1, and the delta method gives
// the relative gap (E[P_ij] − T1_ij)/T1_ij = (N−1)v_i/(ρ_ij + N−1)² + O(N⁻²) (LeadingGap),
// so N·gap → max_i v_i (GapLimit; 0.0221 on the toy). GapTable tabulates the largest
// relative gap over pairs, the definition that reproduces docs/theory.md's toy numbers (6.0e-3
// at N = 2, 1.3e-3 at N = 16, 1.7e-4 at N = 128).
//
// The SC targets are mean-field too: at s = log T2 on α − β = 1, the exact expected SC
// field is O(1/N) relative to c1, with N·F_ik/c1_ik → (τ_ik/ρ_ik)(α(α−1)v_i − τ_ik),
// τ = αρ − β (SCResidualLimit; −ρ_ik for α = 1, β = 0).
//
// # Numerics
//
// Weights are exp(log Mult − max) normalised to sum 1; compositions whose weight
// underflows are dropped (Negatives.Dropped). Logits are shifted by their row maximum.
// Sums over compositions are compensated (Neumaier), so the rounding error does not grow
// with the number of compositions; GradientRoundingBound states the resulting bound. An
// enumeration is limited to MaxCounts = compositions × m.
//
// # Failure policy
//
// New, NewNegatives and MinimiseExactInfoNCE return an error naming the value for a bad
// size, law or option (CheckSize). The functions with the fixed signatures of the brief
// (ExactInfoNCE, ExactPositiveProb, ExactSCField, ExactDecoupledSCField, GapTable,
// RelativeGap) panic where CheckSize or feature.CheckSCParams would return an error, and
// every function panics on a shape mismatch. Inputs are never modified; results are fresh
// unless written to a caller's dst.
package enumerate
