// Package mnist is the random side of issue 13's construction: real MNIST images
// (feature/mnist) as the states of an explicit feature space, augmentations snapped to
// the nearest state as views, the TPM they induce estimated by Monte Carlo, and
// encoders trained on the state images' pixels.
//
// Augmentation (augment.go). A view of image x is
//
//	y = clamp₀¹( bilinear(x ∘ T) + σ ε ),  ε ~ N(0, I),
//
// where T maps output pixel offsets (u, v) from the image centre to input offsets
// R(φ)(u, v)/s + (tx, ty) (PyTorch's affine_grid/grid_sample with
// align_corners = false, zeros outside), φ ~ U(−r, r), s ~ U(s₀, s₁), tx, ty ~ U(−t, t).
//
// Snapping (snap.go). snap(y) = argmin_j ‖y − s_j‖² (ties to the smaller j), computed
// as ‖s_j‖² − 2 y·s_j by a blocked matrix product and re-ranked exactly within its
// rounding bound, so it equals the brute-force argmin.
//
// The augmentation TPM A_ki = P(snap(aug(s_k)) = i) (docs/theory.md §1) is estimated
// from R views per state: Â_ki = n_ki / R, with binomial standard error
// √(Â_ki(1 − Â_ki)/R) per entry (estimate.go). The error carries into every derived
// number (ρ, T1, I(V1;V2), gaps) by the bootstrap (bootstrap.go): each row's R views
// are resampled with replacement and the number recomputed; the spread over replicates
// is its standard error. A state no view reaches (q_i = 0) makes feature.NewSpace
// return a *feature.UnreachableError, labelled "image k (digit c)"; Reachable and
// Restrict reduce an estimate exactly to the states its views reach (restrict.go).
//
// Encoder (train.go, encoder.go). An MLP 784 → 256 → 64 (ReLU; simulate/nn's layout
// and initialisation) on the pixels of the snapped states, trained with any loss of
// the lab's registry (simulate.NewLoss) on batches of N sources drawn uniformly, two
// snapped views each, with Adam. KernelMLP computes nn.MLP's backpropagation
// (∂W = Hᵀ G, ∂b = Σ_rows G, ∂H = G Wᵀ through ReLU) on internal/kernels' AVX row
// kernels; the Trainer uses it when the widths allow (w_0 a multiple of 4, the others
// of 16) and nn.MLP otherwise.
//
// Measurements (measure.go), exact over the m states: the population positive-pair
// probability P_ij = e^{s_ij}/D_i (feature.Space.InfoNCEPopulationLoss) with
// s_ij = cos(f(x_i), f(x_j))/τ, its gap to T1 and its correlation with ρ; 1-NN and
// least-squares-probe accuracy and class-mean cosines.
//
// Large m (sparse.go, support.go). Space holds dense m×m matrices (Â, c1, c2), about
// 3.2 GB at m = 10 000; Estimate.SparseSpace builds feature.SparseSpace instead (c1 on
// its support, docs/theory.md §11). The pair measurements read c1 through
// feature.Support, which either space provides: SupportProb forms P on the support a
// block of anchor rows of logits at a time (optimum.SupportProb), SupportTargetGap and
// SupportRelGap compare it with T1 and with the level-2 optimum's P, and
// NearestNeighbourAccuracy and ClassCosine form the cosine matrix in blocks of rows, so
// memory is O(m·d + nnz(c1)). On a dense space these give the m×m route's numbers
// (PairProb, GapToTarget, RelGap) bit for bit, which the tests check.
//
// Determinism: every random draw comes from a PCG stream fixed by the seed and the
// index of the state (estimate) or view (training step), never by the goroutine, so
// results do not depend on the number of workers.
package mnist
