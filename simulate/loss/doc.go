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
// # Loss values
//
// Each loss is an exported type, as gonum's distuv distributions are: InfoNCELoss,
// NTXentLoss, DCLLoss, SCInfoNCELoss, SCInfoNCEDecoupledLoss, DHELLoss and SpectralLoss.
// Its exported fields are its parameters (Tau; Alpha and Beta for the SC losses) and,
// for the parallel ones, Workers: the goroutines that share one Eval (≤ 0, the zero
// value: runtime.GOMAXPROCS(0) at each call). Fields are read at each call, so a
// literal such as &InfoNCELoss{Tau: 0.5} is ready to use, and results are bitwise
// identical for every Workers. Besides Eval, every loss answers what a training run
// needs to know about it (the Loss interface):
//
//	Layout     CrossView (n×n logits, positives on the diagonal) or JointViews (ntxent's
//	           2n×2n logits over all views, self masked, positive of view i at (i+n) mod 2n)
//	Decoupled  the normalisation of its positive-pair probability (docs/theory.md §6):
//	           true for exp S_aa / Σ_{b≠a} exp S_ab (dcl, scinfonce-decoupled, dhel), false
//	           for the softmax with the positive included (infonce, ntxent; scinfonce,
//	           whose negative gradient P_ab + β/(N−1) is taken in the inclusive softmax;
//	           spectral, which has no softmax, follows the reference code's monitor)
//	Target     its mean-field target (docs/theory.md §4): T1(N) for infonce, T1(2N−1)
//	           for ntxent, T2(α, β) for scinfonce, T2(1, 0) for dcl, the decoupled fixed
//	           point for scinfonce-decoupled; dhel and spectral return an error saying
//	           they have none
//
// Every loss but dhel implements LogitLoss: EvalLogits takes the logit matrix itself in
// its layout (side Layout().Side(n)) for the free-logit model of docs/theory.md §5
// level 1; the cross-view losses and ntxent also implement CountLoss, the same loss
// from the state-pair counts of a batch. PositiveProb and PositiveProbJoint (or
// Layout.PositiveProb) give the measured positive-pair probability.
//
// # Registry
//
// New(name, p) builds a loss by name from Params (NewWithWorkers also sets Workers;
// Lookup skips the check of p). The names are the constants InfoNCE, NTXent, …, listed
// by Names in registry order; the registry is the table in registry.go.
//
// # Adding a loss
//
// A new loss is one file and one registry line:
//
//  1. In its own file, a name constant and an exported type whose fields are its
//     parameters (and Workers if it runs in parallel), with the methods of Loss: Name,
//     Eval, Layout, Decoupled and Target (return an error built like noTarget's when
//     docs/theory.md derives no target), and EvalLogits and LogitSize if it is a
//     function of the logits alone. Parallel work goes through internal/chunks (a
//     chunks.Runner field and task functions bound once, so that Eval allocates
//     nothing), with chunk boundaries that depend on the problem size only and partial
//     sums combined in chunk order. A cross-view softmax-type loss can embed cross and
//     give it a rule (rule.go); the kernels of internal/kernels are available to all.
//  2. One line in registry.go's table: {name, constructor from Params and workers}.
//
// Tests that range over Names (the finite-difference, naive-formula, determinism and
// allocation tests) then cover it; its Target and Decoupled need their own test.

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
// Exponentials use the fast exp of internal/kernels (Cody–Waite reduction and a
// degree-13 Taylor polynomial with fused multiply–adds), measured within 1.5 ulp
// (3.3e-16 relative) of math.Exp on [−708, 709]; below −708 it returns 0 (true value
// < 3.3e-308), above 709 +Inf. The decoupled p̃ is unbounded and becomes +Inf only if S_aa − max_{b≠a} S_ab > 709.
//
// # Speed, determinism, concurrency
//
// The n×n work runs in fused row-block kernels (4 anchors at a time: similarity row,
// exponentials and row sums, then ∂/∂û1 rows and per-chunk partial ∂/∂û2 columns) on
// the kernels of internal/kernels (AVX-512 or AVX2/FMA assembly on amd64, chosen from
// the CPU at start-up, identical bits in portable Go, which the tests check). Rows are
// cut into a number of chunks that depends only on n (at most 8), run with
// internal/chunks on up to Workers goroutines that end when the phase does (no pool, no
// process-wide setting), and column partial sums are reduced in chunk order, so results
// are bitwise identical for any number of workers. A Loss value owns scratch buffers
// grown lazily to the largest batch seen: after the first call Eval allocates nothing,
// and a Loss is not safe for concurrent use (use one value per goroutine).
//
// # Failure policy
//
// New returns an error for an unknown name (listing the valid ones), τ not finite and
// positive, or α, β not finite (a struct literal is not checked: its fields are the
// caller's responsibility). Eval and EvalLogits panic on a shape mismatch or a
// batch of n < 2 sources (programmer errors; callers validate the batch size, e.g.
// with feature.CheckBatchSize). Inputs are never modified.
package loss
