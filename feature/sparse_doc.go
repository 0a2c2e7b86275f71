// This file holds the math of the sparse feature space, kept apart from doc.go.
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
// simulate/loss/spectral.go, beyond docs/theory.md): with f_i ∈ R^d the embedding of
// state i, the population spectral contrastive loss is
//
//	L(f) = −2 Σ_ij c1_ij f_i·f_j + Σ_ij q_i q_j (f_i·f_j)²
//	     = ‖M − UUᵀ‖²_F − ‖M‖²_F,   U_i = √q_i f_i,   M = D^{-1/2} c1 D^{-1/2}, D = diag(q),
//
// so (Eckart–Young; M = CᵀC with C = diag(√π) A D^{-1/2} is positive semi-definite)
// its minimum over f is
// −Σ_{t<d} λ_t² with λ_0 = 1 ≥ λ_1 ≥ … the top eigenvalues of M, reached at
// f_i = (√λ_t v_ti/√q_i)_{t<d}; M√q = √q, so λ_0 = 1. Spectral computes these
// eigenpairs by thick-restart block Lanczos with full reorthogonalisation, applying
// M x = D^{-1/2} Aᵀ(π ⊙ A D^{-1/2} x) by two sparse products (c1 is never used), and
// stops when every wanted Ritz pair has ‖Mx − θx‖ ≤ Tol·max(|θ|, ε^{2/3}); for symmetric
// M this bounds the eigenvalue error by the same amount.

package feature
