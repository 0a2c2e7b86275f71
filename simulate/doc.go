// Package simulate holds all randomness of the lab: sampling batches from a feature
// space, Monte Carlo estimates, the contrastive losses with hand-written gradients,
// the three levels of model of docs/theory.md §5, optimisers, and training runs with
// replicates. Subpackages keep the rooms apart: sample (batches, alias tables,
// streams, Monte Carlo), loss (losses and gradients), nn (models and backprop), optim
// (optimisers and schedules). This package wires them into Train and Replicates and
// re-exports the loss entry points of docs/design.md (NewLoss, Loss, LossParams).
//
// A training step (docs/theory.md §1, §3, §5): draw N sources k ~ π and two views i, j ~
// A[k,·]; the model maps the views to logits S (free logits: S_ab = θ[i_a][j_b]) or
// to embeddings z1, z2 (S_ab = cos(z1_a, z2_b)/τ); the loss's gradient flows back to
// the parameters; the optimiser steps with the schedule's learning rate.
//
// What is measured (docs/theory.md §6), every RecordEvery steps on the current batch:
//
//   - the positive-pair probability by state pair: for each anchor a, the probability
//     its loss assigns to its own positive, averaged over anchors whose (view-1, view-2)
//     states are (i, j), in the normalisation of loss.DecoupledNormalisation: the
//     softmax with the positive included for infonce, ntxent and scinfonce, the
//     decoupled exp S_aa / Σ_{b≠a} exp S_ab for dcl and scinfonce-decoupled. Its
//     mean-field target is TargetFor's: T1, T2(α, β), T2(1, 0), and the decoupled fixed
//     point p̃* respectively.
//   - for embedding models, on the 2N views of the batch: the reference code's
//     metric_fn (row softmax of cos/τ over all views, self included, averaged by state
//     pair) and conver_target (mean cosine by state pair, self pairs included), the
//     class-mean cosine ⟨μ_i, μ_j⟩/(‖μ_i‖‖μ_j‖) of the normalised embeddings, the
//     within-class spread 1 − ‖μ_i‖² (the mean squared distance of a unit embedding to
//     its class mean), and the effective rank exp(H(σ/Σσ)) of the embedding matrix
//     (Roy & Vetterli 2007).
//
// Determinism: a run's randomness comes from streams derived from (Seed, replicate)
// (sample.Stream), so results do not depend on the number of goroutines.
// Failure policy: a bad configuration is an error naming the field and value; a loss
// that turns NaN or infinite stops the run with an error naming the step.
package simulate
