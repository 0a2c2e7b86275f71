// Package nn holds the trainable models of docs/theory.md §5 with hand-written
// backpropagation. Every model keeps its parameters in ONE flat []float64 (Params)
// with a gradient of the same layout (Grad), so an optimiser (package optim) treats
// all models alike and updates Params in place.
//
// The three levels of docs/theory.md §5:
//
//  1. FreeLogits: the symmetric m×m state-pair logit matrix θ is the parameter;
//     the logit of an (anchor a, candidate b) pair is s_ab = θ[state(a)][state(b)].
//     Params is the packed upper triangle (m(m+1)/2 entries, row by row:
//     θ_00 θ_01 … θ_0,m−1 θ_11 … θ_m−1,m−1). Because θ_ij and θ_ji are the same
//     parameter, its gradient is ∂L/∂θ_ij = Σ_{(a,b): {rows[a],cols[b]} = {i,j}} ∂L/∂s_ab,
//     i.e. G_ij + G_ji off the diagonal and G_ii on it, where G is the gradient with
//     respect to an unconstrained full matrix. This is the exact gradient of L as a
//     function of the packed vector, so any optimiser keeps θ symmetric by construction.
//
//  2. Embedding: per-state vectors u_i ∈ R^d stored as an m×d row-major matrix;
//     Forward copies the state's row, z_a = u_{state(a)}, and Backward scatters
//     ∂L/∂u_i = Σ_{a: state(a)=i} ∂L/∂z_a. The losses (simulate/loss) normalise
//     embeddings, so u_i acts as the unit vector u_i/‖u_i‖. Init: standard normal.
//
//  3. MLP: widths w_0 → w_1 → … → w_L, layer l maps h ↦ h W_l + b_l with W_l stored
//     row-major as w_{l−1}×w_l (input index first, the transpose of PyTorch's
//     nn.Linear.weight), ReLU between layers and none at the output. Params layout:
//     W_1, b_1, W_2, b_2, …, W_L, b_L. Backpropagation of one layer with
//     g = ∂L/∂(h W + b) on a batch (rows):
//
//     ∂L/∂W = hᵀ g,   ∂L/∂b = Σ_rows g,   ∂L/∂h = g Wᵀ,
//
//     and through ReLU ∂L/∂pre = ∂L/∂h · 1[h > 0] (the derivative at 0 taken as 0, as
//     in PyTorch). Init as PyTorch's nn.Linear: every weight and bias uniform on
//     (−1/√fan_in, 1/√fan_in), drawn layer by layer, weights (row-major) then biases.
//
// Determinism and parallelism (MLP): the rows of a batch are split into at most 16
// chunks of at least 32 rows (chunking; the split depends on the number of rows only,
// never on the number of workers or GOMAXPROCS). Forward rows are independent; for
// Backward each chunk sums its parameter gradient into its own buffer, and the chunk
// sums are added to Grad in chunk order. So outputs and gradients are bitwise
// identical for any worker count (the Workers field; the rows run on
// internal/chunks, whose goroutines end with each call). The kernels are plain Go loops that
// interleave independent sums and do not branch on data; they benchmarked faster
// than gonum's Dgemm and asm axpy on these narrow (≤ 16-wide) layers.
//
// Buffers: Forward keeps what Backward needs (a copy of the input and the hidden
// activations) in internal buffers grown lazily; after the first call with the
// largest batch, Forward, Backward and ZeroGrad allocate nothing.
//
// Failure policy (gonum): constructors return an error naming a bad configuration value
// (a width or size < 1, too few widths, a non-finite init). Shape mismatches, state
// indices out of range, and Backward without a preceding Forward are programmer errors
// and panic. A dst passed to Forward or LogitsTo may be empty (zero-valued), in which
// case it is resized; otherwise it must have the right shape. Models are not safe for
// concurrent use.
package nn
