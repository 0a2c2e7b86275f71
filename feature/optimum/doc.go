// Package optimum computes the population optimum of the second model level of
// docs/theory.md §5: one unit embedding per state, u_i ∈ R^d, ‖u_i‖ = 1, with state-pair
// logits s_ij = cos(u_i, u_j)/τ = G_ij/τ, G = UUᵀ the Gram matrix. It minimises the
// mean-field population InfoNCE loss (feature.Space.InfoNCEPopulationLoss) or the
// SC-InfoNCE potential (feature.Space.SCPopulationPotential) over the embeddings and
// reports how far the optimal positive-pair probabilities are from the free-logit
// targets T1 and T2 (claim C29).
//
// Why T1 is not attained (C29). A free-logit minimiser has P = T1, i.e. e^{s_ij}/D_i =
// T1_ij, so s_ij = log T1_ij + b_i with one free shift b_i per row (the loss is
// invariant to adding a constant to a row of s). Unit embeddings force s symmetric
// with s_ii = 1/τ: then b_i = 1/τ − log T1_ii, and symmetry, log T1_ij + b_i =
// log T1_ji + b_j, needs every b_i equal, i.e. all T1_ii (equivalently all ρ_ii) equal.
// Unless they are, the optimum is a different matrix, which this package computes.
//
// τ-independence. A common shift of all logits is a row shift of every row, so the
// loss at (symmetric s, diagonal 1/τ) equals the loss at s − 1/τ, whose diagonal is 0.
// For d ≥ m every positive semi-definite unit-diagonal G is a Gram matrix of unit
// vectors, so while the constraint G ⪰ 0 is slack the optimum is s* = s₀* + 1/τ with
// s₀* the τ-free minimiser over symmetric zero-diagonal logits (a convex problem):
// the probabilities, hence the gap, do not depend on τ, and the cosines are affine in
// τ, G*(τ) = J + τ(G*(1) − J), J = 11ᵀ. Once that line leaves the elliptope, or when
// d < m (rank G ≤ d), the constraint binds and the gap depends on τ. The same holds for
// the SC potential on α − β = 1 (R1), where it is invariant to row shifts.
//
// Parametrisation and gradient. Each u_i = x_i/‖x_i‖ for an unconstrained x_i ∈ R^d.
// With g = ∂f/∂s from package feature, the chain rule through the symmetric use of G
// (G_ij = G_ji enters as s_ij and s_ji) and the normalisation gives
//
//	∂f/∂u_i = Σ_j (g_ij + g_ji)/τ · u_j,   ∂f/∂x_i = (I − u_i u_iᵀ) ∂f/∂u_i / ‖x_i‖.
//
// Convergence is judged on τ times the Riemannian gradient (I − u_i u_iᵀ)∂f/∂u_i — the
// gradient per unit of logit, which does not scale with τ — in the max norm.
//
// Memory. The objective and its gradient are evaluated a block of 64 anchor rows of
// logits at a time from c1 on its support (feature.Support; rowobjective.go): the
// gradient ∂f/∂u_i = Σ_j (g_ij + g_ji)/τ u_j needs g_ji, which row j's normaliser
// (log D_j or log Z_j, computed in a first pass) gives, so no m×m matrix is held and
// memory is O(m·d + nnz(c1)). The numbers are those of the m×m evaluation bit for bit
// (same operations, same order). InfoNCESparse searches a feature.SparseSpace and
// returns no m×m matrix; InfoNCE and SC still return the m×m Cosine and Prob.
//
// Search. Each restart r draws x_i uniformly on the sphere from PCG(Seed, r) and runs
// gonum's L-BFGS in rounds (each from unit rows with a fresh memory, absorbing the drift
// of ‖x_i‖ and line-search failures), then, if the tolerance is still missed, a
// gradient-only Riemannian Barzilai–Borwein polish: near the optimum L ≈ log(N−1)
// cannot resolve decreases below ε|L|, which stalls line searches at gradients near
// 1e-8. The converged restart of lowest objective is kept; ties keep the earlier one,
// so results depend only on the seed.
//
// Failure policy (gonum): invalid options return an error naming the value (Dim ≥ 1,
// finite τ > 0, N ≥ 2 by feature.CheckBatchSize, finite α and β by
// feature.CheckSCParams, non-negative Restarts, MaxIter and finite GradTol; zero
// selects the defaults). If no restart converges within MaxIter the best one is
// returned together with a *NotConvergedError wrapping ErrNotConverged; nothing loops
// unboundedly. Non-fatal findings (unconverged or disagreeing restarts, an
// unattainable or negative SC target, d = 1) are listed in Result.Warnings. Inputs are
// never modified.
package optimum
