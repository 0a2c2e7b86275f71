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
// √(Â_ki(1 − Â_ki)/R) per entry (estimate.go).
package mnist
