// Package gin is the encoder of the paper's own synthetic experiment (the reference
// recipe of docs/theory.md §7): a graph isomorphism network with hand-written
// backpropagation, on the masked graphs of package simulate/graph.
//
// Forward, for one graph with kept nodes K, neighbours N(i) ∩ K and features x_i:
//
//	h1_i = ReLU(W1ᵀ(x_i  + Σ_{j∈N(i)} x_j)  + b1)    FeatDim → Hidden   (GINConv, ε = 0)
//	h2_i = ReLU(W2ᵀ(h1_i + Σ_{j∈N(i)} h1_j) + b2)    Hidden → Hidden    (GINConv, ε = 0)
//	g    = (1/|K|) Σ_{i∈K} h2_i                       global mean pool
//	z    = W4ᵀ ReLU(W3ᵀ g + b3) + b4                  head Hidden → Hidden → Proj
//
// Weights are stored row-major as in×out (input index first, the transpose of PyTorch's
// nn.Linear.weight); Params = W1, b1, W2, b2, W3, b3, W4, b4. Init as PyTorch's
// nn.Linear: every weight and bias of a layer uniform on (−1/√fan_in, 1/√fan_in).
//
// Layer 1 is linear before its ReLU, so its pre-activation is computed as
// XW_i + Σ_j XW_j + b1 with XW = X_c W1 computed once per base graph c and step; the
// same holds for layer 2 with Y = h1 W2 per node. Backward (δ = ∂L/∂pre-activation,
// 1[·] the ReLU mask, derivative 0 at 0 as in PyTorch):
//
//	δz → ∂W4 += aᵀδz, ∂b4 += δz, δa = (δz W4ᵀ)·1[a>0], ∂W3 += gᵀδa, ∂b3 += δa, δg = δa W3ᵀ
//	δ2_i = (δg/|K|)·1[h2_i>0], ∂b2 += Σ δ2_i, δY_i = δ2_i + Σ_{j∈N(i)} δ2_j
//	∂W2 += Σ h1_iᵀ δY_i, δ1_i = (δY_i W2ᵀ)·1[h1_i>0], ∂b1 += Σ δ1_i
//	D_c[i] += δ1_i + Σ_{j∈N(i)} δ1_j (graphs of base state c),  ∂W1 = Σ_c X_cᵀ D_c
//
// (the adjacency of a masked graph is symmetric, so the transpose in δY = Aᵀδ2 is A).
//
// Determinism: a batch is split into chunks of chunkGraphs graphs (the split depends on
// the batch size only); each chunk accumulates its gradient in its own buffer and the
// buffers are added in chunk order, so outputs and gradients are bitwise identical for
// any Workers. Parallelism goes through internal/chunks.For.
package gin
