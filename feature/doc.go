// Package feature is the explicit finite feature space of theory.md §1–§4: a source
// law π over states S = {0,…,m−1} and an augmentation TPM A, with the pair statistics
// and every analytic target and criterion of the theory.
//
// Pair statistics (theory.md §1–§2):
//
//	q  = πA                          law of one view            (ViewMarginal)
//	c1 = Aᵀ diag(π) A = BᵀB, B = diag(√π)A   positive-pair joint  (PositiveJoint, by SYRK)
//	c2 = q qᵀ                         negative-pair joint        (NegativeJoint)
//	ρ  = c1 / c2 (entrywise)          density ratio              (DensityRatio)
//	I(V1;V2) = Σ_ij c1_ij log ρ_ij    mutual information, nats   (MutualInformation)
//
// Targets for n sources per batch (theory.md §4):
//
//	T1 = c1 / (c1 + (n−1) c2)                     InfoNCE            (InfoNCETarget)
//	T2 = α c1 / ((n−1) c2) − β/(n−1)              SC-InfoNCE         (SCTarget)
//	T2(1, 0) = c1 / ((n−1) c2)                    DCL                (DCLTarget)
//	p̃* = (α c1 − β c2) / ((n−1) c2 − c1)          decoupled SC fixed point (DecoupledSCFixedPoint)
//
// Criteria: Σ_j q_j T2_ij = (α−β)/(n−1) (WeightedRowSums), so T2 is attainable only on
// α − β = 1 (R1, Attainable); T2_ij < 0 iff β > α ρ_ij (NegativeTargetPairs); the
// collapsed configuration is stationary iff α ρ_ij ≥ 1 + β for every pair (R2, Collapses).
//
// Population (mean-field) objectives over state-pair logits s (population.go): the
// InfoNCE loss with the softmax denominator replaced by its conditional expectation,
//
//	L(s) = Σ_ij c1_ij [ log D_i(s) − s_ij ],  D_i(s) = Σ_l (c1_il/q_i + (n−1) q_l) e^{s_il},
//
// whose minimisers are exactly the logits with e^{s_ij}/D_i = T1_ij, and the SC-InfoNCE
// potential whose gradient is the expected SC gradient (the SC loss has a stop-gradient,
// so it is a vector field; on free logits it is the gradient of)
//
//	F(s) = Σ_ij (β c2_ij − α c1_ij) s_ij + Σ_i q_i log Σ_l q_l e^{s_il},
//
// with positive-pair probability P_ij = e^{s_ij} / ((n−1) Σ_l q_l e^{s_il}) (the decoupled
// normalisation) and stationary point P = T2 exactly. F(s + t) = F(s) + t(1 + β − α),
// which is R1 in potential form.
//
// Sparse spaces (sparsespace.go, docs/theory.md §1–§4): SparseSpace holds the same
// quantities for a markov.SparseTPM on the support of c1, {(i, j): c1_ij > 0}. c1 is
// computed row by row, c1_i· = Σ_k π_k A_ki A_k· over the sources k that reach i
// (Gustavson's sparse product over the rows of Aᵀ), in fixed row chunks, so results do
// not depend on the number of goroutines. ρ, T1 and T2 are *SparseSym values on that
// support: c1 = ρ = T1 = 0 off it (c1_ij = 0 ⇒ T1_ij = 0/(0 + (n−1)q_i q_j) = 0) and
// T2 = −β/(n−1) there (SparseSym.Off). Collapses checks αρ ≥ 1 + β on the support and,
// when some pair is off it, 0 ≥ 1 + β; RhoRange is over all pairs, SupportRhoRange over
// the support.
//
// Spectral optimum (spectral.go; HaoChen et al. 2021; the lab's loss is
// simulate/loss/spectral.go, beyond docs/theory.md): with f_i ∈ R^d the embedding of state i, the population spectral
// contrastive loss is
//
//	L(f) = −2 Σ_ij c1_ij f_i·f_j + Σ_ij q_i q_j (f_i·f_j)²
//	     = ‖M − UUᵀ‖²_F − ‖M‖²_F,   U_i = √q_i f_i,   M = D^{-1/2} c1 D^{-1/2}, D = diag(q),
//
// so (Eckart–Young; M = BᵀB-like, positive semi-definite) its minimum over f is
// −Σ_{t<d} λ_t² with λ_0 = 1 ≥ λ_1 ≥ … the top eigenvalues of M, reached at
// f_i = (√λ_t v_ti/√q_i)_{t<d}; M√q = √q, so λ_0 = 1. Spectral computes these
// eigenpairs by thick-restart block Lanczos with full reorthogonalisation, applying
// M x = D^{-1/2} Aᵀ(π ⊙ A D^{-1/2} x) by two sparse products (c1 is never used), and
// stops when every wanted Ritz pair has ‖Mx − θx‖ ≤ Tol·max(|θ|, ε^{2/3}); for symmetric
// M this bounds the eigenvalue error by the same amount.
//
// Failure policy (gonum): NewSpace returns an error naming any bad value, including a
// state that no view ever reaches (q_i = 0), for which ρ is undefined. The target
// methods with the fixed signatures of design.md panic on an invalid n, α or β, which
// callers check first with CheckBatchSize and CheckSCParams (or use Targets, which
// returns the same errors). Results are fresh copies; the Space is immutable.
package feature
