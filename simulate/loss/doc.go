// Package loss implements the contrastive losses of docs/theory.md §3 with hand-written
// gradients: fast, allocation-free after the first call, parallel and bitwise
// deterministic.
//
// # Losses
//
// Embeddings z1, z2 are n×d (row a of both is one source). Rows are normalised,
// û = z / max(‖z‖, 1e-12) (the convention of torch.nn.functional.normalize: a zero row
// has û = 0 and cosines 0), and the logits are S_ab = û1_a·û2_b/τ. Every loss is a
// batch mean over its anchors:
//
//	infonce              ℓ_a = −log softmax_b(S_a·)[a]
//	dcl                  ℓ_a = −S_aa + log Σ_{b≠a} exp S_ab
//	scinfonce            ℓ_a = −log P_aa − sg(P_aa − 1 + α)·S_aa + β/(n−1)·Σ_{b≠a} S_ab,  P_a· = softmax(S_a·)
//	scinfonce-decoupled  the same with p̃_a = exp S_aa / Σ_{b≠a} exp S_ab in both places
//	ntxent               the 2n views W = [z1; z2] against each other, self masked, positive
//	                     of view i is view (i+n) mod 2n: ℓ_i = −S_{i,i±n} + log Σ_{j≠i} exp S_ij,
//	                     mean over 2n anchors
//	dhel                 Koromilas et al. 2024 (default include_augs form):
//	                     ℓ_a = −û1_a·û2_a/τ + log Σ_{b≠a} exp(û1_a·û1_b/τ) + log Σ_{b≠a} exp(û2_a·û2_b/τ)
//	spectral             HaoChen et al. 2021 on f = û/√τ (so f1_a·f2_b = S_ab):
//	                     L = −(2/n) Σ_a S_aa + 1/(n(n−1)) Σ_{a≠b} S_ab²
//
// sg is the stop-gradient: the weight is a constant for differentiation. So for
// scinfonce and scinfonce-decoupled the "gradient" that Eval and EvalLogits write is
// the SC update field of docs/theory.md §3, not the derivative of the returned value:
//
//	scinfonce:            ∂/∂S_aa = −α,          ∂/∂S_ab = P_ab + β/(n−1),  row sum 1 + β − α − P_aa
//	scinfonce-decoupled:  ∂/∂S_aa = −(p̃_a + α),  ∂/∂S_ab = Q_ab + β/(n−1),  row sum 1 + β − α − p̃_a
//	infonce:              ∂/∂S_aa = −(1 − P_aa),  ∂/∂S_ab = P_ab,            row sum 0
//
// (Q the softmax over b ≠ a; all divided by n for the batch mean). For the other losses
// the gradient is the true gradient of the value. Gradients flow through the
// normalisation: ∂L/∂z = (g − (g·û)û)/‖z‖ for g = ∂L/∂û (g/1e-12 for a row shorter than
// 1e-12).
//
// The spectral form is the authors' batch estimate −2E[f(x)ᵀf(x⁺)] + E[(f(x)ᵀf(x⁻))²]
// with negatives off the diagonal, as in their code; their code projects raw outputs
// onto the ball of radius √μ, which coincides with f = û/√τ for μ = 1/τ whenever every
// raw norm is ≥ √μ. It is computed in O(n d²) via Σ_{a,b} S_ab² = tr(Σ û1û1ᵀ · Σ û2û2ᵀ)/τ².
//
// # Logit form and measured probabilities
//
// Every loss but dhel implements LogitLoss: EvalLogits takes the logit matrix itself
// (n×n cross-view, 2n×2n for ntxent) for the free-logit model of docs/theory.md §5 level 1.
// PositiveProb gives the positive-pair probability of docs/theory.md §6 in the softmax or
// the decoupled normalisation; DecoupledNormalisation says which one a loss uses.
//
// # Numerics
//
// Log-sum-exps are shifted. EvalLogits and PositiveProb use the row maximum (over the
// negatives for the decoupled forms). Eval uses the bound 1/τ ≥ max S, which is exact
// for any shift and puts every exponent in [−2/τ, 0], when τ ≥ 2/700, and the row
// maximum below that; both are tested down to τ = 0.002 on parallel and antiparallel
// embeddings. P_aa − 1 is formed as −Z⁻/Z (no cancellation) and the negatives' sum Z⁻
// is summed without the positive, so the decoupled forms stay exact when the positive
// dominates. Σ_{b≠a} S_ab (scinfonce β term) is computed as û1_a·Σ_b û2_b/τ − S_aa.
// Norms are rescaled when ‖z‖² overflows (entries beyond ~1e154); a NaN or infinite
// entry makes the loss NaN.
//
// Exponentials use a fast exp (exp.go: Cody–Waite reduction and a degree-13 Taylor
// polynomial with fused multiply–adds), measured within 1.5 ulp (3.3e-16 relative) of
// math.Exp on [−708, 709]; below −708 it returns 0 (true value < 3.3e-308), above 709
// +Inf. The decoupled p̃ is unbounded and becomes +Inf only if S_aa − max_{b≠a} S_ab > 709.
//
// # Speed, determinism, concurrency
//
// The n×n work runs in fused row-block kernels (4 anchors at a time: similarity row,
// exponentials and row sums, then ∂/∂û1 rows and per-chunk partial ∂/∂û2 columns),
// with AVX-512 or AVX2/FMA assembly on amd64 (kernels_amd64.s, chosen from the CPU at
// start-up; the build tag purego forces the portable Go code, which is also used on
// other architectures). All three perform the same floating-point operations in the
// same order (fused multiply–adds, reductions in eight lanes combined in a fixed
// order) and give identical bits, which the tests check. Rows are cut into a number of chunks that depends only on n (at most 8), run
// by a persistent worker pool (SetWorkers; default GOMAXPROCS), and column partial sums
// are reduced in chunk order, so results are bitwise identical for any number of
// workers. A Loss value owns scratch buffers grown lazily to the largest batch seen:
// after the first call Eval allocates nothing, and a Loss is not safe for concurrent
// use (use one value per goroutine).
//
// # Failure policy
//
// New returns an error for an unknown name (listing the valid ones), τ not finite and
// positive, or α, β not finite. Eval and EvalLogits panic on a shape mismatch or a
// batch of n < 2 sources (programmer errors; callers validate the batch size, e.g.
// with feature.CheckBatchSize). Inputs are never modified.
package loss
